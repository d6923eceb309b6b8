import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../../lib/errors";
import { createTokenVerifier } from "./verify-token";

const issuer = "https://auth.example.test";
const audience = "urn:kuaiban:gateway";
let privateKey: CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
});

const citizenClaims = { kind: "citizen", id_number: "11010519491231002X" };

function token(claims: Record<string, unknown> = citizenClaims, opts: { exp?: string | number; aud?: string; iss?: string; typ?: string; key?: CryptoKey; sub?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "k1", typ: opts.typ ?? "at+jwt" })
    .setSubject(opts.sub ?? "acc_1").setIssuer(opts.iss ?? issuer).setAudience(opts.aud ?? audience)
    .setIssuedAt().setExpirationTime(opts.exp ?? "10m")
    .sign(opts.key ?? privateKey);
}

const verifier = () => createTokenVerifier({ issuer, audience, keys: createLocalJWKSet({ keys: [publicJwk] }) });

async function rejection(p: Promise<unknown>) {
  try { await p; } catch (err) { return { code: codeOf(err), reason: (err as { extensions?: { reason?: string } }).extensions?.reason }; }
  throw new Error("expected a rejection");
}

describe("createTokenVerifier", () => {
  it("turns a valid token into the principal it stands for", async () => {
    const verify = verifier();
    expect(await verify(await token())).toEqual({ kind: "citizen", subject: "acc_1", idNumber: "11010519491231002X" });
    expect(await verify(`Bearer ${await token({ kind: "staff", roles: ["operator"], agency: "employment", region: "太原市" })}`))
      .toEqual({ kind: "staff", subject: "acc_1", roles: ["operator"], agency: "employment", region: "太原市" });
    expect(await verify(await token({ kind: "employer", credit_code: "91140100MA0L000000" })))
      .toEqual({ kind: "employer", subject: "acc_1", creditCode: "91140100MA0L000000" });
  });

  it("maps the demo roles' staff tokens: clerk, supervisor, auditor", async () => {
    const verify = verifier();
    for (const [roles, agency, region] of [[["clerk"], "window", "太原市"], [["supervisor"], "conduct-office", "省本级"], [["auditor"], "audit-office", "省本级"]] as const) {
      expect(await verify(await token({ kind: "staff", roles, agency, region })))
        .toEqual({ kind: "staff", subject: "acc_1", roles, agency, region });
    }
  });

  it("maps a partner's client_credentials token to a partner principal with its granted read scopes", async () => {
    const verify = verifier();
    const claims = { kind: "partner", client_id: "partner-demo", department: "省医疗保障局", scope: "person:read insurance:read", rate_per_minute: 120 };
    expect(await verify(await token(claims, { sub: "partner-demo" }))).toEqual({
      kind: "partner", subject: "client:partner-demo", clientId: "partner-demo", department: "省医疗保障局",
      scopes: ["person:read", "insurance:read"], ratePerMinute: 120,
    });
    // scopes the gateway does not know are dropped, not granted
    expect((await verify(await token({ ...claims, scope: "person:read admin:all", rate_per_minute: undefined }, { sub: "partner-demo" }))))
      .toEqual({ kind: "partner", subject: "client:partner-demo", clientId: "partner-demo", department: "省医疗保障局", scopes: ["person:read"] });
  });

  it("refuses a partner claim on a token that was issued for a user, or without a department", async () => {
    const claims = { kind: "partner", client_id: "partner-demo", department: "省医疗保障局", scope: "pii:read" };
    // a user's token: its subject is the account, not the client
    expect(await rejection(verifier()(await token(claims)))).toEqual({ code: "UNAUTHENTICATED", reason: "NO_PRINCIPAL_CLAIMS" });
    expect(await rejection(verifier()(await token({ ...claims, department: "" }, { sub: "partner-demo" })))).toEqual({ code: "UNAUTHENTICATED", reason: "NO_PRINCIPAL_CLAIMS" });
  });

  it("refuses a missing token", async () => {
    expect(await rejection(verifier()(undefined))).toEqual({ code: "UNAUTHENTICATED", reason: "MISSING" });
    expect((await rejection(verifier()("Bearer "))).code).toBe("UNAUTHENTICATED");
  });

  it("refuses a tampered token", async () => {
    const [h, p, s] = (await token()).split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), id_number: "110105194912310029" })).toString("base64url");
    expect(await rejection(verifier()(`${h}.${forged}.${s}`))).toEqual({ code: "UNAUTHENTICATED", reason: "INVALID" });
  });

  it("refuses an expired token", async () => {
    const expired = await token(citizenClaims, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await rejection(verifier()(expired))).toEqual({ code: "UNAUTHENTICATED", reason: "EXPIRED" });
  });

  it("refuses another issuer, another audience, another key, and an ID token posing as an access token", async () => {
    const other = await generateKeyPair("RS256");
    for (const bad of [
      await token(citizenClaims, { iss: "https://evil.example" }),
      await token(citizenClaims, { aud: "portal-service-hall" }),
      await token(citizenClaims, { key: other.privateKey }),
      await token(citizenClaims, { typ: "JWT" }),
    ]) expect((await rejection(verifier()(bad))).code).toBe("UNAUTHENTICATED");
  });

  it("refuses a token without the claims a principal needs", async () => {
    expect(await rejection(verifier()(await token({ kind: "citizen" })))).toEqual({ code: "UNAUTHENTICATED", reason: "NO_PRINCIPAL_CLAIMS" });
  });

  it("refuses a token whose grant was revoked, when asked to check", async () => {
    const verify = createTokenVerifier({ issuer, audience, keys: createLocalJWKSet({ keys: [publicJwk] }), isGrantRevoked: async (gid) => gid === "g-revoked" });
    expect((await rejection(verify(await token({ ...citizenClaims, gid: "g-revoked" })))).reason).toBe("REVOKED");
    expect((await verify(await token({ ...citizenClaims, gid: "g-fine" }))).kind).toBe("citizen");
  });

  describe("with the hub's JWKS endpoint", () => {
    let fetches = 0;
    let url = "";
    const server = createServer((_req, res) => { fetches++; res.setHeader("content-type", "application/json"); res.end(JSON.stringify({ keys: [publicJwk] })); });
    beforeAll(async () => { await new Promise<void>((r) => server.listen(0, "127.0.0.1", r)); url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`; });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("fetches the key set once, not per request", async () => {
      const verify = createTokenVerifier({ issuer, audience, jwksUrl: url });
      const t = await token();
      for (let i = 0; i < 50; i++) await verify(t);
      expect(fetches).toBe(1);
    });
  });
});

describe("verified-token cache", () => {
  it("still refuses a cached token once it expires, and never serves a forged variant", async () => {
    const verify = createTokenVerifier({ issuer, audience, keys: createLocalJWKSet({ keys: [publicJwk] }), clockToleranceSec: 0 });
    const shortLived = await token(citizenClaims, { exp: Math.floor(Date.now() / 1000) + 1 });
    expect((await verify(shortLived)).kind).toBe("citizen");
    const [h, p, s] = shortLived.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), kind: "staff", agency: "x", region: "y" })).toString("base64url")}.${s}`;
    expect((await rejection(verify(forged))).code).toBe("UNAUTHENTICATED");
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await rejection(verify(shortLived))).toEqual({ code: "UNAUTHENTICATED", reason: "EXPIRED" });
  });

  it("hands out copies, so a caller changing its principal changes nobody else's", async () => {
    const verify = verifier();
    const t = await token();
    const first = await verify(t);
    (first as { idNumber: string }).idNumber = "tampered";
    expect((await verify(t) as { idNumber: string }).idNumber).toBe("11010519491231002X");
  });
});
