import { graphql } from "graphql";
import { describe, expect, it } from "vitest";
import type { Principal } from "../../lib/principal";
import { MemoryStore } from "../../lib/store";
import { apiKeyAuthenticate, combineAuthenticators } from "./authenticate";
import { apiKeysSchema } from "./schema";
import { ApiKeyStore } from "./store";

function clocked() {
  const clock = { now: Date.parse("2026-12-01T09:00:00+08:00") };
  const store = new MemoryStore();
  const keys = new ApiKeyStore(store, { now: () => clock.now });
  return { clock, store, keys };
}
const codeOf = async (p: Promise<unknown>) => p.then(() => "resolved", (e: { extensions?: { code?: string } }) => e.extensions?.code);

describe("ApiKeyStore", () => {
  it("issues kb_<prefix>_<secret> with 32 random bytes and stores only its sha256", async () => {
    const { store, keys } = clocked();
    const { key, apiKey } = await keys.issue({ department: "省医保局", scopes: ["pii:read", "person:read"], ratePerMinute: 120 });
    expect(key).toMatch(/^kb_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`kb_${apiKey.prefix}_`)).toBe(true);
    expect(Buffer.from(key.split("_").slice(2).join("_"), "base64url")).toHaveLength(32);
    expect(apiKey).toMatchObject({ department: "省医保局", scopes: ["person:read", "pii:read"], ratePerMinute: 120, expiresAt: null, revokedAt: null });
    const everything = JSON.stringify(await Promise.all((await store.keys("kb:apikey:*")).map(async (k) => [k, await store.get(k).catch(() => null), await store.hgetall(k).catch(() => null)])));
    // the whole secret (base64url has "_" in it too): everything after kb_<prefix>_
    const secret = key.slice(`kb_${apiKey.prefix}_`.length);
    expect(everything).not.toContain(secret);
    expect(everything).toContain((await import("node:crypto")).createHash("sha256").update(key).digest("hex"));
    expect(await keys.check(key)).toMatchObject({ ok: true, record: { id: apiKey.id } });
  });

  it("refuses bad input with BAD_USER_INPUT and stores nothing", async () => {
    const { store, keys, clock } = clocked();
    const bad = [
      { department: "x", scopes: ["person:read", "admin:all"] },
      { department: "x", scopes: [] },
      { department: " ", scopes: ["person:read"] },
      { department: "x", scopes: ["person:read"], expiresAt: new Date(clock.now - 1) },
      { department: "x", scopes: ["person:read"], ratePerMinute: 0 },
      { department: "x", scopes: ["person:read"], ratePerMinute: -5 },
      { department: "x", scopes: ["person:read"], ratePerMinute: 10_000_000 },
      { department: "x", scopes: ["person:read"], ratePerMinute: 1.5 },
    ];
    for (const input of bad) expect(await codeOf(keys.issue(input))).toBe("BAD_USER_INPUT");
    expect(await store.keys("kb:apikey:*")).toEqual([]);
  });

  it("rotates: the old key works until the grace ends, then not; the new one does", async () => {
    const { keys, clock } = clocked();
    const first = await keys.issue({ department: "省公安厅", scopes: ["person:read"] });
    const second = await keys.rotate(first.apiKey.id, 60);
    expect(second.apiKey.id).toBe(first.apiKey.id);
    expect(second.apiKey.prefix).not.toBe(first.apiKey.prefix);
    expect((await keys.check(first.key)).ok).toBe(true);
    clock.now += 59_000;
    expect((await keys.check(first.key)).ok).toBe(true);
    clock.now += 1_000;
    expect(await keys.check(first.key)).toEqual({ ok: false, reason: "rotated" });
    expect((await keys.check(second.key)).ok).toBe(true);
    expect(await codeOf(keys.rotate(first.apiKey.id, -1))).toBe("BAD_USER_INPUT");
    expect(await codeOf(keys.rotate("nope", 10))).toBe("NOT_FOUND");
  });

  it("revokes and expires", async () => {
    const { keys, clock } = clocked();
    const a = await keys.issue({ department: "d", scopes: ["person:read"] });
    const revoked = await keys.revoke(a.apiKey.id);
    expect(revoked.revokedAt?.getTime()).toBe(clock.now);
    expect(await keys.check(a.key)).toEqual({ ok: false, reason: "revoked" });
    expect(await codeOf(keys.rotate(a.apiKey.id, 10))).toBe("CONFLICT");
    const b = await keys.issue({ department: "d", scopes: ["person:read"], expiresAt: new Date(clock.now + 1000) });
    expect((await keys.check(b.key)).ok).toBe(true);
    clock.now += 1000;
    expect(await keys.check(b.key)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a guessed secret under a real prefix, and malformed keys", async () => {
    const { keys } = clocked();
    const { key } = await keys.issue({ department: "d", scopes: ["person:read"] });
    const forged = key.slice(0, -4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await keys.check(forged)).toEqual({ ok: false, reason: "unknown" });
    for (const k of ["", "kb_", key + "x", key.replace("kb_", "xx_")]) expect(await keys.check(k)).toEqual({ ok: false, reason: "unknown" });
  });

  it("writes lastUsedAt at most once a minute, not on every request", async () => {
    const { store, keys, clock } = clocked();
    const { key, apiKey } = await keys.issue({ department: "d", scopes: ["person:read"] });
    let writes = 0;
    const hset = store.hset.bind(store);
    store.hset = async (k, f) => { writes++; return hset(k, f); };
    for (let i = 0; i < 50; i++) await keys.check(key);
    expect(writes).toBe(1);
    expect((await keys.get(apiKey.id))?.lastUsedAt?.getTime()).toBe(clock.now);
    clock.now += 60_000;
    await keys.check(key);
    expect(writes).toBe(2);
  });
});

describe("apiKeyAuthenticate", () => {
  it("leaves requests without X-API-Key to others, refuses bad keys, and turns a good one into a partner", async () => {
    const { keys } = clocked();
    const authenticate = apiKeyAuthenticate(keys);
    const { key, apiKey } = await keys.issue({ department: "省医保局", scopes: ["person:read"], ratePerMinute: 30 });
    expect(await authenticate({})).toBeUndefined();
    expect(await codeOf(authenticate({ "x-api-key": "kb_nope" }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(authenticate({ "x-api-key": "" }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(authenticate({ "x-api-key": [key, key] }))).toBe("UNAUTHENTICATED");
    expect(await authenticate({ "x-api-key": key })).toEqual({ kind: "partner", subject: `apikey:${apiKey.id}`, department: "省医保局", scopes: ["person:read"], keyId: apiKey.id, ratePerMinute: 30 });
  });

  it("combines: the first principal wins and a refusal is final", async () => {
    const staff: Principal = { kind: "staff", subject: "s", roles: ["admin"], agency: "a", region: "省本级" };
    const never = async () => { throw new Error("must not be asked"); };
    const refuse = async () => { throw Object.assign(new Error("bad"), { extensions: { code: "UNAUTHENTICATED" } }); };
    expect(await combineAuthenticators(async () => undefined, async () => staff, never)({})).toBe(staff);
    expect(await codeOf(combineAuthenticators(refuse, async () => staff)({}))).toBe("UNAUTHENTICATED");
    expect(await combineAuthenticators(async () => undefined)({})).toBeUndefined();
  });
});

describe("apiKeysSchema", () => {
  const admin: Principal = { kind: "staff", subject: "admin-1", roles: ["admin"], agency: "kuaiban", region: "省本级" };
  const clerk: Principal = { kind: "staff", subject: "clerk-1", roles: ["clerk"], agency: "social-insurance", region: "太原市" };
  const issue = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id department scopes prefix createdAt expiresAt lastUsedAt revokedAt ratePerMinute } } }`;

  it("lets only administrators manage keys", async () => {
    const { store } = clocked();
    const schema = apiKeysSchema({ store });
    const input = { department: "省医保局", scopes: ["person:read"] };
    const as = (principal: Principal | undefined) => graphql({ schema, source: issue, variableValues: { input }, contextValue: { principal, requestId: "t" } });
    expect((await as(undefined)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await as(clerk)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await as({ kind: "partner", subject: "p", department: "d", scopes: ["pii:read"] })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await store.keys("kb:apikey:*")).toEqual([]);
    const ok = await as(admin);
    expect(ok.errors).toBeUndefined();
    const issued = (ok.data as { issueApiKey: { key: string; apiKey: Record<string, unknown> } }).issueApiKey;
    expect(issued.apiKey).toMatchObject({ department: "省医保局", scopes: ["person:read"], ratePerMinute: 600, expiresAt: null });
    expect(issued.apiKey.createdAt).toMatch(/\+08:00$/);
    const list = await graphql({ schema, source: "{ apiKeys { id prefix } }", contextValue: { principal: admin, requestId: "t" } });
    expect(list.data).toEqual({ apiKeys: [{ id: issued.apiKey.id, prefix: issued.apiKey.prefix }] });
    expect(JSON.stringify(list)).not.toContain(issued.key);
  });

  it("answers bad input with BAD_USER_INPUT", async () => {
    const { store } = clocked();
    const schema = apiKeysSchema({ store });
    const r = await graphql({ schema, source: issue, variableValues: { input: { department: "d", scopes: ["person:write"] } }, contextValue: { principal: admin, requestId: "t" } });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const past = await graphql({ schema, source: issue, variableValues: { input: { department: "d", scopes: ["person:read"], expiresAt: "2020-01-01T00:00:00+08:00" } }, contextValue: { principal: admin, requestId: "t" } });
    expect(past.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await store.keys("kb:apikey:*")).toEqual([]);
  });

  it("takes an expiry already parsed to a Date, as the gateway hands it on in process", async () => {
    const { store } = clocked();
    const schema = apiKeysSchema({ store });
    const expiresAt = new Date(Date.now() + 3_600_000);
    const r = await graphql({ schema, source: issue, variableValues: { input: { department: "d", scopes: ["person:read"], expiresAt } }, contextValue: { principal: admin, requestId: "t" } });
    expect(r.errors).toBeUndefined();
    expect(Date.parse((r.data as { issueApiKey: { apiKey: { expiresAt: string } } }).issueApiKey.apiKey.expiresAt)).toBe(expiresAt.getTime());
    const invalid = await graphql({ schema, source: issue, variableValues: { input: { department: "d", scopes: ["person:read"], expiresAt: new Date(Number.NaN) } }, contextValue: { principal: admin, requestId: "t" } });
    expect(invalid.errors?.[0]?.extensions?.code).toBe("INVALID_DATE");
  });
});
