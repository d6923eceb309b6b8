import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { maskIdNumber, maskName } from "../../gateway/masking";
import { createAddressLimiter } from "../../gateway/rate-limit";
import type { Principal } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { codes, gql } from "../support/graphql";
import { as, fromTestHeader } from "../support/principals";
import { deleteIssuedKeys } from "../support/api-keys";
import { sharedTestStore } from "../support/store";

/**
 * The life of a partner department's API key, on real HTTP through the gateway over the five
 * agency systems and a real Redis: issued by an administrator, used with a purpose, masked without
 * pii:read, refused where its scopes end, rotated with a grace, revoked, expired, and held to its
 * own rate. The gateway reads `X-API-Key` before the deployment's own authenticator (here the test
 * header), serves the key administration and masks personal fields itself.
 */
const admin: Principal = { kind: "staff", subject: `test-admin-${randomUUID()}`, roles: ["admin"], agency: "kuaiban", region: "省本级" };
const purpose = { "x-purpose": encodeURIComponent("社会保险待遇资格认证"), "x-case-id": "YB-2026-0001" };

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id department scopes prefix createdAt expiresAt lastUsedAt revokedAt ratePerMinute } } }`;
const ROTATE = `mutation($id: ID!, $grace: Int) { rotateApiKey(id: $id, graceSeconds: $grace) { key apiKey { id prefix } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const READ = `query($id: IdNumber!) { person(idNumber: $id) { idNumber name region } }`;
const READ_ARCHIVE = `query($id: IdNumber!) { person(idNumber: $id) { name archive { keeper partyMember } } }`;

type Issued = { key: string; apiKey: { id: string; department: string; scopes: string[]; prefix: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; ratePerMinute: number } };

describe("a partner API key's life (on Redis)", () => {
  const store = sharedTestStore();
  const person = demoData().people.find((p) => p.archiveRegion && p.name.length >= 2)!;
  const issuedIds: string[] = [];
  let agencies: AllAgencies;
  let gateway: RunningGateway;
  let url: string;
  let shortLived: { issued: Issued; expiresAt: number };

  const asAdmin = async (query: string, variables: Record<string, unknown>) => gql(url, query, variables, as(admin));
  const issue = async (input: Record<string, unknown>): Promise<Issued> => {
    const r = await asAdmin(ISSUE, { input });
    expect(r.errors).toBeUndefined();
    const issued = (r.data as { issueApiKey: Issued }).issueApiKey;
    issuedIds.push(issued.apiKey.id);
    return issued;
  };
  const read = (key: string, query = READ) => gql<{ person: Record<string, unknown> | null }>(url, query, { id: person.idNumber }, { "x-api-key": key, ...purpose });

  beforeAll(async () => {
    agencies = await startAllAgencies(store);
    gateway = await startGateway({ port: 0, store, subgraphs: agencies.endpoints, authenticate: fromTestHeader, cacheTtlMs: 0 });
    url = `${gateway.url}/graphql`;
    // issued first so that its expiry has passed, or nearly, by the time its test runs
    const expiresAt = Date.now() + 1_000;
    shortLived = { issued: await issue({ department: "省医保局", scopes: ["person:read"], expiresAt: new Date(expiresAt).toISOString() }), expiresAt };
  });
  afterAll(async () => {
    await gateway?.close();
    await agencies?.close();
    // only what this test created
    await deleteIssuedKeys(store, issuedIds);
    await store.close();
  });

  it("is issued by an administrator only, shown once, with bad input refused and nothing stored", async () => {
    const clerk: Principal = { kind: "staff", subject: "test-clerk", roles: ["clerk"], agency: "social-insurance", region: "太原市" };
    const input = { department: "省医保局", scopes: ["person:read", "insurance:read"] };
    expect(codes(await gql(url, ISSUE, { input }, as(clerk)))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(url, ISSUE, { input }))).toEqual(["UNAUTHENTICATED"]);
    const before = (await store.smembers("kb:apikey:ids")).length;
    expect(codes(await asAdmin(ISSUE, { input: { ...input, scopes: ["person:read", "everything"] } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await asAdmin(ISSUE, { input: { ...input, ratePerMinute: 0 } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await asAdmin(ISSUE, { input: { ...input, expiresAt: "2020-01-01T00:00:00+08:00" } }))).toEqual(["BAD_USER_INPUT"]);
    expect((await store.smembers("kb:apikey:ids")).length).toBe(before);

    const issued = await issue(input);
    expect(issued.key).toMatch(/^kb_[a-z2-7]{8}_/);
    expect(issued.apiKey).toMatchObject({ department: "省医保局", scopes: ["person:read", "insurance:read"], revokedAt: null, lastUsedAt: null });
    const list = await asAdmin("{ apiKeys { id prefix } }", {});
    expect((list.data as { apiKeys: { id: string }[] }).apiKeys.map((k) => k.id)).toContain(issued.apiKey.id);
    expect(JSON.stringify(list)).not.toContain(issued.key.slice(12));
  });

  it("reads a person with its purpose, masked without pii:read; archive refused with FORBIDDEN and the archive system not called", async () => {
    const { key, apiKey } = await issue({ department: "省医保局", scopes: ["person:read", "insurance:read"] });
    const r = await read(key);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data!.person).toEqual({ idNumber: maskIdNumber(person.idNumber), name: maskName(person.name), region: person.region });
    expect(r.data!.person!.name).toMatch(/^.\*+$/);
    // a partner's read of personal data states its purpose
    const noPurpose = await gql(url, READ, { id: person.idNumber }, { "x-api-key": key });
    expect(codes(noPurpose)).toContain("PURPOSE_REQUIRED");
    expect(JSON.stringify(noPurpose.data ?? null)).not.toContain(person.idNumber.slice(4, 14));

    // the same key's department, with pii:read, sees the real values
    const full = await issue({ department: "省医保局", scopes: ["person:read", "pii:read"] });
    expect((await read(full.key)).data!.person).toMatchObject({ idNumber: person.idNumber, name: person.name });

    // archive:read is not among its scopes (enforced by the gateway's policy on PersonnelArchive)
    agencies.legacy.personnel.resetStats();
    const archive = await read(key, READ_ARCHIVE);
    expect(archive.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["person.archive", "FORBIDDEN"]]);
    expect(archive.data!.person).toEqual({ name: maskName(person.name), archive: null });
    expect(agencies.legacy.personnel.stats.requests).toBe(0);

    const listed = (await asAdmin("{ apiKeys { id lastUsedAt } }", {})).data as { apiKeys: { id: string; lastUsedAt: string | null }[] };
    expect(listed.apiKeys.find((k) => k.id === apiKey.id)!.lastUsedAt).not.toBeNull();
  });

  it("rotates: the old key works within the grace and not after it; the new one keeps working", async () => {
    const old = await issue({ department: "省公安厅", scopes: ["person:read"] });
    expect((await read(old.key)).status).toBe(200);
    const r = await asAdmin(ROTATE, { id: old.apiKey.id, grace: 1 });
    const graceEnds = Date.now() + 1_000; // the grace started before this line, so it ends by then
    expect(r.errors).toBeUndefined();
    const fresh = (r.data as { rotateApiKey: Issued }).rotateApiKey;
    expect(fresh.apiKey.id).toBe(old.apiKey.id);
    expect(fresh.key).not.toBe(old.key);

    const within = await read(old.key);
    expect(within.status).toBe(200);
    expect(within.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnds - Date.now()) + 10));
    const after = await read(old.key);
    expect(after.status).toBe(401);
    expect(codes(after)).toEqual(["UNAUTHENTICATED"]);
    expect((await read(fresh.key)).status).toBe(200);
  });

  it("revoked: UNAUTHENTICATED at once", async () => {
    const { key, apiKey } = await issue({ department: "省民政厅", scopes: ["person:read"] });
    expect((await read(key)).status).toBe(200);
    const r = await asAdmin(REVOKE, { id: apiKey.id });
    expect((r.data as { revokeApiKey: { revokedAt: string | null } }).revokeApiKey.revokedAt).not.toBeNull();
    const refused = await read(key);
    expect(refused.status).toBe(401);
    expect(codes(refused)).toEqual(["UNAUTHENTICATED"]);
  });

  it("expired: UNAUTHENTICATED", async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shortLived.expiresAt - Date.now()) + 10));
    const refused = await read(shortLived.issued.key);
    expect(refused.status).toBe(401);
    expect(codes(refused)).toEqual(["UNAUTHENTICATED"]);
  });

  it("is held to its own rate: 429 RATE_LIMITED with Retry-After, other keys unaffected", async () => {
    const slow = await issue({ department: "省统计局", scopes: ["person:read"], ratePerMinute: 3 });
    const other = await issue({ department: "省统计局", scopes: ["person:read"], ratePerMinute: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": slow.key, ...purpose }, body: JSON.stringify({ query: "{ __typename }" }) });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await last!.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("RATE_LIMITED");
    expect(await store.keys(`kb:rl:own:3*key:${slow.apiKey.id}`)).toHaveLength(1);
    const unaffected = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": other.key, ...purpose }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(unaffected.status).toBe(200);
  });
});

describe("refused keys counted against their address, before any key is looked up (on Redis)", () => {
  const store = sharedTestStore();
  // documentation addresses (RFC 5737), one per run, so counters of other runs do not interfere
  const address = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;
  const other = `203.0.113.7-${randomUUID().slice(0, 8)}`;
  const busy = `192.0.2.9-${randomUUID().slice(0, 8)}`;
  const limiter = createAddressLimiter(store, { perMinute: 5, refusalsPerMinute: 3, refusalBlockSeconds: 60 });
  afterAll(async () => {
    await limiter.close();
    const mine = [...(await store.keys(`kb:rl:*${address}`)), ...(await store.keys(`kb:rl:*${other}`)), ...(await store.keys(`kb:rl:*${busy}`))];
    if (mine.length) await store.del(...mine);
    await store.close();
  });

  it("blocks an address after its allowance of refusals, and counts them as a figure", async () => {
    for (let i = 0; i < 3; i++) {
      expect((await limiter(address)).ok).toBe(true);
      expect(await limiter.countRefusal(address)).toEqual({ blocked: false });
    }
    expect(await limiter.countRefusal(address)).toEqual({ blocked: true });
    const verdict = await limiter(address);
    expect(verdict.ok).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(50);
    expect((await limiter(other)).ok).toBe(true);
    expect(limiter.metrics()).toMatchObject({ refusals: 4, blockedForRefusals: 1 });
    expect(await store.keys(`kb:rl:refused:${address}`)).toHaveLength(1);
  });

  it("limits every request from one address, whoever it claims to be", async () => {
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push((await limiter(busy)).ok);
    expect(verdicts).toEqual([true, true, true, true, true, false]);
    expect(limiter.metrics().addressLimited).toBe(1);
  });
});
