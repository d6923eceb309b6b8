import type { Principal } from "../../lib/principal";
import { defaults, envString } from "../../lib/config";
import type { Store } from "../../lib/store";
import { createTokenVerifier, storeGrantRevocation, type TokenVerifierOptions } from "./verify-token";

type Headers = Record<string, string | string[] | undefined>;

/**
 * The gateway's `authenticate` for hub access tokens: no Authorization header → anonymous
 * (undefined); a Bearer token → its principal, or UNAUTHENTICATED when the token is bad. Other
 * schemes (partner API keys) are left to the next authenticator in `fallback`.
 */
export function hubBearerAuthenticate(
  opts: TokenVerifierOptions,
  fallback?: (headers: Headers) => Promise<Principal | undefined>,
): (headers: Headers) => Promise<Principal | undefined> {
  const verify = createTokenVerifier(opts);
  return async (headers) => {
    const raw = headers.authorization;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value && /^bearer\s/i.test(value)) return verify(value);
    return fallback ? fallback(headers) : undefined;
  };
}

/**
 * The gateway's authentication as configured from the environment: hub access tokens from
 * `AUTH_ISSUER` (default: the development hub), audience `AUTH_API_AUDIENCE`, with revoked grants
 * (code replay, logout) refused at once through the shared store.
 */
export function gatewayAuthenticate(store: Store): (headers: Headers) => Promise<Principal | undefined> {
  return hubBearerAuthenticate({
    issuer: envString("AUTH_ISSUER", `http://${defaults.host}:${defaults.ports.auth}`),
    audience: envString("AUTH_API_AUDIENCE", "urn:kuaiban:gateway"),
    isGrantRevoked: storeGrantRevocation(store),
  });
}
