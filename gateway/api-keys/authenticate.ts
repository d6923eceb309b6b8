import { unauthenticated } from "../../lib/errors";
import type { Authenticate } from "..";
import type { ApiKeyStore, RefusalReason } from "./store";

/** The gateway's `Authenticate`: undefined = no credential of this kind; throws for a bad one. */
export type Authenticator = Authenticate;

export const API_KEY_HEADER = "x-api-key";

const messages: Record<RefusalReason, string> = {
  unknown: "The API key is not valid",
  revoked: "The API key has been revoked",
  expired: "The API key has expired",
  rotated: "The API key was replaced and its grace period has ended; use the new key",
};

/**
 * Reads a partner department's `X-API-Key`. No header: undefined, so another authenticator (or
 * anonymous access) decides. A key that is unknown, revoked, expired or rotated past its grace:
 * UNAUTHENTICATED. A valid key: the partner principal with the key's scopes and rate.
 */
export function apiKeyAuthenticate(keys: ApiKeyStore): Authenticator {
  return async (headers) => {
    const raw = headers[API_KEY_HEADER];
    if (raw === undefined) return undefined;
    if (typeof raw !== "string" || !raw.trim()) throw unauthenticated("Send exactly one X-API-Key");
    const check = await keys.check(raw.trim());
    if (!check.ok) throw unauthenticated(messages[check.reason]);
    const { id, department, scopes, ratePerMinute } = check.record;
    return { kind: "partner", subject: `apikey:${id}`, department, scopes: [...scopes], keyId: id, ratePerMinute };
  };
}

/**
 * Tries each authenticator in order: the first principal wins; a throw (a credential that is
 * present but bad) is final, so a bad key never falls through to anonymous access.
 */
export function combineAuthenticators(...authenticators: Authenticator[]): Authenticator {
  return async (headers) => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(headers);
      if (principal) return principal;
    }
    return undefined;
  };
}
