import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import type { Principal } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { startAllAgencies, type AgencyName, type AllAgencies } from "../support/agency-stack";
import { gql } from "../support/graphql";
import { as, fromTestHeader } from "../support/principals";
import { sharedTestStore } from "../support/store";

/**
 * Queries on cached plans answer exactly as stitching does: two gateways over the same five agency
 * systems, one on plans and one on stitching, asked the same queries by the same callers. Data and
 * errors (code, path, message) are compared, and so are the requests each subgraph and each legacy
 * system received: a plan asks one request per subgraph per level, as stitching's batching does.
 */
const { people, employers } = demoData();
const employed = people.filter((p) => p.stage === "EMPLOYED" && p.employerCreditCode);
const byEmployer = new Map<string, typeof employed>();
for (const p of employed) byEmployer.set(p.employerCreditCode!, [...(byEmployer.get(p.employerCreditCode!) ?? []), p]);
const [creditCode, staff] = [...byEmployer.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
const her = staff[0]!;
const stranger = employed.find((p) => p.employerCreditCode !== creditCode)!;
const changzhi = people.find((p) => p.region === "长治市")!;

const partner = (scopes: string[]): Principal => ({ kind: "partner", subject: "apikey:plans", department: "测试", scopes, keyId: "plans", ratePerMinute: 1000 });
const allScopes = ["person:read", "pii:read", "insurance:read", "employment:read", "archive:read", "labor:read", "card:read", "employer:read"];
const callers = {
  partner: { ...as(partner(allScopes)), "x-purpose": "plans" },
  partnerNoPii: { ...as(partner(allScopes.filter((s) => s !== "pii:read"))), "x-purpose": "plans" },
  partnerFewScopes: { ...as(partner(["person:read", "pii:read", "insurance:read"])), "x-purpose": "plans" },
  partnerNoPurpose: as(partner(allScopes)),
  citizen: as({ kind: "citizen", subject: "citizen-plans", idNumber: her.idNumber }),
  employer: as({ kind: "employer", subject: "op-plans", creditCode }),
  datong: { ...as({ kind: "staff", subject: "staff-si-datong", roles: ["operator"], agency: "social-insurance", region: "大同市" }), "x-purpose": "plans" },
  anonymous: {},
} satisfies Record<string, Record<string, string>>;

const FIVE = "idNumber name socialInsurance { enrolments { insurance status } } employment { registration { status } } archive { keeper } laborFilings { status } socialSecurityCard { status }";

interface Case { name: string; query: string; variables?: Record<string, unknown>; caller: keyof typeof callers }
const cases: Case[] = [
  { name: "one person over five systems", query: `query P($id: IdNumber!) { person(idNumber: $id) { ${FIVE} } }`, variables: { id: her.idNumber }, caller: "partner" },
  { name: "a page of 50 over five systems", query: `query($after: String) { persons(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { ${FIVE} } } } }`, variables: { after: null }, caller: "partner" },
  { name: "aliases, and the same field twice", query: `query($a: IdNumber!, $b: IdNumber!) { a: person(idNumber: $a) { name who: idNumber employment { registration { status } } } b: person(idNumber: $b) { name employment { registration { s: status } } } }`, variables: { a: her.idNumber, b: stranger.idNumber }, caller: "partner" },
  { name: "fragments and __typename", query: `query($id: IdNumber!) { person(idNumber: $id) { __typename ...Who ... on Person { archive { __typename keeper } } } } fragment Who on Person { name employment { registration { status } } laborFilings { ...F } } fragment F on LaborFiling { status employer { creditCode name } }`, variables: { id: her.idNumber }, caller: "partner" },
  { name: "@include true", query: `query($id: IdNumber!, $more: Boolean!) { person(idNumber: $id) { name archive @include(if: $more) { keeper } employment @skip(if: $more) { registration { status } } } }`, variables: { id: her.idNumber, more: true }, caller: "partner" },
  { name: "@include false", query: `query($id: IdNumber!, $more: Boolean!) { person(idNumber: $id) { name archive @include(if: $more) { keeper } employment @skip(if: $more) { registration { status } } } }`, variables: { id: her.idNumber, more: false }, caller: "partner" },
  { name: "a variable that does not fit its type", query: `query($id: IdNumber!, $n: Int) { person(idNumber: $id) { name } persons(first: $n) { edges { cursor } } }`, variables: { id: "12345", n: "many" }, caller: "partner" },
  { name: "a person nobody knows", query: `query($id: IdNumber!) { person(idNumber: $id) { ${FIVE} } }`, variables: { id: "110101199003070011" }, caller: "partner" },
  { name: "masked for a partner without pii:read", query: `query($id: IdNumber!) { person(idNumber: $id) { ${FIVE} employment { employmentCardNo } } }`, variables: { id: her.idNumber }, caller: "partnerNoPii" },
  { name: "fields of systems the partner holds no scope for", query: `query($id: IdNumber!) { person(idNumber: $id) { ${FIVE} } }`, variables: { id: her.idNumber }, caller: "partnerFewScopes" },
  { name: "no purpose stated", query: `query($id: IdNumber!) { person(idNumber: $id) { ${FIVE} } }`, variables: { id: her.idNumber }, caller: "partnerNoPurpose" },
  { name: "anonymous", query: `query($id: IdNumber!) { person(idNumber: $id) { ${FIVE} } }`, variables: { id: her.idNumber }, caller: "anonymous" },
  { name: "a citizen's own record", query: `query($id: IdNumber!) { person(idNumber: $id) { ${FIVE} } }`, variables: { id: her.idNumber }, caller: "citizen" },
  {
    name: "a citizen walking to her co-workers",
    query: `query($id: IdNumber!) { person(idNumber: $id) { name
      employment { registration { employer { insuredStaff(first: 50) { edges { node { idNumber name archive { keeper } } } } } } }
      laborFilings { employer { insuredStaff(first: 50) { edges { node { idNumber name } } } filings { edges { node { person { idNumber name employment { registration { status } } } } } } } } } }`,
    variables: { id: her.idNumber },
    caller: "citizen",
  },
  { name: "an employer operator: her staff and a stranger", query: `query($a: IdNumber!, $b: IdNumber!) { a: person(idNumber: $a) { name archive { keeper } } b: person(idNumber: $b) { name archive { keeper } } }`, variables: { a: her.idNumber, b: stranger.idNumber }, caller: "employer" },
  { name: "an employer operator: names only", query: `query($a: IdNumber!, $b: IdNumber!) { a: person(idNumber: $a) { name } b: person(idNumber: $b) { name } }`, variables: { a: her.idNumber, b: stranger.idNumber }, caller: "employer" },
  // the object rules of every person on a page need her facts: one lookup for the page, not one per person
  { name: "an employer operator: her insured staff over three systems", query: `query($cc: CreditCode!) { employer(creditCode: $cc) { insuredStaff(first: 50) { edges { node { idNumber name archive { keeper } employment { registration { status } } } } } } }`, variables: { cc: creditCode }, caller: "employer" },
  { name: "staff of a region: a page of 50 over two systems", query: `query { persons(first: 50) { edges { node { name employment { registration { status } } } } } }`, caller: "datong" },
  { name: "staff of another region, names only", query: `query($id: IdNumber!) { person(idNumber: $id) { name } }`, variables: { id: changzhi.idNumber }, caller: "datong" },
  { name: "staff of another region", query: `query($id: IdNumber!) { person(idNumber: $id) { name employment { registration { status } } } }`, variables: { id: changzhi.idNumber }, caller: "datong" },
  {
    name: "two levels: employers, their filings' people",
    query: `query($ccs: [CreditCode!]!) { testEmployers(creditCodes: $ccs) { creditCode name hiringFilings { person { idNumber archive { keeper } employment { registration { status } } } } } }`,
    variables: { ccs: employers.filter((e) => e.publicInstitution).map((e) => e.creditCode) },
    caller: "partner",
  },
];

type Answer = Awaited<ReturnType<typeof gql>>;
const errorsOf = (r: Answer) => (r.errors ?? []).map((e) => ({ code: e.extensions?.code, path: e.path, message: e.message })).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

describe("queries on cached plans answer as stitching does", () => {
  const store = sharedTestStore();
  let agencies: AllAgencies;
  let planned: RunningGateway;
  let stitched: RunningGateway;
  beforeAll(async () => {
    agencies = await startAllAgencies(store);
    const common = { port: 0, store, subgraphs: agencies.endpoints, authenticate: fromTestHeader, cacheTtlMs: 0 };
    [planned, stitched] = await Promise.all([startGateway({ ...common, queryPlans: true }), startGateway({ ...common, queryPlans: false })]);
  });
  afterAll(async () => {
    await Promise.all([planned?.close(), stitched?.close()]);
    await agencies?.close();
    await store.close();
  });

  const requests = () => {
    const names = Object.keys(agencies.subgraphs) as AgencyName[];
    return Object.fromEntries(names.flatMap((n) => [[`${n} subgraph`, agencies.subgraphs[n].stats.requests], [`${n} legacy`, agencies.legacy[n].stats.requests]]));
  };
  const ask = async (gateway: RunningGateway, c: Case) => {
    const before = requests();
    const answer = await gql(`${gateway.url}/graphql`, c.query, c.variables, callers[c.caller]);
    const after = requests();
    return { answer, calls: Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - before[k]!])) };
  };

  const same = async (c: Case, paths: "exact" | "own positions" = "exact") => {
    const reference = await ask(stitched, c);
    // twice: the first request plans, the second runs the cached plan
    for (const run of ["planned", "cached plan"]) {
      const mine = await ask(planned, c);
      expect(mine.answer.status, run).toBe(reference.answer.status);
      expect(mine.answer.data, run).toEqual(reference.answer.data);
      if (paths === "exact") expect(errorsOf(mine.answer), run).toEqual(errorsOf(reference.answer));
      else {
        // Stitching puts every list item's error on the first item (persons.edges.0.node.archive);
        // a plan puts each on its own item: the same errors, each where it happened.
        const positionless = (r: Answer) => errorsOf({ ...r, errors: r.errors?.map((e) => ({ ...e, path: e.path?.map((p) => (typeof p === "number" ? 0 : p)) })) });
        expect(positionless(mine.answer), run).toEqual(positionless(reference.answer));
        const ownPaths = mine.answer.errors!.map((e) => e.path!.join("."));
        expect(new Set(ownPaths).size, run).toBe(ownPaths.length);
      }
      expect(mine.calls, run).toEqual(reference.calls);
      last = mine.answer;
    }
    return { reference: reference.answer, planned: last! };
  };
  let last: Answer | undefined;
  for (const c of cases) it(c.name, async () => { await same(c); });

  // Last, as they take systems down: a fault in one system costs only its own fields, on both.
  const page = cases[1]!;
  it("the personnel legacy system stopped: its fields fail on every person, the rest comes", async () => {
    await agencies.legacy.personnel.close();
    const { planned: answer } = await same(page, "own positions");
    const people = (answer.data as { persons: { edges: unknown[] } }).persons.edges.length;
    expect(answer.errors?.map((e) => e.path?.join("."))).toEqual(Array.from({ length: people }, (_, i) => `persons.edges.${i}.node.archive`));
    expect(answer.errors?.every((e) => e.extensions?.code === "UPSTREAM_UNAVAILABLE")).toBe(true);
  });
  it("the card subgraph stopped as well: its fields fail too, the other three systems' come", async () => {
    await agencies.subgraphs.card.close();
    const { planned: answer } = await same(page, "own positions");
    expect(new Set(answer.errors?.map((e) => e.path?.at(-1)))).toEqual(new Set(["archive", "socialSecurityCard"]));
    expect(JSON.stringify(answer.data)).toContain("enrolments");
  });
});
