import type { SubschemaConfig } from "@graphql-tools/delegate";
import type { Store } from "../lib/store";
import { apiKeysSchema } from "./api-keys/schema";
import type { ApiKeyStore } from "./api-keys/store";
import { dataAccessSchema } from "./data-access.schema";

/**
 * The gateway's own fields, stitched beside the subgraphs and run in its process: partner keys
 * (admin) and who read whose data (citizens, auditors). Their resolvers decide access themselves.
 */
export function ownSubschemas(store: Store, keys?: ApiKeyStore): SubschemaConfig[] {
  return [
    { name: "api-keys", schema: apiKeysSchema({ store, keys }) },
    { name: "data-access", schema: dataAccessSchema({ store }) },
  ];
}
