import type { ClientMetadata } from "oidc-provider";
import { z } from "zod";
import { READ_SCOPES, type Scope } from "../lib/access/scopes";
import { clientIdSchema, clientSecretSchema } from "./clients";
import { parseEnvList } from "./env-list";

/**
 * Partner departments that speak OAuth: confidential clients of the hub with the
 * `client_credentials` grant only. Each is registered with its department and the read scopes it
 * may ask for; its access tokens are JWTs for the gateway carrying the granted scopes and the
 * department.
 *
 * The registry lives in process memory (oidc-provider's static clients), built at start from
 * `AUTH_PARTNER_CLIENTS`; nothing of it, secrets least of all, is written to the store.
 */
export interface PartnerClient {
  clientId: string;
  clientSecret: string;
  /** The department, as the audit and the citizen's data tracker name it (e.g. 省医疗保障局). */
  department: string;
  /** The most a token may carry; a request asks for some or all of them. */
  scopes: Scope[];
  /** The partner's own rate limit at the gateway (requests per minute). */
  ratePerMinute?: number;
}

/** What the hub keeps of a partner beyond oidc-provider's client record: no secret. */
export type PartnerInfo = Omit<PartnerClient, "clientSecret">;

export const PARTNER_DEMO_CLIENT_ID = "partner-demo";

const partnerSchema = z.object({
  clientId: clientIdSchema,
  clientSecret: clientSecretSchema,
  department: z.string().trim().min(1).max(64),
  scopes: z.array(z.enum(READ_SCOPES)).min(1),
  ratePerMinute: z.number().int().positive().optional(),
}).strict();

/**
 * Partner clients from a JSON list (`AUTH_PARTNER_CLIENTS`):
 * `[{"clientId":"…","clientSecret":"…","department":"…","scopes":["person:read"],"ratePerMinute":60}]`.
 * Ids taken twice, here or by a portal, are refused where all clients are registered (`startAuth`).
 */
export function parsePartnerClients(raw: string | undefined): PartnerClient[] {
  return parseEnvList("AUTH_PARTNER_CLIENTS", raw, partnerSchema) ?? [];
}

export const partnersFromEnv = () => parsePartnerClients(process.env.AUTH_PARTNER_CLIENTS);

/** A partner as an oidc-provider client: client_credentials only, no redirects, its scopes as the allow-list. */
export function partnerClient(p: PartnerClient): ClientMetadata {
  return {
    client_id: p.clientId,
    client_secret: p.clientSecret,
    client_name: p.department,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "client_secret_basic",
    scope: p.scopes.join(" "),
  };
}
