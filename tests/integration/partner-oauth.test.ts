import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuth, type PartnerClient, type RunningAuth } from "../../auth";
import { loadHubKeys, type HubKeys } from "../../auth/keys";
import { startGateway, type RunningGateway } from "../../gateway";
import { combineAuthenticators } from "../../gateway/api-keys/authenticate";
import { gatewayAuthenticate } from "../../gateway/auth/authenticate";
import { maskIdNumber, maskName } from "../../gateway/masking";
import type { Principal } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { codes, gql } from "../support/graphql";
import { as, fromTestHeader } from "../support/principals";
import { sharedTestStore } from "../support/store";

/**
 * The life of a partner department that speaks OAuth, on real HTTP and a real Redis: the hub issues
 * it a `client_credentials` token with its registered scopes, and the gateway, verifying that token
 * against the hub's keys as in production, holds the partner to those scopes (masked without
 * pii:read, archive refused before the archive system is called), to its purpose, to its own rate,
 * and records the read in the citizen's data tracker.
 */
const store = sharedTestStore();
const run = randomUUID().slice(0, 8);
const prefix = `kb:test:oauth-${run}`;
const secret = () => `s-${randomUUID()}-${randomUUID()}`;
// client ids of this run only, so rate counters of other runs never meet them
const yibao: PartnerClient = { clientId: `p-yibao-${run}`, clientSecret: secret(), department: "省医疗保障局", scopes: ["person:read", "insurance:read"] };
const police: PartnerClient = { clientId: `p-gongan-${run}`, clientSecret: secret(), department: "省公安厅", scopes: ["person:read", "pii:read"] };
const slow: PartnerClient = { clientId: `p-tongji-${run}`, clientSecret: secret(), department: "省统计局", scopes: ["person:read"], ratePerMinute: 3 };
const steady: PartnerClient = { clientId: `p-minzheng-${run}`, clientSecret: secret(), department: "省民政厅", scopes: ["person:read"], ratePerMinute: 3 };
const partners = [yibao, police, slow, steady];

const purposeText = "医保待遇资格核验";
const purpose = { "x-purpose": encodeURIComponent(purposeText), "x-case-id": `YB-${run}` };
const READ = `query($id: IdNumber!) { person(idNumber: $id) { idNumber name socialInsurance { enrolments { insurance status } } } }`;
const READ_ARCHIVE = `query($id: IdNumber!) { person(idNumber: $id) { name archive { keeper partyMember } } }`;
const DATA_ACCESS = `{ myDataAccess(first: 5) { nodes { actorKind department purpose } } }`;

type PersonRead = { person: { idNumber: string; name: string; socialInsurance: { enrolments: { insurance: string; status: string }[] } | null } | null };

async function clientCredentials(hubUrl: string, client: Pick<PartnerClient, "clientId" | "clientSecret">, scope: string) {
  const res = await fetch(`${hubUrl}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string | number | undefined> };
}

describe("a partner department's client_credentials token at the gateway (on Redis)", () => {
  const person = demoData().people.find((p) => p.archiveRegion && p.name.length >= 2)!;
  let hubKeys: HubKeys;
  let hub: RunningAuth;
  let agencies: AllAgencies;
  let gateway: RunningGateway;
  let url: string;

  const tokenFor = async (client: PartnerClient, scope = client.scopes.join(" ")) => {
    const res = await clientCredentials(hub.url, client, scope);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return String(res.body.access_token);
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const post = (token: string, headers: Record<string, string> = purpose) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...bearer(token), ...headers }, body: JSON.stringify({ query: "{ __typename }" }) });

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kb-partner-oauth-"));
    hubKeys = loadHubKeys(dataDir);
    hub = await startAuth({
      store, port: 0, keys: hubKeys, settings: { dataDir }, upstream: false, seedDemo: false, cliClient: false, partners,
      prefix: `${prefix}:auth`, auditStream: `${prefix}:audit`, portals: [],
    });
    agencies = await startAllAgencies(store);
    // the gateway's production authentication, pointed at this hub; the test principal route
    // beside it lets the citizen ask for her data tracker
    const issuer = process.env.AUTH_ISSUER;
    process.env.AUTH_ISSUER = hub.url;
    let hubAuth: ReturnType<typeof gatewayAuthenticate>;
    try {
      hubAuth = gatewayAuthenticate(store);
    } finally {
      if (issuer === undefined) delete process.env.AUTH_ISSUER; else process.env.AUTH_ISSUER = issuer;
    }
    gateway = await startGateway({ port: 0, store, subgraphs: agencies.endpoints, authenticate: combineAuthenticators(hubAuth, fromTestHeader), cacheTtlMs: 0 });
    url = `${gateway.url}/graphql`;
  });

  afterAll(async () => {
    await gateway?.close();
    await agencies?.close();
    await hub?.close();
    // only what this run created: the hub's keys under its prefix, the partners' and citizen's rate counters
    const mine = [
      ...(await store.keys(`${prefix}:*`)),
      ...(await Promise.all(partners.map((p) => store.keys(`kb:rl:*client:${p.clientId}`)))).flat(),
      ...(await store.keys(`kb:rl:citizen:test-citizen-${run}`)),
    ];
    if (mine.length) await store.del(...mine);
    await store.close();
  });

  it("reads a person with its purpose, masked without pii:read; archive FORBIDDEN and the archive system not called", async () => {
    const token = await tokenFor(yibao, "person:read insurance:read");
    expect(decodeJwt(token)).toMatchObject({ client_id: yibao.clientId, kind: "partner", department: yibao.department });

    const r = await gql<PersonRead>(url, READ, { id: person.idNumber }, { ...bearer(token), ...purpose });
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data!.person).toMatchObject({ idNumber: maskIdNumber(person.idNumber), name: maskName(person.name) });
    expect(r.data!.person!.name).toMatch(/^.\*+$/);
    expect(r.data!.person!.idNumber).not.toBe(person.idNumber);
    expect(r.data!.person!.socialInsurance?.enrolments.length).toBeGreaterThan(0);

    // a partner's read of personal data states its purpose
    const noPurpose = await gql(url, READ, { id: person.idNumber }, bearer(token));
    expect(codes(noPurpose)).toContain("PURPOSE_REQUIRED");
    expect(JSON.stringify(noPurpose.data ?? null)).not.toContain(person.idNumber.slice(4, 14));

    // archive:read is not among its scopes: refused at the gateway, the personnel system never asked
    const before = agencies.legacy.personnel.stats.requests;
    const archive = await gql<{ person: Record<string, unknown> | null }>(url, READ_ARCHIVE, { id: person.idNumber }, { ...bearer(token), ...purpose });
    expect(archive.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["person.archive", "FORBIDDEN"]]);
    expect(archive.data!.person).toEqual({ name: maskName(person.name), archive: null });
    expect(agencies.legacy.personnel.stats.requests).toBe(before);
  });

  it("gets no token for a scope it is not registered for (invalid_scope)", async () => {
    for (const scope of ["person:read pii:read", "archive:read", "person:read insurance:read archive:read"]) {
      const res = await clientCredentials(hub.url, yibao, scope);
      expect(res.status, scope).toBe(400);
      expect(res.body.error, scope).toBe("invalid_scope");
      expect(res.body.access_token).toBeUndefined();
    }
  });

  it("sees the real values with pii:read", async () => {
    const token = await tokenFor(police, "person:read pii:read");
    const r = await gql<PersonRead>(url, `query($id: IdNumber!) { person(idNumber: $id) { idNumber name } }`, { id: person.idNumber }, { ...bearer(token), ...purpose });
    expect(r.errors).toBeUndefined();
    expect(r.data!.person).toEqual({ idNumber: person.idNumber, name: person.name });
  });

  it("is held to its client's own rate: 429 RATE_LIMITED with Retry-After, another client unaffected", async () => {
    const token = await tokenFor(slow);
    expect(decodeJwt(token).rate_per_minute).toBe(3);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await post(token);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await last!.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("RATE_LIMITED");
    // counted per client at the client's own rate, not against the partners' common allowance
    expect(await store.keys(`kb:rl:own:3*client:${slow.clientId}`)).toHaveLength(1);
    // a fresh token of the same client is the same client: still limited
    expect((await post(await tokenFor(slow))).status).toBe(429);
    // another client with the same rate has its own counter
    expect((await post(await tokenFor(steady))).status).toBe(200);
  });

  it("refuses a token with a bad signature or past its expiry with 401 UNAUTHENTICATED", async () => {
    const genuine = await tokenFor(yibao, "person:read");
    expect((await post(genuine)).status).toBe(200);
    const [head, payload, signature] = genuine.split(".");

    // the same claims under another signature, and under a signature of another key with the hub's key id
    const flipped = `${head}.${payload}.${signature!.slice(0, -4)}${signature!.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const { kid } = decodeProtectedHeader(genuine);
    const { generateKeyPair } = await import("jose");
    const { privateKey: stranger } = await generateKeyPair("RS256");
    const claims = decodeJwt(genuine);
    const forged = await new SignJWT({ ...claims, scope: "person:read pii:read" }).setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid }).sign(stranger);

    // exactly what the hub would have issued a minute and more ago, signed with the hub's own key
    const hubKey = hubKeys.jwks.keys[0]!;
    const signAsHub = async (iat: number, exp: number) =>
      new SignJWT({ ...claims, iat, exp, jti: randomUUID() })
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: String(hubKey.kid) })
        .sign(await importJWK(hubKey as Parameters<typeof importJWK>[0], "RS256"));
    const now = Math.floor(Date.now() / 1000);
    expect(claims.exp! - claims.iat!).toBeGreaterThan(60); // the hub's tokens live minutes, so this one is past any clock tolerance
    const expired = await signAsHub(now - 700, now - 60);
    // the control: signed the same way but still within its lifetime, it is accepted
    expect((await post(await signAsHub(now, now + 60))).status).toBe(200);

    for (const [what, token] of [["altered signature", flipped], ["another key's signature", forged], ["expired", expired]] as const) {
      const res = await gql(url, READ, { id: person.idNumber }, { ...bearer(token), ...purpose });
      expect(res.status, what).toBe(401);
      expect(codes(res), what).toEqual(["UNAUTHENTICATED"]);
      expect(res.data, what).toBeUndefined();
    }
  });

  it("appears in the citizen's data tracker within 1 s, with its department and purpose", async () => {
    const citizen: Principal = { kind: "citizen", subject: `test-citizen-${run}`, idNumber: person.idNumber };
    const token = await tokenFor(yibao, "person:read insurance:read");
    const marker = `${purposeText} ${run}`;
    const read = await gql(url, READ, { id: person.idNumber }, { ...bearer(token), "x-purpose": encodeURIComponent(marker) });
    expect(read.errors).toBeUndefined();
    const readAt = Date.now();

    type Nodes = { myDataAccess: { nodes: { actorKind: string; department: string | null; purpose: string | null }[] } };
    let nodes: Nodes["myDataAccess"]["nodes"] = [];
    while (Date.now() - readAt < 1_000) {
      const r = await gql<Nodes>(url, DATA_ACCESS, {}, as(citizen));
      expect(r.errors).toBeUndefined();
      nodes = r.data!.myDataAccess.nodes;
      if (nodes.some((n) => n.purpose === marker)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(nodes).toContainEqual({ actorKind: "partner", department: yibao.department, purpose: marker });
  });
});
