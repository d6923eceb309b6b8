import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { MemoryStore } from "../../lib/store";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCatalogue } from "../../subgraphs/catalogue";
import { logLinesDuring, unlimitedRates } from "./support/gateway-front";
import { sharedTestStore } from "../support/store";

// a valid resident ID number (GB 11643 check digit), as a client would put one in a query
const ID_NUMBER = "11010519491231002X";

type Answer = { status: number; contentType: string | null; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };

async function send(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), body: text ? JSON.parse(text) : {} };
}
const codeOf = (a: Answer) => a.body.errors?.[0]?.extensions?.code;
const post = (url: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) => send(url, { method: "POST", headers, body });
const query = (url: string, q: string, headers: Record<string, string> = {}) => post(url, JSON.stringify({ query: q }), { "content-type": "application/json", ...headers });

describe("the gateway's front door (on Redis)", () => {
  const store = sharedTestStore();
  let catalogue: RunningSubgraph;
  let gateway: RunningGateway;
  let url: string;
  beforeAll(async () => {
    catalogue = await startCatalogue({ port: 0 });
    gateway = await startGateway({
      port: 0, store, cacheTtlMs: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }],
      // loopback's count in Redis is shared with earlier tests; the limit is not what these are about
      rateLimits: unlimitedRates,
    });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await gateway.close();
    await catalogue.close();
    await store.close();
  });

  it("refuses a 10 MB body with 413 PAYLOAD_TOO_LARGE, declared or streamed", async () => {
    const big = JSON.stringify({ query: "{ contactPoints { name } }", variables: { x: "a".repeat(10_000_000) } });
    const declared = await post(url, big);
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "PAYLOAD_TOO_LARGE", messages: { zh: expect.any(String), en: expect.any(String) } } }] });
    // no Content-Length: the limit is counted as the body arrives
    const chunks = new ReadableStream({
      start(c) { for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(i === 0 ? '{"query":"' : "a".repeat(1_000_000))); c.close(); },
    });
    const streamed = await send(url, { method: "POST", headers: { "content-type": "application/json" }, body: chunks, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(codeOf(streamed)).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses malformed JSON with 400 BAD_REQUEST and logs nothing of the body", async () => {
    let answer: Answer | undefined;
    const lines = await logLinesDuring(async () => {
      answer = await post(url, `{"query": "{ person(idNumber: \\"${ID_NUMBER}\\") { name } }", "variables": {"id": "${ID_NUMBER}"`);
    });
    expect(answer!.status).toBe(400);
    expect(answer!.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "BAD_REQUEST", messages: { zh: expect.any(String), en: expect.any(String) } } }] });
    expect(lines.length).toBeGreaterThan(0); // the refusal is logged, by its kind
    expect(lines.join("\n")).toContain("entity.parse.failed");
    expect(lines.join("\n")).not.toContain(ID_NUMBER);
    expect(lines.join("\n")).not.toContain("person(");
    expect(JSON.stringify(answer!.body)).not.toContain(ID_NUMBER);
  });

  it("refuses bodies that are JSON but not an object with 400 BAD_REQUEST", async () => {
    for (const body of ['"x"', "42", "null", "true"]) {
      const r = await post(url, body);
      expect([r.status, codeOf(r)]).toEqual([400, "BAD_REQUEST"]);
    }
  });

  it("refuses charsets other than UTF-8 and media types other than JSON with 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const body = JSON.stringify({ query: "{ contactPoints { name } }" });
    const refused: Record<string, string>[] = [
      { "content-type": "application/json; charset=latin1" },
      { "content-type": "application/json; charset=utf-16" },
      { "content-type": "application/json; charset=\"ISO-8859-1\"" },
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "multipart/form-data; boundary=x" },
      { "content-type": "application/xml" },
      { "content-type": "application/graphql" },
      { "content-type": "application/json", "content-encoding": "compress" },
    ];
    const before = catalogue.stats.requests;
    for (const headers of refused) {
      const r = await post(url, body, headers);
      expect([JSON.stringify(headers), r.status, codeOf(r)]).toEqual([JSON.stringify(headers), 415, "UNSUPPORTED_MEDIA_TYPE"]);
    }
    // no Content-Type at all (a form-less cross-site POST)
    const bare = await send(url, { method: "POST", body: new Uint8Array(Buffer.from(body)) });
    expect([bare.status, codeOf(bare)]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    expect(catalogue.stats.requests).toBe(before);
    // what is accepted: JSON, with or without a UTF-8 charset, in any case
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON; Charset=UTF-8"]) {
      const r = await post(url, body, { "content-type": type });
      expect([type, r.status]).toEqual([type, 200]);
    }
  });

  it("keeps GET for queries behind Apollo's CSRF check, and answers application/graphql-response+json when asked", async () => {
    const q = `${url}?query=${encodeURIComponent("{ contactPoints { name } }")}`;
    const blocked = await send(q, { method: "GET" });
    expect([blocked.status, codeOf(blocked)]).toEqual([400, "BAD_REQUEST"]);
    expect(blocked.body.errors![0]!.message).toMatch(/CSRF/);
    const allowed = await send(q, { method: "GET", headers: { "apollo-require-preflight": "true" } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toHaveProperty("data");
    const mutation = await send(`${url}?query=${encodeURIComponent("mutation { __typename }")}`, { method: "GET", headers: { "apollo-require-preflight": "true" } });
    expect([mutation.status, codeOf(mutation), mutation.body.errors?.[0]?.message]).toEqual([405, "BAD_REQUEST", expect.stringMatching(/GET requests only support query/)]);
    const negotiated = await query(url, "{ contactPoints { name } }", { accept: "application/graphql-response+json" });
    expect(negotiated.status).toBe(200);
    expect(negotiated.contentType).toMatch(/^application\/graphql-response\+json/);
    const invalid = await query(url, "{ nothing }", { accept: "application/graphql-response+json" });
    expect([invalid.status, codeOf(invalid)]).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
  });

  it("refuses other methods with 405 and Allow, and batched arrays with 400 BAD_REQUEST", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: "{}" });
      expect([method, res.status, res.headers.get("allow")]).toEqual([method, 405, "GET, POST"]);
      expect((await res.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
    }
    const batch = await post(url, JSON.stringify([{ query: "{ contactPoints { name } }" }, { query: "{ scenarios { seq } }" }]));
    expect([batch.status, codeOf(batch)]).toEqual([400, "BAD_REQUEST"]);
  });

  it("caps aliases, root fields, tokens and directives with 400 QUERY_TOO_COMPLEX before anything is fetched", async () => {
    const before = catalogue.stats.requests;
    const aliases = await query(url, `{ ${Array.from({ length: 2_000 }, (_, i) => `a${i}: contactPoints { name }`).join(" ")} }`);
    expect([aliases.status, codeOf(aliases)]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    // the flood is long enough to be stopped by its tokens, before it is even parsed
    expect(aliases.body.errors![0]!.extensions).toMatchObject({ limit: "maxTokens" });
    const nestedAliases = await query(url, `{ contactPoints { ${Array.from({ length: 31 }, (_, i) => `a${i}: name`).join(" ")} } }`);
    expect([nestedAliases.status, nestedAliases.body.errors![0]!.extensions]).toEqual([400, expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: "maxAliases", maxAliases: 30 })]);
    // aliases hidden in a fragment count too
    const viaFragment = await query(url, `{ contactPoints { ...f } } fragment f on ContactPoint { ${Array.from({ length: 31 }, (_, i) => `a${i}: name`).join(" ")} }`);
    expect(viaFragment.body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "maxAliases" });
    const rootFields = await query(url, `{ ${"contactPoints { name } ".repeat(21)}}`);
    expect([rootFields.status, rootFields.body.errors![0]!.extensions]).toEqual([400, expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: "maxRootFields", rootFields: 21, maxRootFields: 20 })]);
    const tokens = await query(url, `{ contactPoints { ${"name ".repeat(6_000)}} }`);
    expect([tokens.status, tokens.body.errors![0]!.extensions]).toEqual([400, { code: "QUERY_TOO_COMPLEX", limit: "maxTokens", maxTokens: 5_000, messages: { zh: expect.any(String), en: "The document has more than 5000 tokens" } }]);
    // by GET, within Node's header limit: parentheses are one-character tokens that need no escaping
    const tokensByGet = await send(`${url}?query=${encodeURIComponent(`{contactPoints${"()".repeat(2_600)}}`)}`, { method: "GET", headers: { "apollo-require-preflight": "true" } });
    expect(codeOf(tokensByGet)).toBe("QUERY_TOO_COMPLEX");
    const directives = await query(url, `{ contactPoints { ${"name @include(if: true) ".repeat(51)}} }`);
    expect([directives.status, directives.body.errors![0]!.extensions]).toEqual([400, expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: "maxDirectives", maxDirectives: 50 })]);
    expect(catalogue.stats.requests).toBe(before);
    // at the caps, the same shapes are served
    const within = await query(url, `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: contactPoints { name @include(if: true) }`).join(" ")} }`);
    expect(within.status).toBe(200);
    expect(within.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain("QUERY_TOO_COMPLEX");
  });

  it("checks the caps before validation, whose cost grows with the square of repeated fields", async () => {
    // 800 copies of one root field and an unknown field: the cap answers, not the validator
    const repeated = await query(url, `{ nothing ${"contactPoints { name } ".repeat(800)}}`);
    expect([repeated.status, repeated.body.errors![0]!.extensions]).toEqual([400, expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: "maxRootFields" })]);
  });

  it("refuses a fragment bomb (fragments spreading fragments twice, 2^40 fields) at once", async () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment f${i} on ContactPoint { name ...f${i + 1} ...f${i + 1} }`).join(" ");
    const started = Date.now();
    const bomb = await query(url, `{ contactPoints { ...f0 } } ${fragments} fragment f40 on ContactPoint { name }`);
    expect([bomb.status, codeOf(bomb)]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    expect(Date.now() - started).toBeLessThan(2_000);
    const atRoot = await query(url, `{ ...q0 } ${Array.from({ length: 40 }, (_, i) => `fragment q${i} on Query { ...q${i + 1} ...q${i + 1} }`).join(" ")} fragment q40 on Query { contactPoints { name } }`);
    expect(atRoot.body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "maxRootFields" });
  });

  it("refuses persisted queries with 400 BAD_REQUEST: no registry for callers to fill", async () => {
    const hash = { persistedQuery: { version: 1, sha256Hash: "f".repeat(64) } };
    const mismatched = await post(url, JSON.stringify({ query: "{ contactPoints { name } }", extensions: hash }));
    expect([mismatched.status, codeOf(mismatched)]).toEqual([400, "BAD_REQUEST"]);
    const byGet = await send(`${url}?extensions=${encodeURIComponent(JSON.stringify(hash))}`, { method: "GET", headers: { "apollo-require-preflight": "true" } });
    expect([byGet.status, codeOf(byGet)]).toEqual([400, "BAD_REQUEST"]);
  });

  it("suggests field names outside production", async () => {
    const r = await query(url, "{ contactPoint { name } }");
    expect(r.body.errors![0]!.message).toMatch(/Did you mean "contactPoints"\?/);
  });
});

describe("in production", () => {
  let catalogue: RunningSubgraph;
  let gateway: RunningGateway;
  const saved = { NODE_ENV: process.env.NODE_ENV, KUAIBAN_INTERNAL_SECRET: process.env.KUAIBAN_INTERNAL_SECRET, AUDIT_KEY: process.env.AUDIT_KEY };
  beforeAll(async () => {
    // production refuses to start without its secrets; these exist for this test only
    process.env.KUAIBAN_INTERNAL_SECRET ??= randomBytes(32).toString("hex");
    process.env.AUDIT_KEY ??= randomBytes(32).toString("hex");
    catalogue = await startCatalogue({ port: 0 });
    process.env.NODE_ENV = "production";
    gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await gateway?.close();
    await catalogue?.close();
  });

  it("suggests no field names, for fields, arguments or enum values", async () => {
    const url = `${gateway.url}/graphql`;
    const field = await query(url, "{ contactPoint { name } }");
    expect([field.status, codeOf(field)]).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
    expect(field.body.errors![0]!.message).toBe('Cannot query field "contactPoint" on type "Query".');
    const nested = await query(url, "{ contactPoints { nam } serviceItem(cod: \"1.1.1\") { code } }");
    expect(nested.body.errors!.length).toBeGreaterThan(1);
    expect(JSON.stringify(nested.body)).not.toMatch(/Did you mean/);
  });
});

describe("X-Forwarded-For", () => {
  let catalogue: RunningSubgraph;
  beforeAll(async () => { catalogue = await startCatalogue({ port: 0 }); });
  afterAll(async () => { await catalogue.close(); });
  const saved = process.env.GATEWAY_TRUSTED_PROXIES;
  beforeEach(() => { delete process.env.GATEWAY_TRUSTED_PROXIES; });
  afterEach(() => { if (saved === undefined) delete process.env.GATEWAY_TRUSTED_PROXIES; else process.env.GATEWAY_TRUSTED_PROXIES = saved; });

  /** Statuses of four anonymous requests, each claiming another source address, against a limit of 3 a minute per address. */
  async function spoofedStatuses(): Promise<number[]> {
    // the in-process limiter: a fresh counter per gateway, so loopback's count is this test's alone
    const gateway = await startGateway({ port: 0, store: new MemoryStore(), cacheTtlMs: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }], rateLimits: { anonymous: 3, citizen: 3, employer: 3, staff: 3, partner: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await query(`${gateway.url}/graphql`, "{ __typename }", { "x-forwarded-for": `203.0.113.${i + 1}` })).status);
      return statuses;
    } finally {
      await gateway.close();
    }
  }

  it("is not believed from loopback by default: a forged header does not escape the per-address limit", async () => {
    expect(await spoofedStatuses()).toEqual([200, 200, 200, 429]);
  });

  it("is believed from a configured proxy", async () => {
    process.env.GATEWAY_TRUSTED_PROXIES = "10.0.0.0/8, 127.0.0.1";
    expect(await spoofedStatuses()).toEqual([200, 200, 200, 200]);
  });

});
