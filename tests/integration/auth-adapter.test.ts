import { randomUUID } from "node:crypto";
import { afterAll, describe } from "vitest";
import { adapterContract } from "../../auth/adapter.contract";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
const prefix = `kb:test:${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

describe("store adapter for oidc-provider (Redis)", () => {
  adapterContract(store, prefix);
});
