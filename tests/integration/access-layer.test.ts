import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { as, fromTestHeader } from "../support/principals";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { codes, gql } from "../support/graphql";
import { sharedTestStore } from "../support/store";

/**
 * The access layer tried as an attacker would: from a citizen's own record to her co-workers', at
 * the agency subgraphs directly, as staff of another region.
 */
const { people } = demoData();
const employed = people.filter((p) => p.stage === "EMPLOYED" && p.employerCreditCode);
const byEmployer = new Map<string, typeof employed>();
for (const p of employed) byEmployer.set(p.employerCreditCode!, [...(byEmployer.get(p.employerCreditCode!) ?? []), p]);
const [creditCode, staff] = [...byEmployer.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
const her = staff[0]!;
const citizen: Principal = { kind: "citizen", subject: "citizen-access-test", idNumber: her.idNumber };
const changzhi = people.find((p) => p.region === "长治市" && p.card.status === "ACTIVE")!;
const datongOperator: Principal = { kind: "staff", subject: "staff-si-datong", roles: ["operator"], agency: "social-insurance", region: "大同市" };
const cardOperatorChangzhi: Principal = { kind: "staff", subject: "staff-card-changzhi", roles: ["operator"], agency: "card", region: "长治市" };

describe("the access layer decides on every object (real subgraphs, real Redis)", () => {
  const store = sharedTestStore();
  let agencies: AllAgencies;
  let gateway: RunningGateway;
  let url: string;
  beforeAll(async () => {
    agencies = await startAllAgencies(store);
    gateway = await startGateway({ port: 0, store, subgraphs: agencies.endpoints, authenticate: fromTestHeader, cacheTtlMs: 0 });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await gateway.close();
    await agencies.close();
    await store.close();
  });

  const coworkers = `query($id: IdNumber!) { person(idNumber: $id) { idNumber name socialInsurance { enrolments { employer { creditCode name
    insuredStaff(first: 50) { edges { node { idNumber name birthDate archive { keeper partyMember } } } } } } } } }`;

  it("a citizen starting from her own record reads none of her co-workers", async () => {
    const r = await gql(url, coworkers, { id: her.idNumber }, as(citizen));
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.data);
    expect(text).toContain(her.idNumber);
    for (const other of staff.slice(1)) {
      expect(text).not.toContain(other.idNumber);
      expect(text).not.toContain(other.name);
    }
    const denied = (r.errors ?? []).filter((e) => e.extensions?.code === "FORBIDDEN");
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.path?.includes("insuredStaff"))).toBe(true);
  });

  it("nor through her employment registration or labour filings", async () => {
    const q = `query($id: IdNumber!) { person(idNumber: $id) {
      employment { registration { employer { insuredStaff(first: 50) { edges { node { idNumber name } } } } } }
      laborFilings { employer { insuredStaff(first: 50) { edges { node { idNumber name } } } filings { edges { node { person { idNumber name } } } } } } } }`;
    const r = await gql(url, q, { id: her.idNumber }, as(citizen));
    const text = JSON.stringify(r.data);
    for (const other of staff.slice(1)) expect(text).not.toContain(other.idNumber);
    expect(codes(r)).toContain("FORBIDDEN");
  });

  it("an employer operator reads the people her enterprise insures, and a stranger comes back null with FORBIDDEN", async () => {
    const operator: Principal = { kind: "employer", subject: "op-access-test", creditCode };
    const stranger = employed.find((p) => p.employerCreditCode !== creditCode)!;
    const r = await gql<{ a: { name: string } | null; b: { name: string } | null }>(url, `query($a: IdNumber!, $b: IdNumber!) { a: person(idNumber: $a) { name } b: person(idNumber: $b) { name } }`, { a: her.idNumber, b: stranger.idNumber }, as(operator));
    expect(r.data?.a?.name).toBe(her.name);
    expect(r.data?.b).toBeNull();
    expect(r.errors?.find((e) => e.path?.[0] === "b")?.extensions?.code).toBe("FORBIDDEN");
    expect(JSON.stringify(r.data)).not.toContain(stranger.name);
  });

  it("staff read people in their region only, and say why", async () => {
    const q = `query($id: IdNumber!) { person(idNumber: $id) { name } }`;
    expect(codes(await gql(url, q, { id: changzhi.idNumber }, as(datongOperator)))).toEqual(["PURPOSE_REQUIRED"]);
    const r = await gql(url, q, { id: changzhi.idNumber }, { ...as(datongOperator), "x-purpose": encodeURIComponent("待遇核验") });
    expect(r.data?.person ?? null).toBeNull();
    expect(codes(r)).toEqual(["FORBIDDEN"]);
    const local: Principal = { ...datongOperator, region: "长治市", subject: "staff-si-changzhi" };
    const ok = await gql<{ person: { name: string } }>(url, q, { id: changzhi.idNumber }, { ...as(local), "x-purpose": "audit" });
    expect(ok.data?.person.name).toBe(changzhi.name);
  });

  it("the 大同 social-insurance operator cannot report a 长治 resident's card lost; the 长治 card operator can", async () => {
    const m = `mutation($id: IdNumber!, $k: String!) { reportCardLoss(idNumber: $id, idempotencyKey: $k) { status } }`;
    const calls = agencies.legacy.card.stats.requests;
    const r = await gql(url, m, { id: changzhi.idNumber, k: `loss-${Date.now()}` }, as(datongOperator));
    expect(codes(r)).toEqual(["FORBIDDEN"]);
    expect(agencies.legacy.card.stats.requests).toBe(calls);
    const ok = await gql<{ reportCardLoss: { status: string } }>(url, m, { id: changzhi.idNumber, k: `loss-${Date.now()}` }, as(cardOperatorChangzhi));
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    expect(ok.data?.reportCardLoss.status).toBe("COMPLETED");
  });
});

describe("the agency subgraphs answer only the gateway", () => {
  const store = sharedTestStore();
  let agencies: AllAgencies;
  beforeAll(async () => { agencies = await startAllAgencies(store); });
  afterAll(async () => { await agencies.close(); await store.close(); });

  const post = (target: string, query: string, headers: Record<string, string> = {}, variables?: unknown) =>
    fetch(target, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) })
      .then(async (res) => ({ status: res.status, ...((await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }) }));
  const staffPrincipal: Principal = { kind: "staff", subject: "s", roles: ["clerk"], agency: "window", region: "省本级" };

  it.each([
    ["no principal", () => ({})],
    ["an expired one", () => ({ [PRINCIPAL_HEADER]: signPrincipal(staffPrincipal, { audience: "social-insurance", requestId: "r", now: Date.now() - 120_000 }) })],
    ["a forged one", () => ({ [PRINCIPAL_HEADER]: signPrincipal(staffPrincipal, { audience: "social-insurance", requestId: "r" }).replace(/.$/, (c) => (c === "A" ? "B" : "A")) })],
    ["one signed for another subgraph", () => ({ [PRINCIPAL_HEADER]: signPrincipal(staffPrincipal, { audience: "card", requestId: "r" }) })],
  ])("social insurance refuses %s: UNAUTHENTICATED, nothing listed", async (_what, headers) => {
    const r = await post(agencies.urls["social-insurance"], "{ persons(first: 100) { edges { node { idNumber name } } } }", headers());
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.data).toBeUndefined();
  });

  it("personnel gives no party organisation through _entities, and the card system runs no item, without a principal", async () => {
    const e = await post(agencies.urls.personnel, `{ _entities(representations: [{ __typename: "Person", idNumber: "${her.idNumber}" }]) { ... on Person { archive { partyOrganization } } } }`);
    expect(e.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const m = await post(agencies.urls.card, `mutation { reportCardLoss(idNumber: "${changzhi.idNumber}", idempotencyKey: "x-${Date.now()}") { status } }`);
    expect(m.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("on its own, a subgraph applies the same object rules: a citizen's principal gets only herself from _entities", async () => {
    const other = staff[1]!;
    const headers = { [PRINCIPAL_HEADER]: signPrincipal(citizen, { audience: "personnel", requestId: "r" }) };
    const r = await post(agencies.urls.personnel, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber archive { keeper } } } }`, headers, {
      r: [{ __typename: "Person", idNumber: her.idNumber }, { __typename: "Person", idNumber: other.idNumber }],
    });
    const entities = (r.data as { _entities: unknown[] })._entities;
    expect(entities[1]).toBeNull();
    expect(JSON.stringify(r.data)).not.toContain(other.idNumber);
    expect(r.errors?.map((e) => e.extensions?.code)).toContain("FORBIDDEN");
  });
});
