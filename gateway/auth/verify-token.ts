import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { KuaibanError, ErrorCode } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import { READ_SCOPES } from "../../lib/access/scopes";

export interface TokenVerifierOptions {
  /** The hub's issuer URL, exactly as in its discovery document. */
  issuer: string;
  /** The gateway's resource indicator (the hub's `AUTH_API_AUDIENCE`, default `urn:kuaiban:gateway`). */
  audience: string;
  /** The hub's JWKS endpoint (default `<issuer>/jwks`). */
  jwksUrl?: string;
  /** Alternatively a key resolver (tests, or a local JWK Set). */
  keys?: JWTVerifyGetKey;
  /** Allowed clock difference between hub and gateway. */
  clockToleranceSec?: number;
  /**
   * Optional check that the token's grant was not revoked since it was issued (authorization-code
   * replay, logout). One store read per request; leave it out to stay fully offline.
   */
  isGrantRevoked?: (grantId: string) => Promise<boolean>;
  /**
   * How many verified tokens to remember (0 turns it off). A user's portal sends the same token on
   * every request until it expires; a token is immutable, so once its signature checked out only
   * its expiry (and revocation, when asked) needs checking again. A forged token is a different
   * string and never hits.
   */
  cacheSize?: number;
}

const unauthenticated = (reason: string) => new KuaibanError(ErrorCode.UNAUTHENTICATED, "The access token is missing, invalid or expired", { reason });

const readScopes = new Set<string>(READ_SCOPES);

/**
 * The principal a hub access token stands for; anything malformed is refused.
 *
 * A user's token (authorization code) carries `kind` citizen/employer/staff with `id_number`,
 * `credit_code` or `roles`/`agency`/`region`. A partner's token (client_credentials, RFC 9068)
 * carries `kind: "partner"`, `department`, the granted `scope` (space-separated), optionally
 * `rate_per_minute`, and `sub` equal to `client_id`: a token issued for a user never has that, so
 * no user token can pass as a partner's.
 */
export function principalFromClaims(claims: JWTPayload): Principal {
  const subject = claims.sub;
  if (typeof subject !== "string" || !subject) throw unauthenticated("NO_SUBJECT");
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  switch (claims.kind) {
    case "citizen": {
      const idNumber = str(claims.id_number);
      if (!idNumber) break;
      return { kind: "citizen", subject, idNumber };
    }
    case "employer": {
      const creditCode = str(claims.credit_code);
      if (!creditCode) break;
      return { kind: "employer", subject, creditCode };
    }
    case "staff": {
      const agency = str(claims.agency);
      const region = str(claims.region);
      const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
      if (!agency || !region) break;
      return { kind: "staff", subject, roles, agency, region };
    }
    case "partner": {
      const clientId = str(claims.client_id);
      const department = str(claims.department);
      if (!clientId || clientId !== subject || !department) break;
      // only the read scopes mean anything at the gateway; anything else in `scope` is ignored
      const scopes = [...new Set(String(claims.scope ?? "").split(" ").filter((s) => readScopes.has(s)))];
      const rate = claims.rate_per_minute;
      return {
        kind: "partner", subject: `client:${clientId}`, clientId, department, scopes,
        ...(typeof rate === "number" && Number.isInteger(rate) && rate > 0 ? { ratePerMinute: rate } : {}),
      };
    }
  }
  throw unauthenticated("NO_PRINCIPAL_CLAIMS");
}

/**
 * Verifies hub access tokens (JWT: signature against the hub's JWKS, issuer, audience, expiry) and
 * returns the principal. The key set is fetched once and cached by jose (refetched only for an
 * unknown key id, at most every 30 s), so a check is CPU only: no network per request.
 */
export function createTokenVerifier(opts: TokenVerifierOptions): (bearerToken: string | undefined | null) => Promise<Principal> {
  const keys = opts.keys ?? createRemoteJWKSet(new URL(opts.jwksUrl ?? `${opts.issuer.replace(/\/$/, "")}/jwks`), {
    cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 2_000,
  });
  const verifyOpts = {
    issuer: opts.issuer,
    audience: opts.audience,
    algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
    // RFC 9068 access tokens; oidc-provider marks them so an ID token cannot pass as one
    typ: "at+jwt",
    clockTolerance: opts.clockToleranceSec ?? 5,
    requiredClaims: ["exp", "iat", "sub"],
  };
  const cacheSize = opts.cacheSize ?? 10_000;
  const verified = new Map<string, { principal: Principal; exp: number; gid?: string }>();
  const tolerance = verifyOpts.clockTolerance;

  const checkRevoked = async (gid: unknown) => {
    if (opts.isGrantRevoked && typeof gid === "string" && (await opts.isGrantRevoked(gid))) throw unauthenticated("REVOKED");
  };

  return async (bearerToken) => {
    let token = (bearerToken ?? "").trim();
    if (/^bearer\s+/i.test(token)) token = token.replace(/^bearer\s+/i, "");
    if (!token) throw unauthenticated("MISSING");
    const hit = verified.get(token);
    if (hit) {
      if (Date.now() / 1000 >= hit.exp + tolerance) {
        verified.delete(token);
        throw unauthenticated("EXPIRED");
      }
      await checkRevoked(hit.gid);
      return { ...hit.principal } as Principal;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, verifyOpts));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated("EXPIRED");
      if (err instanceof joseErrors.JWKSTimeout || (err as { code?: string }).code === "ERR_JWKS_TIMEOUT") {
        throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, "The sign-in service's keys could not be fetched", { system: "auth" });
      }
      throw unauthenticated("INVALID");
    }
    await checkRevoked(payload.gid);
    const principal = principalFromClaims(payload);
    if (cacheSize > 0) {
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!); // oldest first
      verified.set(token, { principal, exp: payload.exp!, gid: typeof payload.gid === "string" ? payload.gid : undefined });
    }
    return { ...principal } as Principal;
  };
}

/** `isGrantRevoked` over the shared store, matching the hub's revocation marks. */
export function storeGrantRevocation(store: { get(key: string): Promise<string | null> }, prefix = "kb:auth") {
  return async (grantId: string) => (await store.get(`${prefix}:revoked-grant:${grantId}`)) !== null;
}
