import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import type { LegacyStandIn } from "../../lib/legacy-server";
import { ErrorCode } from "../../lib/errors";
import { MemoryStore } from "../../lib/store";
import type { RunningSubgraph } from "../../lib/subgraph";
import { rng as seeded } from "../../schema/demo";
import { CREDIT_CODE_ALPHABET, withCreditCodeCheck } from "../../schema/scalars/credit-code";
import { withIdNumberCheck } from "../../schema/scalars/id-number";
import { startCatalogue } from "../../subgraphs/catalogue";
import { startSocialInsurance, startSocialInsuranceLegacy } from "../../subgraphs/social-insurance";
import { as, clerk, fromTestHeader } from "../support/principals";
import { logLinesDuring, unlimitedRates } from "./support/gateway-front";
import { sharedTestStore } from "../support/store";

/**
 * Bad requests, generated from a fixed seed, against a real gateway over the catalogue and the
 * social-insurance system (its subgraph on Redis): none may get a 5xx, every error must carry a
 * stable code, and the gateway must still answer a good query at the end.
 */

const SEED = 20200525;
const PER_FAMILY = 80;

type Rng = ReturnType<typeof seeded>;
const bytes = (r: Rng, n: number) => Uint8Array.from({ length: n }, () => r.int(0, 255));

interface Probe {
  family: string;
  method: string;
  path?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const JSON_TYPE = { "content-type": "application/json" };
const GET_HEADERS = { "apollo-require-preflight": "true" };
const post = (family: string, body: unknown, headers: Record<string, string> = JSON_TYPE): Probe =>
  ({ family, method: "POST", headers, body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body) });

const GOOD_QUERIES = [
  "{ contactPoints { name level } }",
  '{ serviceItem(code: "2.4.2") { code name acceleratedLimit { value unit } } }',
  '{ addWorkingDays(date: "2020-09-25", days: 5) }',
  "{ scenarios { seq name items { code } } }",
  "query($id: IdNumber!) { person(idNumber: $id) { idNumber socialInsurance { enrolments { insurance status } } } }",
  "query($c: CreditCode!) { employer(creditCode: $c) { name region } }",
  "{ persons(first: 5) { edges { node { idNumber } } } }",
];

function digits(rng: Rng, n: number) {
  return Array.from({ length: n }, () => rng.int(0, 9)).join("");
}
const validId = (rng: Rng) => withIdNumberCheck(`140${digits(rng, 3)}19${rng.int(50, 99)}0${rng.int(1, 9)}1${rng.int(0, 9)}${digits(rng, 3)}`);
const validCreditCode = (rng: Rng) => withCreditCodeCheck(`91140${digits(rng, 4)}${Array.from({ length: 8 }, () => rng.pick([...CREDIT_CODE_ALPHABET])).join("")}`);

/** ID numbers that GB 11643 refuses: wrong check digit, length, date, characters. */
function badId(rng: Rng): unknown {
  const id = validId(rng);
  const wrongCheck = id.slice(0, 17) + ((Number(id[17] === "X" ? 10 : id[17]) + rng.int(1, 9)) % 10);
  return rng.pick([
    wrongCheck, id.slice(0, 17), id + "0", id.slice(0, 15), id.toLowerCase().replace(/X$/, "x").slice(0, 17) + "x",
    id.slice(0, 6) + "20991399" + id.slice(14), id.slice(0, 6) + "19990230" + id.slice(14),
    id.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d))), // a full-width digit
    ` ${id}`, `${id}\u0000`, id.replace(/\d$/, "Y"), "", "1".repeat(rng.int(1, 400)),
    Number(id.slice(0, 15)), null, true, [id], { idNumber: id }, "👩".repeat(18), "' OR 1=1 --", "11010519491231002x\n",
  ]);
}

/** Unified social credit codes that GB 32100 refuses. */
function badCreditCode(rng: Rng): unknown {
  const code = validCreditCode(rng);
  const last = CREDIT_CODE_ALPHABET.indexOf(code[17]!);
  const wrongCheck = code.slice(0, 17) + CREDIT_CODE_ALPHABET[(last + rng.int(1, 30)) % CREDIT_CODE_ALPHABET.length];
  return rng.pick([
    wrongCheck, code.slice(0, 17), code + "A", code.toLowerCase(), code.replace(/[A-Z]/, "I"), code.replace(/[A-Z0-9]$/, "O"),
    code.replace(/[A-Z0-9]$/, "Z"), "", "9".repeat(18), 91140000123456789, null, [code], { creditCode: code }, "统一社会信用代码一二三四五六七八", `${code} `,
  ]);
}

const families: Record<string, (rng: Rng) => Probe> = {
  "broken JSON": (rng) => {
    const body = JSON.stringify({ query: rng.pick(GOOD_QUERIES), variables: { id: validId(rng) } });
    const cut = rng.int(1, body.length - 1);
    return post("broken JSON", rng.pick([
      body.slice(0, cut),
      // raw control characters are invalid JSON wherever they land, inside a string or not
      body.slice(0, cut) + rng.pick(["\u0000", "\u0007", "\u001f", "\u0000}", "\u0001NaN"]) + body.slice(cut),
      body.replace(/"/, "'"), `${body},`, `${body}${body}`, body.replace(/:/g, "="), `{"query": ${rng.pick(GOOD_QUERIES)}}`,
      "{", "}", "[", "{\"query\":\"{ contactPoints { name } }\",}", "/* c */ {}", "{\"query\": \"\\uZZZZ\"}", "\ufeff{}",
    ]));
  },
  "not a JSON object": (rng) => post("not a JSON object", rng.pick(['"{ contactPoints { name } }"', "42", "null", "true", "-1e999", '""', "[]", "[[]]", "[null]", "[1,2,3]"])),
  "null and odd query": (rng) => post("null and odd query", rng.pick([
    { query: null }, { query: 42 }, { query: {} }, { query: [] }, { query: "" }, { query: "   " }, {},
    { query: rng.pick(GOOD_QUERIES), operationName: "Missing" }, { query: rng.pick(GOOD_QUERIES), operationName: 7 },
    { query: "query A { contactPoints { name } } query B { scenarios { seq } }" },
    { query: rng.pick(GOOD_QUERIES), variables: "{}" }, { query: rng.pick(GOOD_QUERIES), variables: [1] }, { query: rng.pick(GOOD_QUERIES), extensions: "x" },
    { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } },
    { query: "{ contactPoints { name } }", extensions: { persistedQuery: { version: 1, sha256Hash: "f".repeat(64) } } },
    { query: "subscription { rosterEvents { kind } }" }, { query: "mutation { nothing }" }, { query: "{ __schema { types { name } } }" },
  ])),
  "syntax garbage": (rng) => {
    const tokens = ["{", "}", "(", ")", "[", "]", ":", "$", "@", "...", "!", "=", "|", "&", "query", "fragment", "on", "\"x\"", "\"\"\"", "1", "1.5e", "#", "\n", "contactPoints", "name", "\\u0000", "é", "∞"];
    return post("syntax garbage", { query: Array.from({ length: rng.int(1, 60) }, () => rng.pick(tokens)).join(rng.pick([" ", "", ","])) });
  },
  "huge bodies": (rng) => {
    const size = rng.int(1_100_000, 2_500_000);
    return post("huge bodies", rng.pick([
      JSON.stringify({ query: "{ contactPoints { name } }", variables: { x: "a".repeat(size) } }),
      JSON.stringify({ query: `{ contactPoints { name } } # ${"x".repeat(size)}` }),
      "[".repeat(size),
    ]));
  },
  "large but within the limit": (rng) => post("large but within the limit", rng.pick([
    { query: `{ contactPoints { name } } # ${"x".repeat(rng.int(10_000, 900_000))}` },
    { query: "query($x: String) { contactPoints { name } }", variables: { x: "字".repeat(rng.int(10_000, 300_000)) } },
    { query: `{ contactPoints { ${"name ".repeat(rng.int(5_001, 100_000))}} }` },
    { query: `query { contactPoints { name } } ${"fragment f on Query { contactPoints { name } } ".repeat(rng.int(1, 2_000))}` },
  ])),
  "alias floods": (rng) => {
    const n = rng.int(31, 3_000);
    const field = rng.pick(["contactPoints { name }", "scenarios { seq }", "__typename", 'serviceItem(code: "2.4.2") { code }']);
    return post("alias floods", { query: rng.pick([
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`,
      `{ contactPoints { ${Array.from({ length: n }, (_, i) => `n${i}: name`).join(" ")} } }`,
      `{ ...f } fragment f on Query { ${Array.from({ length: Math.min(n, 40) }, (_, i) => `a${i}: ${field}`).join(" ")} }`,
      `{ ${`contactPoints { name } `.repeat(Math.min(n, 800))}}`,
      `{ contactPoints { ${"name @include(if: true) ".repeat(Math.min(n, 400))}} }`,
    ]) });
  },
  "deep nesting": (rng) => {
    const depth = rng.int(11, 400);
    const person = "person(idNumber: \"11010519491231002X\") { socialInsurance { enrolments { employer { insuredStaff { edges { node { socialInsurance { enrolments { employer { insuredStaff { edges { node { idNumber } } } } } } } } } } } } }";
    return post("deep nesting", rng.pick([
      { query: `{ ${"a { ".repeat(depth)}b${" }".repeat(depth)} }` },
      { query: `{ ${person} }` },
      { query: `{ contactPoints { ...a } } ${Array.from({ length: Math.min(depth, 50) }, (_, i) => `fragment ${i ? `f${i}` : "a"} on ContactPoint { name ...f${i + 1} }`).join(" ")} fragment f${Math.min(depth, 50)} on ContactPoint { name }` },
      { query: "fragment a on Query { ...b } fragment b on Query { ...a } { ...a }" },
      { query: `{ serviceItem(code: ${"[".repeat(depth)}"x"${"]".repeat(depth)}) { code } }` },
      { query: "query($x: JSONObject) { contactPoints { name } }", variables: { x: JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`) } },
      `{"query": "{ contactPoints { name } }", "variables": {"x": ${"[".repeat(depth * 100)}${"]".repeat(depth * 100)}}}`,
    ]));
  },
  "fragment bombs": (rng) => {
    const n = rng.int(8, 60);
    const on = rng.pick(["ContactPoint", "Query"]);
    const leaf = on === "Query" ? "contactPoints { name }" : "name";
    const spreads = rng.int(2, 4);
    const fragments = Array.from({ length: n }, (_, i) => `fragment f${i} on ${on} { ${leaf} ${`...f${i + 1} `.repeat(spreads)}}`).join(" ");
    return post("fragment bombs", { query: `{ ${on === "Query" ? "...f0" : "contactPoints { ...f0 }"} } ${fragments} fragment f${n} on ${on} { ${leaf} }` });
  },
  "wrong variable types": (rng) => {
    const value = rng.pick<unknown>([null, 0, -1, 2 ** 53, 1.5, "five", true, [], {}, [1, 2], { a: { b: 1 } }, "", "2020-13-01", "2020-02-30", "25/09/2020", "9".repeat(400)]);
    return post("wrong variable types", rng.pick([
      { query: "query($d: Date!, $n: Int!) { addWorkingDays(date: $d, days: $n) }", variables: { d: value, n: rng.pick([value, 3]) } },
      { query: "query($d: Date!, $n: Int!) { addWorkingDays(date: $d, days: $n) }", variables: {} },
      { query: "query($n: Int!) { persons(first: $n) { edges { node { idNumber } } } }", variables: { n: value } },
      { query: "query($t: DateTime!) { deadline(itemCode: \"2.4.2\", acceptedAt: $t) }", variables: { t: value } },
      { query: "query($s: Int!) { materialsFor(scenario: $s) { materials { name } } }", variables: { s: value } },
      { query: "query($c: String!) { serviceItem(code: $c) { code } }", variables: { c: value, extra: value } },
      { query: "query($x: NoSuchType) { contactPoints { name } }", variables: { x: value } },
      { query: `{ addWorkingDays(date: ${JSON.stringify(value)}, days: ${JSON.stringify(value)}) }` },
      { query: "{ persons(first: 99999999999999999999) { edges { node { idNumber } } } }" },
    ]));
  },
  "bad ID numbers": (rng) => {
    const id = badId(rng);
    const literal = typeof id === "string" ? JSON.stringify(id) : JSON.stringify(id ?? null);
    return post("bad ID numbers", rng.pick([
      { query: "query($id: IdNumber!) { person(idNumber: $id) { idNumber name } }", variables: { id } },
      { query: `{ person(idNumber: ${literal}) { idNumber } }` },
      { query: "query($id: IdNumber) { applicantRecord(idNumber: $id) { __typename } }", variables: { id } },
      { query: "query($id: IdNumber!) { a: person(idNumber: $id) { idNumber } b: person(idNumber: \"11010519491231002X\") { idNumber } }", variables: { id } },
      { query: "mutation($id: IdNumber!) { reportCardLoss(idNumber: $id, idempotencyKey: \"fuzz\") { __typename } }", variables: { id } },
    ]), rng.next() < 0.5 ? { ...JSON_TYPE, ...as(clerk) } : JSON_TYPE);
  },
  "bad credit codes": (rng) => {
    const code = badCreditCode(rng);
    const literal = JSON.stringify(code ?? null);
    return post("bad credit codes", rng.pick([
      { query: "query($c: CreditCode!) { employer(creditCode: $c) { name } }", variables: { c: code } },
      { query: `{ employer(creditCode: ${literal}) { name } }` },
      { query: "query($c: CreditCode) { persons(employer: $c, first: 3) { edges { node { idNumber } } } }", variables: { c: code } },
      { query: "query($c: CreditCode) { applicantRecord(creditCode: $c) { __typename } }", variables: { c: code } },
    ]), rng.next() < 0.5 ? { ...JSON_TYPE, ...as(clerk) } : JSON_TYPE);
  },
  "wrong methods": (rng) => {
    const method = rng.pick(["PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "PURGE"]);
    return { family: "wrong methods", method, headers: JSON_TYPE, body: method === "OPTIONS" && rng.next() < 0.5 ? undefined : JSON.stringify({ query: rng.pick(GOOD_QUERIES) }) };
  },
  "wrong content types": (rng) => post("wrong content types", JSON.stringify({ query: rng.pick(GOOD_QUERIES) }), {
    "content-type": rng.pick([
      "text/plain", "text/html", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/xml", "application/graphql",
      "application/json; charset=latin1", "application/json; charset=utf-16le", "application/json; charset=gbk", "application/json; charset=\"\"",
      "application/jsonx", "json", "*/*", "application/*", ";", "application/json;;;charset", "application/graphql-response+json",
    ]),
    ...(rng.next() < 0.2 ? { "content-encoding": rng.pick(["gzip", "br", "deflate", "compress", "x-zip"]) } : {}),
  }),
  "garbage bytes": (rng) => post("garbage bytes", bytes(rng, rng.int(1, 4_000)), rng.next() < 0.7 ? JSON_TYPE : { "content-type": "application/json", "content-encoding": rng.pick(["gzip", "deflate", "br"]) }),
  "invalid UTF-8": (rng) => {
    const bad = rng.pick([[0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0xe2, 0x82], [0xc0, 0xaf], [0xfe, 0xfe, 0xff]]);
    const [head, tail] = rng.pick([
      ['{"query": "{ contactPoints { name } }", "variables": {"x": "', '"}}'],
      ['{"query": "{ person(idNumber: \\"1101051949123', '\\") { idNumber } }"}'],
      ['{"query": "{ contactPoints { na', 'me } }"}'],
      ['{"query": "query($id: IdNumber!) { person(idNumber: $id) { idNumber } }", "variables": {"id": "110105194912', '31002X"}}'],
      ['{"qu', 'ery": "{ contactPoints { name } }"}'],
    ]);
    const enc = new TextEncoder();
    return post("invalid UTF-8", Uint8Array.from([...enc.encode(head), ...bad, ...enc.encode(tail)]));
  },
  "batched arrays": (rng) => post("batched arrays", Array.from({ length: rng.int(1, 6) }, () => rng.pick<unknown>([{ query: rng.pick(GOOD_QUERIES) }, { query: null }, null, 1, "x", [], { query: "{ a" }]))),
  "GET requests": (rng) => {
    const q = rng.pick([
      `query=${encodeURIComponent(rng.pick(GOOD_QUERIES))}&variables=${encodeURIComponent("{bad")}`,
      `query=${encodeURIComponent("mutation { reportCardLoss(idNumber: \"11010519491231002X\", idempotencyKey: \"x\") { __typename } }")}`,
      `query=a&query=b`, `variables=${encodeURIComponent("{}")}`, "query=%E0%A4%A", "query=%FF%FE", `query=${encodeURIComponent("{ contactPoints { name } }")}&extensions=%7B`,
      `query=${encodeURIComponent(`{${"()".repeat(3_000)}}`)}`, `query=${encodeURIComponent(`query($id: IdNumber!) { person(idNumber: $id) { idNumber } }`)}&variables=${encodeURIComponent(JSON.stringify({ id: badId(rng) }))}`,
    ]);
    return { family: "GET requests", method: "GET", path: `?${q}`, headers: rng.next() < 0.8 ? GET_HEADERS : {} };
  },
};

const stableCodes = new Set<string>([
  ...Object.values(ErrorCode),
  // GraphQL-over-HTTP and graphql-js codes Apollo Server answers with (lib/errors.ts protocolCodes)
  "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "OPERATION_RESOLUTION_FAILURE",
]);

interface Outcome { probe: Probe; status: number; problem?: string }

async function fire(url: string, probe: Probe): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(url + (probe.path ?? ""), { method: probe.method, headers: probe.headers, body: probe.body as BodyInit | undefined });
  } catch (err) {
    return { probe, status: 0, problem: `no answer: ${(err as Error).message} ${String((err as { cause?: { code?: string } }).cause?.code ?? "")}` };
  }
  const text = await res.text();
  if (res.status >= 500) return { probe, status: res.status, problem: `5xx: ${text.slice(0, 200)}` };
  let body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { probe, status: res.status, problem: `not JSON: ${text.slice(0, 120)}` };
  }
  if (res.status >= 400 && !body.errors?.length) return { probe, status: res.status, problem: "a refusal without errors" };
  const unstable = (body.errors ?? []).map((e) => e.extensions?.code).filter((c) => typeof c !== "string" || !stableCodes.has(c));
  if (unstable.length) return { probe, status: res.status, problem: `codes ${JSON.stringify(unstable)}` };
  // a refusal of bad input is the client's doing; never dressed up as an internal error
  if (res.status >= 400 && body.errors!.some((e) => e.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR)) return { probe, status: res.status, problem: "INTERNAL_SERVER_ERROR on a 4xx" };
  return { probe, status: res.status };
}

async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

describe("fuzzing the gateway with bad requests (on Redis)", () => {
  const store = sharedTestStore();
  let catalogue: RunningSubgraph;
  let siLegacy: LegacyStandIn;
  let si: RunningSubgraph;
  let gateway: RunningGateway;
  let url: string;
  beforeAll(async () => {
    [catalogue, siLegacy] = await Promise.all([startCatalogue({ port: 0 }), startSocialInsuranceLegacy({ port: 0 })]);
    si = await startSocialInsurance({ store, port: 0, legacyUrl: siLegacy.url });
    gateway = await startGateway({
      port: 0,
      // the gateway's own counters in process: a thousand requests from loopback must not use up the
      // shared per-address count that later tests on this Redis start from
      store: new MemoryStore(),
      cacheTtlMs: 0,
      subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }, { name: "social-insurance", url: `${si.url}/graphql` }],
      authenticate: fromTestHeader,
      // the per-address limit is not what this test is about
      rateLimits: unlimitedRates,
    });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await gateway?.close();
    await si?.close();
    await siLegacy?.close();
    await catalogue?.close();
    await store.close();
  });

  it("answers ≥ 1,000 generated bad requests with no 5xx and only stable codes, and stays up", async () => {
    const rng = seeded(SEED);
    const probes = Object.values(families).flatMap((make) => Array.from({ length: PER_FAMILY }, () => make(rng)));
    expect(probes.length).toBeGreaterThanOrEqual(1_000);
    const started = Date.now();
    let outcomes: Outcome[] = [];
    const lines = await logLinesDuring(async () => { outcomes = await pool(probes, 24, (p) => fire(url, p)); });
    const elapsed = Date.now() - started;
    // nothing of a request body reaches the log: not one of the ID numbers the probes carried
    const decoded = (q: string) => { try { return decodeURIComponent(q); } catch { return q; } };
    const text = (b: Probe["body"]) => (b instanceof Uint8Array ? Buffer.from(b).toString("latin1") : (b ?? ""));
    const sent = new Set(probes.flatMap((p) => `${text(p.body)} ${decoded(p.path ?? "")}`.match(/\d{17}[\dXx]/g) ?? []));
    expect(sent.size).toBeGreaterThan(50);
    expect(lines.length).toBeGreaterThan(100); // the refusals are logged, by their kind
    const logged = lines.join("\n");
    expect([...sent].filter((id) => logged.includes(id))).toEqual([]);

    const problems = outcomes.filter((o) => o.problem);
    const summary = problems.slice(0, 10).map((o) => `${o.probe.family} ${o.probe.method} ${String(o.probe.body ?? o.probe.path ?? "").slice(0, 160)} → ${o.status} ${o.problem}`);
    expect(summary).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500)).toHaveLength(0);
    // the probes were refused for what they are, not waved through
    const statusesOf = (family: string) => new Set(outcomes.filter((o) => o.probe.family === family).map((o) => o.status));
    expect(statusesOf("huge bodies")).toEqual(new Set([413]));
    expect(statusesOf("wrong methods")).toEqual(new Set([405]));
    const broken = outcomes.filter((o) => o.probe.family === "broken JSON");
    expect(broken.filter((o) => o.status !== 400).map((o) => `${o.status} ${String(o.probe.body)}`)).toEqual([]);
    expect(elapsed).toBeLessThan(20_000);

    const health = await fetch(`${gateway.url}/health`);
    expect(health.status).toBe(200);
    const good = await fetch(url, { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: '{ serviceItem(code: "2.4.2") { code } }' }) });
    expect(good.status).toBe(200);
    expect(await good.json()).toHaveProperty("data");
  }, 60_000);
});
