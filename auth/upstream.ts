import * as client from "openid-client";
import { randomUUID } from "node:crypto";
import type { Store } from "../lib/store";
import { checkIdNumber } from "../schema/scalars";

/**
 * The national government-service platform (国家政务服务平台) as an upstream OpenID provider: the
 * hub is its client. What the platform vouches for is the person's resident ID number, which links
 * them to a citizen account here.
 */
export interface UpstreamOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The hub's callback, registered exactly at the platform. */
  redirectUri: string;
}

export interface UpstreamIdentity {
  /** The hub interaction this sign-in belongs to. */
  uid: string;
  idNumber: string;
  name: string;
}

export class UpstreamError extends Error {
  constructor(readonly code: "UPSTREAM_UNAVAILABLE" | "UPSTREAM_REJECTED" | "UPSTREAM_STATE_UNKNOWN", message: string) { super(message); }
}

export function createUpstream(store: Store, opts: UpstreamOptions, prefix = "kb:auth") {
  let config: Promise<client.Configuration> | undefined;
  // Discovered on first use, so the hub starts (and keeps working for passwords) while the
  // platform is unreachable.
  const configuration = () => {
    config ??= client.discovery(new URL(opts.issuer), opts.clientId, undefined, client.ClientSecretBasic(opts.clientSecret), {
      execute: opts.issuer.startsWith("http:") ? [client.allowInsecureRequests] : [],
    }).catch((err: unknown) => { config = undefined; throw err; });
    return config;
  };
  const stateKey = (state: string) => `${prefix}:upstream-state:${state}`;

  return {
    /** Where to send the browser; the PKCE verifier and nonce wait in the store under the state. */
    async start(uid: string): Promise<URL> {
      let cfg: client.Configuration;
      try { cfg = await configuration(); } catch { throw new UpstreamError("UPSTREAM_UNAVAILABLE", "national platform unreachable"); }
      const verifier = client.randomPKCECodeVerifier();
      const state = randomUUID();
      const nonce = client.randomNonce();
      await store.set(stateKey(state), JSON.stringify({ uid, verifier, nonce }), { ttlMs: 10 * 60_000 });
      return client.buildAuthorizationUrl(cfg, {
        redirect_uri: opts.redirectUri, scope: "openid profile", state, nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
      });
    },

    async finish(currentUrl: URL): Promise<UpstreamIdentity> {
      const state = currentUrl.searchParams.get("state") ?? "";
      const saved = await store.get(stateKey(state));
      if (!saved) throw new UpstreamError("UPSTREAM_STATE_UNKNOWN", "unknown or used state");
      await store.del(stateKey(state)); // one use only
      const { uid, verifier, nonce } = JSON.parse(saved) as { uid: string; verifier: string; nonce: string };
      let claims: client.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(await configuration(), currentUrl, {
          pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (err) {
        throw new UpstreamError("UPSTREAM_REJECTED", `national platform sign-in failed: ${(err as Error).message}`);
      }
      const idNumber = String(claims?.id_number ?? "");
      if (!checkIdNumber(idNumber).ok) throw new UpstreamError("UPSTREAM_REJECTED", "national platform returned no valid ID number");
      return { uid, idNumber, name: String(claims?.name ?? "") };
    },
  };
}
export type Upstream = ReturnType<typeof createUpstream>;
