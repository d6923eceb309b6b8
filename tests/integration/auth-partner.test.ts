import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuth, type PartnerClient } from "../../auth";
import { loadHubKeys } from "../../auth/keys";
import { createTokenVerifier } from "../../gateway/auth/verify-token";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
const prefix = `kb:test:${randomUUID().slice(0, 8)}`;
const partner: PartnerClient = {
  clientId: "partner-yibao", clientSecret: `s-${randomUUID()}-${randomUUID()}`, department: "省医疗保障局",
  scopes: ["person:read", "insurance:read"], ratePerMinute: 30,
};
let hub: Awaited<ReturnType<typeof startAuth>>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kb-partner-"));
  hub = await startAuth({
    store, port: 0, keys: loadHubKeys(dataDir), settings: { dataDir }, upstream: false, seedDemo: false, partners: [partner],
    prefix: `${prefix}:auth`, auditStream: `${prefix}:audit`,
    portals: [{ clientId: "portal-service-hall", clientName: "网上服务大厅", url: "http://127.0.0.1:9", clientSecret: "portal-secret" }],
  });
});
afterAll(async () => {
  await hub?.close();
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

async function clientCredentials(url: string, id: string, secret: string, scope?: string) {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", ...(scope !== undefined ? { scope } : {}) }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string | number> };
}

describe("partner departments with the client_credentials grant", () => {
  it("issues a gateway token with the requested scopes and the department, which the gateway maps to a partner", async () => {
    const res = await clientCredentials(hub.url, partner.clientId, partner.clientSecret, "person:read");
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe("Bearer");
    expect(res.body.scope).toBe("person:read");
    const claims = decodeJwt(String(res.body.access_token));
    expect(claims).toMatchObject({
      aud: "urn:kuaiban:gateway", iss: hub.url, sub: partner.clientId, client_id: partner.clientId,
      kind: "partner", department: "省医疗保障局", scope: "person:read", rate_per_minute: 30,
    });
    const verify = createTokenVerifier({ issuer: hub.url, audience: "urn:kuaiban:gateway" });
    expect(await verify(String(res.body.access_token))).toEqual({
      kind: "partner", subject: `client:${partner.clientId}`, clientId: partner.clientId, department: "省医疗保障局",
      scopes: ["person:read"], ratePerMinute: 30,
    });
    const both = await clientCredentials(hub.url, partner.clientId, partner.clientSecret, "person:read insurance:read");
    expect(both.status).toBe(200);
    expect((await verify(String(both.body.access_token)) as { scopes: string[] }).scopes.sort()).toEqual(["insurance:read", "person:read"]);
  });

  it("refuses a scope the partner is not registered for with invalid_scope, and issues nothing", async () => {
    for (const scope of ["pii:read", "person:read archive:read", "admin", "openid", ""]) {
      const res = await clientCredentials(hub.url, partner.clientId, partner.clientSecret, scope);
      expect(res.status, scope).toBe(400);
      expect(res.body.error, scope).toBe("invalid_scope");
      expect(res.body.access_token).toBeUndefined();
    }
    expect((await clientCredentials(hub.url, partner.clientId, partner.clientSecret)).body.error).toBe("invalid_scope");
  });

  it("refuses a wrong secret, and the grant for a portal", async () => {
    expect((await clientCredentials(hub.url, partner.clientId, "wrong")).body.error).toBe("invalid_client");
    const portal = await clientCredentials(hub.url, "portal-service-hall", "portal-secret", "person:read");
    expect(portal.status).toBe(400);
    expect(portal.body.access_token).toBeUndefined();
  });

  it("records who got which scopes, and who was refused, in the audit trail", async () => {
    const { recordsOf } = await import("../../lib/audit");
    const records = recordsOf(await store.xrange(`${prefix}:audit`));
    const issued = records.filter((r) => r.action === "partner.token" && r.actor === `client:${partner.clientId}`);
    expect(issued.map((r) => r.detail?.reason)).toEqual(expect.arrayContaining(["person:read", "person:read insurance:read"]));
    const refused = records.filter((r) => r.action === "partner.refused");
    expect(refused.some((r) => r.detail?.reason === "invalid_scope" && r.outcome === "denied")).toBe(true);
    expect(refused.some((r) => r.detail?.reason === "invalid_client")).toBe(true);
    expect(JSON.stringify(records)).not.toContain(partner.clientSecret);
  });

  it("writes no client secret to the store", async () => {
    await clientCredentials(hub.url, partner.clientId, partner.clientSecret, "person:read");
    const redis = store.redis!;
    for (const key of await store.keys(`${prefix}:*`)) {
      const type = await redis.type(key);
      const value = type === "string" ? await redis.get(key) : type === "hash" ? JSON.stringify(await redis.hgetall(key)) : type === "stream" ? JSON.stringify(await redis.xrange(key, "-", "+")) : "";
      expect(value ?? "").not.toContain(partner.clientSecret);
    }
  });

  it("takes partners from AUTH_PARTNER_CLIENTS, and seeds the demo partner in development with its secret in the credentials file", async () => {
    const fromEnv = { clientId: "partner-env", clientSecret: "e".repeat(40), department: "省公安厅", scopes: ["person:read"] };
    process.env.AUTH_PARTNER_CLIENTS = JSON.stringify([fromEnv]);
    const dataDir = mkdtempSync(join(tmpdir(), "kb-partner-demo-"));
    const other = await startAuth({
      store, port: 0, keys: loadHubKeys(dataDir), settings: { dataDir }, upstream: false,
      prefix: `${prefix}:auth2`, auditStream: `${prefix}:audit2`,
      portals: [{ clientId: "portal-service-hall", clientName: "网上服务大厅", url: "http://127.0.0.1:9", clientSecret: "portal-secret" }],
    });
    try {
      const env = await clientCredentials(other.url, fromEnv.clientId, fromEnv.clientSecret, "person:read");
      expect(decodeJwt(String(env.body.access_token))).toMatchObject({ kind: "partner", department: "省公安厅" });
      const demo = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")).partnerClients[0];
      const res = await clientCredentials(other.url, demo.clientId, demo.clientSecret, "person:read insurance:read");
      expect(res.status).toBe(200);
      expect(decodeJwt(String(res.body.access_token))).toMatchObject({ client_id: "partner-demo", department: "省医疗保障局", scope: "person:read insurance:read" });
    } finally {
      delete process.env.AUTH_PARTNER_CLIENTS;
      await other.close();
    }
  });

  it("refuses a malformed AUTH_PARTNER_CLIENTS at start, naming the field and not the secret", async () => {
    process.env.AUTH_PARTNER_CLIENTS = JSON.stringify([{ clientId: "p-bad", clientSecret: "short-secret-value", department: "x", scopes: ["person:read"] }]);
    try {
      const err = await startAuth({ store, port: 0, keys: loadHubKeys(mkdtempSync(join(tmpdir(), "kb-p-"))), upstream: false, seedDemo: false, prefix: `${prefix}:auth3`, portals: [] }).then(() => undefined, (e: Error) => e);
      expect(err?.message).toMatch(/AUTH_PARTNER_CLIENTS is invalid at 0\.clientSecret/);
      expect(err?.message).not.toContain("short-secret-value");
      process.env.AUTH_PARTNER_CLIENTS = JSON.stringify([{ clientId: "p-bad", clientSecret: "x".repeat(40), department: "x", scopes: ["everything:write"] }]);
      await expect(startAuth({ store, port: 0, keys: loadHubKeys(mkdtempSync(join(tmpdir(), "kb-p-"))), upstream: false, seedDemo: false, prefix: `${prefix}:auth3`, portals: [] })).rejects.toThrow(/scopes/);
    } finally {
      delete process.env.AUTH_PARTNER_CLIENTS;
    }
  });

  it("refuses at start a client id registered twice: two partners, or a partner taking a portal's id", async () => {
    const start = (partners: PartnerClient[]) => startAuth({
      store, port: 0, keys: loadHubKeys(mkdtempSync(join(tmpdir(), "kb-p-"))), upstream: false, seedDemo: false, prefix: `${prefix}:auth4`, partners,
      portals: [{ clientId: "portal-service-hall", clientName: "网上服务大厅", url: "http://127.0.0.1:9", clientSecret: "portal-secret" }],
    });
    await expect(start([partner, partner])).rejects.toThrow(/client id partner-yibao is registered twice/);
    await expect(start([{ ...partner, clientId: "portal-service-hall" }])).rejects.toThrow(/client id portal-service-hall is registered twice/);
  });

  it("does not let a portal ask for a partner's read scopes at sign-in", async () => {
    const params = new URLSearchParams({ client_id: "portal-service-hall", response_type: "code", scope: "openid person:read", redirect_uri: "http://127.0.0.1:9/callback", code_challenge: "x".repeat(43), code_challenge_method: "S256" });
    const res = await fetch(`${hub.url}/auth?${params}`, { redirect: "manual" });
    expect(new URL(res.headers.get("location")!).searchParams.get("error")).toBe("invalid_scope");
    // the same request with the sign-in scopes only goes on to the sign-in page
    params.set("scope", "openid profile");
    const ok = await fetch(`${hub.url}/auth?${params}`, { redirect: "manual" });
    expect(new URL(ok.headers.get("location")!, hub.url).pathname).toMatch(/^\/interaction\//);
  });
});
