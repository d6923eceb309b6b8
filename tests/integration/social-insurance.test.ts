import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoData } from "../../schema/demo";
import { codes } from "../support/graphql";
import { legacyKeyFor } from "../../lib/idempotency";
import { clerk } from "../support/principals";
import { SiCardHarness } from "../support/si-card";

const run = randomUUID().slice(0, 8);
const key = (name: string) => `si-${run}-${name}`;
const { people, employers } = demoData();
const employed = people.filter((p) => p.stage === "EMPLOYED");
const employerOf = (p: (typeof people)[number]) => employers.find((e) => e.creditCode === p.employerCreditCode)!;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("the social-insurance subgraph through the gateway", () => {
  const h = new SiCardHarness({ productionMs: 200 });
  beforeAll(async () => { await h.start(); });
  afterAll(async () => { await h.forget(`kb:idem:*:si-${run}-*`); await h.close(); });

  const PERSON = `query($id: IdNumber!) { person(idNumber: $id) {
    idNumber name gender birthDate region
    socialInsurance { personNo enrolments { insurance insuranceCode status contributionStatus since employer { creditCode name } } benefits { kind status since } }
    socialSecurityCard { number status bank region issuedAt }
  } }`;

  it("returns a seeded person's basic facts, enrolments and card in one query", async () => {
    const p = employed[0]!;
    const r = await h.query<Json>(PERSON, { id: p.idNumber });
    expect(r.errors).toBeUndefined();
    const person = r.data!.person;
    expect(person).toMatchObject({ idNumber: p.idNumber, name: p.name, gender: p.gender, birthDate: p.birthDate, region: p.region });
    expect(person.socialInsurance.personNo).toBe(p.personNo);
    expect(person.socialInsurance.enrolments.map((e: Json) => e.insurance)).toEqual(["PENSION", "UNEMPLOYMENT", "MEDICAL", "WORK_INJURY", "MATERNITY"]);
    expect(person.socialInsurance.enrolments[0]).toMatchObject({ insuranceCode: "110", status: "ACTIVE", contributionStatus: "CONTRIBUTING", since: p.hiredOn, employer: { creditCode: p.employerCreditCode, name: employerOf(p).name } });
    expect(person.socialSecurityCard).toMatchObject({ status: p.card.status, number: p.card.number || null });
  });

  it("shows the pension of a retiree and the unemployment benefit of an unemployed person", async () => {
    const retiree = people.find((p) => p.stage === "RETIRED")!;
    const drawing = people.find((p) => p.drawsUnemploymentBenefit)!;
    const a = await h.query<Json>(PERSON, { id: retiree.idNumber });
    const b = await h.query<Json>(PERSON, { id: drawing.idNumber });
    expect(a.data!.person.socialInsurance.benefits).toEqual([expect.objectContaining({ kind: "PENSION", status: "PAYING" })]);
    expect(b.data!.person.socialInsurance.benefits).toEqual([expect.objectContaining({ kind: "UNEMPLOYMENT_BENEFIT", status: "PAYING" })]);
  });

  it("answers null for a valid ID number no system knows", async () => {
    const r = await h.query<Json>("{ person(idNumber: \"11010519491231002X\") { name } }");
    expect(r.errors).toBeUndefined();
    expect(r.data!.person).toBeNull();
  });

  it("returns an employer and its insured staff with their cards", async () => {
    const e = employerOf(employed[0]!);
    const staff = employed.filter((p) => p.employerCreditCode === e.creditCode);
    h.resetStats();
    const r = await h.query<Json>(`query($c: CreditCode!) { employer(creditCode: $c) { creditCode name region unitNo
      insuredStaff(first: 50) { totalCount edges { node { idNumber name socialSecurityCard { status } } } } } }`, { c: e.creditCode });
    expect(r.errors).toBeUndefined();
    expect(r.data!.employer).toMatchObject({ name: e.name, region: e.region, unitNo: e.unitNo });
    expect(r.data!.employer.insuredStaff.totalCount).toBe(staff.length);
    expect(r.data!.employer.insuredStaff.edges.map((x: Json) => x.node.idNumber).sort()).toEqual(staff.map((p) => p.idNumber).sort());
    expect(r.data!.employer.insuredStaff.edges.every((x: Json) => x.node.socialSecurityCard)).toBe(true);
    expect(h.si.stats.requests).toBe(1);
    expect(h.card.stats.requests).toBe(1);
    expect(h.siLegacy.stats.byPath).toEqual({ "/api/ab01/query": 1, "/api/ac01/page": 1 });
    expect(h.cardLegacy.stats.requests).toBe(1);
  });

  it("batches 50 people: one request per subgraph per level, one call into each legacy system", async () => {
    h.resetStats();
    const r = await h.query<Json>(`{ persons(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      idNumber name gender region socialInsurance { enrolments { insurance status employer { creditCode } } benefits { kind } }
      socialSecurityCard { number status bank }
    } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.persons.edges).toHaveLength(50);
    expect(r.data!.persons.totalCount).toBe(people.length);
    expect(r.data!.persons.edges.every((e: Json) => e.node.name && e.node.socialSecurityCard)).toBe(true);
    expect(h.si.stats.requests).toBe(1); // the root request
    expect(h.card.stats.requests).toBe(1); // one _entities call with 50 representations
    expect(h.siLegacy.stats.requests).toBe(1);
    expect(h.cardLegacy.stats.requests).toBe(1);
  });

  it("pages with cursors and filters by employer and region", async () => {
    const first = await h.query<Json>("{ persons(first: 2) { edges { node { idNumber } } pageInfo { hasNextPage endCursor } } }");
    const next = await h.query<Json>("query($a: String) { persons(first: 2, after: $a) { edges { node { idNumber } } } }", { a: first.data!.persons.pageInfo.endCursor });
    const both = await h.query<Json>("{ persons(first: 4) { edges { node { idNumber } } } }");
    expect([...first.data!.persons.edges, ...next.data!.persons.edges]).toEqual(both.data!.persons.edges);
    const region = await h.query<Json>('{ persons(region: "天镇县", first: 100) { totalCount edges { node { region } } } }');
    expect(region.data!.persons.totalCount).toBe(people.filter((p) => p.region === "天镇县").length);
    expect(region.data!.persons.edges.every((e: Json) => e.node.region === "天镇县")).toBe(true);
    const e = employerOf(employed[1]!);
    const byEmployer = await h.query<Json>("query($c: CreditCode) { persons(employer: $c, first: 100) { totalCount } }", { c: e.creditCode });
    expect(byEmployer.data!.persons.totalCount).toBe(employed.filter((p) => p.employerCreditCode === e.creditCode).length);
  });

  it("refuses bad paging and region arguments", async () => {
    expect(codes(await h.query("{ persons(first: 101) { totalCount } }"))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query('{ persons(after: "bm9wZQ") { totalCount } }'))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query('{ persons(region: "北京市") { totalCount } }'))).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects an invalid ID number or credit code before any legacy call", async () => {
    h.resetStats();
    expect(codes(await h.query('{ person(idNumber: "140100199001010012") { name } }'))).toEqual(["INVALID_ID_NUMBER"]);
    expect(codes(await h.query("query($id: IdNumber!) { person(idNumber: $id) { name } }", { id: "14010019900101001" }))).toEqual(["INVALID_ID_NUMBER"]);
    expect(codes(await h.query('{ employer(creditCode: "91140100MA0000000A") { name } }'))).toEqual(["INVALID_CREDIT_CODE"]);
    const e = employers[0]!;
    expect(codes(await h.query(`mutation { enrolEmployee(idNumber: "140100199001010012", creditCode: "${e.creditCode}", idempotencyKey: "${key("bad-id")}") { caseNumber } }`))).toEqual(["INVALID_ID_NUMBER"]);
    expect(h.siLegacy.stats.requests).toBe(0);
    expect(h.cardLegacy.stats.requests).toBe(0);
  });
});

describe("social-insurance item operations", () => {
  const h = new SiCardHarness();
  beforeAll(async () => { await h.start(); });
  afterAll(async () => { await h.forget(`kb:idem:*:si-${run}-*`); await h.close(); });

  const ENROL = `mutation($id: IdNumber!, $c: CreditCode!, $k: String!) { enrolEmployee(idNumber: $id, creditCode: $c, idempotencyKey: $k) {
    caseNumber itemCode system status acceptedAt completedAt idempotencyKey } }`;
  const enrolments = async (id: string) =>
    ((await h.query<Json>("query($id: IdNumber!) { person(idNumber: $id) { socialInsurance { enrolments { insurance status contributionStatus employer { creditCode } } } } }", { id })).data!.person.socialInsurance.enrolments) as Json[];

  it("enrols an employee once per idempotency key: the same key gives the same case and one legacy record", async () => {
    const p = people.find((x) => x.stage === "GRADUATE")!;
    const e = employers[3]!;
    h.resetStats();
    const first = await h.query<Json>(ENROL, { id: p.idNumber, c: e.creditCode, k: key("enrol") });
    expect(first.errors).toBeUndefined();
    expect(first.data!.enrolEmployee).toMatchObject({ itemCode: "1.1.5", system: "social-insurance", status: "COMPLETED", idempotencyKey: key("enrol") });
    expect(first.data!.enrolEmployee.caseNumber).toMatch(/^BJ\d{14}$/);
    const again = await h.query<Json>(ENROL, { id: p.idNumber, c: e.creditCode, k: key("enrol") });
    expect(again.data!.enrolEmployee).toEqual(first.data!.enrolEmployee);
    expect(h.siLegacy.stats.byPath["/api/cases"]).toBe(1);
    const mine = (await enrolments(p.idNumber)).filter((x) => x.employer.creditCode === e.creditCode);
    expect(mine.map((x) => x.insurance)).toEqual(["PENSION", "UNEMPLOYMENT", "MEDICAL", "WORK_INJURY", "MATERNITY"]);
    expect(mine.every((x) => x.status === "ACTIVE" && x.contributionStatus === "CONTRIBUTING")).toBe(true);
    // the employer's insured staff now lists the person
    const staff = await h.query<Json>("query($c: CreditCode!) { employer(creditCode: $c) { insuredStaff(first: 100) { edges { node { idNumber } } } } }", { c: e.creditCode });
    expect(staff.data!.employer.insuredStaff.edges.map((x: Json) => x.node.idNumber)).toContain(p.idNumber);
  });

  it("refuses the same key for a different request, and a second enrolment with the same employer", async () => {
    const p = people.find((x) => x.stage === "GRADUATE")!;
    const e = employers[3]!;
    expect(codes(await h.query(ENROL, { id: p.idNumber, c: employers[4]!.creditCode, k: key("enrol") }))).toEqual(["IDEMPOTENCY_CONFLICT"]);
    expect(codes(await h.query(ENROL, { id: p.idNumber, c: e.creditCode, k: key("enrol-again") }))).toEqual(["CONFLICT"]);
    expect(codes(await h.query(ENROL, { id: "11010519491231002X", c: e.creditCode, k: key("enrol-nobody") }))).toEqual(["NOT_FOUND"]);
    expect(codes(await h.query(ENROL, { id: p.idNumber, c: e.creditCode, k: "short" }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("returns the case the platform already holds when the receipt was lost after the legacy write", async () => {
    const p = people.filter((x) => x.stage === "GRADUATE")[1]!;
    const e = employers[5]!;
    const k = key("lost-receipt");
    // the platform got the case, but Kuaiban never stored a receipt (a crash in between)
    const direct = await fetch(`${h.siLegacy.url}/api/cases`, {
      method: "POST", headers: { "content-type": "application/json" },
      // the key Kuaiban sends the platform is the caller's own (see lib/idempotency.ts)
      body: JSON.stringify({ YWLSH: legacyKeyFor(clerk, k), SXBM: "1.1.5", AAC002: p.idNumber, AAB001: e.unitNo, PARAMS: {} }),
    });
    const bjbh = ((await direct.json()) as Json).data.BJBH;
    h.resetStats();
    const r = await h.query<Json>(ENROL, { id: p.idNumber, c: e.creditCode, k });
    expect(r.data!.enrolEmployee.caseNumber).toBe(bjbh);
    expect(h.siLegacy.stats.byPath["/api/cases"]).toBeUndefined();
  });

  it("decreases and increases contributors (1.3.1)", async () => {
    const p = employed[2]!;
    const c = p.employerCreditCode!;
    const CHANGE = `mutation($id: IdNumber!, $c: CreditCode!, $ch: ContributorChange!, $i: [Insurance!]!, $k: String!) {
      changeContributors(idNumber: $id, creditCode: $c, change: $ch, insurances: $i, idempotencyKey: $k) { caseNumber itemCode status notes } }`;
    const down = await h.query<Json>(CHANGE, { id: p.idNumber, c, ch: "DECREASE", i: ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"], k: key("decrease") });
    expect(down.data!.changeContributors).toMatchObject({ itemCode: "1.3.1", status: "COMPLETED" });
    const after = await enrolments(p.idNumber);
    expect(after.find((x) => x.insurance === "PENSION")).toMatchObject({ status: "SUSPENDED", contributionStatus: "SUSPENDED" });
    expect(after.find((x) => x.insurance === "MEDICAL")).toMatchObject({ status: "ACTIVE", contributionStatus: "CONTRIBUTING" });
    expect(codes(await h.query(CHANGE, { id: p.idNumber, c, ch: "DECREASE", i: ["PENSION"], k: key("decrease-again") }))).toEqual(["CONFLICT"]);
    const up = await h.query<Json>(CHANGE, { id: p.idNumber, c, ch: "INCREASE", i: ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"], k: key("increase") });
    expect(up.errors).toBeUndefined();
    expect((await enrolments(p.idNumber)).every((x) => x.contributionStatus === "CONTRIBUTING")).toBe(true);
    expect(up.data!.changeContributors.notes).toBeNull();
    // declaring an increase that already holds (as a hire's 参保登记 started it) is recorded with a note, not refused
    const again = await h.query<Json>(CHANGE, { id: p.idNumber, c, ch: "INCREASE", i: ["PENSION"], k: key("increase-again") });
    expect(again.data!.changeContributors).toMatchObject({ status: "COMPLETED", notes: [expect.stringContaining("无需增员")] });
    expect(codes(await h.query(CHANGE, { id: p.idNumber, c, ch: "INCREASE", i: [], k: key("increase-none") }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("stops an unemployment benefit that is drawn, and refuses when none is", async () => {
    const drawing = people.find((p) => p.drawsUnemploymentBenefit)!;
    const STOP = "mutation($id: IdNumber!, $k: String!) { stopUnemploymentBenefit(idNumber: $id, idempotencyKey: $k) { caseNumber itemCode status } }";
    const r = await h.query<Json>(STOP, { id: drawing.idNumber, k: key("stop") });
    expect(r.data!.stopUnemploymentBenefit).toMatchObject({ itemCode: "1.8.1", status: "COMPLETED" });
    const benefits = await h.query<Json>("query($id: IdNumber!) { person(idNumber: $id) { socialInsurance { benefits { kind status } } } }", { id: drawing.idNumber });
    expect(benefits.data!.person.socialInsurance.benefits).toEqual([{ kind: "UNEMPLOYMENT_BENEFIT", status: "STOPPED" }]);
    expect(codes(await h.query(STOP, { id: drawing.idNumber, k: key("stop-again") }))).toEqual(["CONFLICT"]);
  });

  it("accepts a pension relation transfer and validates its regions and item code", async () => {
    const p = employed[3]!;
    const T = "mutation($code: String!, $id: IdNumber!, $f: String!, $t: String!, $k: String!) { transferPensionRelation(itemCode: $code, idNumber: $id, fromRegion: $f, toRegion: $t, idempotencyKey: $k) { caseNumber itemCode status completedAt } }";
    const r = await h.query<Json>(T, { code: "1.6.12", id: p.idNumber, f: "北京市", t: "太原市", k: key("transfer") });
    expect(r.data!.transferPensionRelation).toMatchObject({ itemCode: "1.6.12", status: "ACCEPTED", completedAt: null });
    expect(codes(await h.query(T, { code: "1.6.16", id: p.idNumber, f: "北京市", t: "太原市", k: key("transfer-2") }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query(T, { code: "1.6.17", id: p.idNumber, f: "北京市", t: "上海市", k: key("transfer-3") }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("accepts the other social-insurance items generically and refuses other systems' codes", async () => {
    const p = employed[4]!;
    const A = "mutation($code: String!, $id: IdNumber, $c: CreditCode, $d: JSONObject, $k: String!) { acceptSocialInsuranceItem(itemCode: $code, idNumber: $id, creditCode: $c, details: $d, idempotencyKey: $k) { caseNumber itemCode status } }";
    const r = await h.query<Json>(A, { code: "1.8.8", id: p.idNumber, d: { toRegion: "大同市" }, k: key("generic") });
    expect(r.data!.acceptSocialInsuranceItem).toMatchObject({ itemCode: "1.8.8", status: "ACCEPTED" });
    expect(codes(await h.query(A, { code: "2.4.2", id: p.idNumber, k: key("generic-2") }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query(A, { code: "1.10.1", id: p.idNumber, k: key("generic-3") }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query(A, { code: "1.1.5", id: p.idNumber, k: key("generic-4") }))).toEqual(["BAD_USER_INPUT"]); // no employer
    expect(codes(await h.query(A, { code: "1.3.5", k: key("generic-5") }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("runs the typed items' codes given to the generic mutation through the same operations", async () => {
    const A = "mutation($code: String!, $id: IdNumber, $c: CreditCode, $d: JSONObject, $k: String!) { acceptSocialInsuranceItem(itemCode: $code, idNumber: $id, creditCode: $c, details: $d, idempotencyKey: $k) { caseNumber itemCode status } }";
    const p = employed[6]!;
    const c = p.employerCreditCode!;
    const down = await h.query<Json>(A, { code: "1.3.1", id: p.idNumber, c, d: { action: "CONTRIBUTORS_DECREASE", scenario: 2 }, k: key("generic-decrease") });
    expect(down.data!.acceptSocialInsuranceItem).toMatchObject({ itemCode: "1.3.1", status: "COMPLETED" });
    expect((await enrolments(p.idNumber)).every((x) => x.contributionStatus === "SUSPENDED")).toBe(true);
    const up = await h.query<Json>(A, { code: "1.3.1", id: p.idNumber, c, d: { action: "CONTRIBUTORS_INCREASE", insurances: ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"] }, k: key("generic-increase") });
    expect(up.data!.acceptSocialInsuranceItem.status).toBe("COMPLETED");
    expect((await enrolments(p.idNumber)).filter((x) => x.contributionStatus === "CONTRIBUTING").map((x) => x.insurance).sort()).toEqual(["PENSION", "UNEMPLOYMENT", "WORK_INJURY"]);
    expect(codes(await h.query(A, { code: "1.3.1", id: p.idNumber, c, d: {}, k: key("generic-nochange") }))).toEqual(["BAD_USER_INPUT"]);
    const drawing = people.filter((x) => x.drawsUnemploymentBenefit)[1]!;
    const stop = await h.query<Json>(A, { code: "1.8.1", id: drawing.idNumber, d: { action: "STOP_UNEMPLOYMENT_BENEFIT" }, k: key("generic-stop") });
    expect(stop.data!.acceptSocialInsuranceItem).toMatchObject({ itemCode: "1.8.1", status: "COMPLETED" });
    const transfer = await h.query<Json>(A, { code: "1.6.17", id: p.idNumber, d: { fromRegion: "部队", toRegion: "大同市" }, k: key("generic-transfer") });
    expect(transfer.data!.acceptSocialInsuranceItem).toMatchObject({ itemCode: "1.6.17", status: "ACCEPTED" });
  });
});

describe("when the social-insurance legacy system fails", () => {
  const h = new SiCardHarness();
  beforeAll(async () => { await h.start(); });
  afterAll(async () => { await h.forget(`kb:idem:*:si-${run}-*`); await h.close(); });
  const p = employed[5]!;
  const Q = "query($id: IdNumber!) { person(idNumber: $id) { idNumber name socialInsurance { personNo } socialSecurityCard { status } } }";

  const expectDegraded = (r: { data?: Json; errors?: { path?: (string | number)[]; message: string; extensions?: Json }[] }) => {
    expect(r.data!.person).toMatchObject({ idNumber: p.idNumber, name: null, socialInsurance: null, socialSecurityCard: { status: p.card.status } });
    expect(r.errors!.map((e) => e.path!.join("."))).toEqual(expect.arrayContaining(["person.name", "person.socialInsurance"]));
    expect(r.errors!.every((e) => e.extensions!.code === "UPSTREAM_UNAVAILABLE")).toBe(true);
    expect(JSON.stringify(r.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|fetch failed|abort/i);
  };

  it("still returns the card when the platform is down, with UPSTREAM_UNAVAILABLE on its fields", async () => {
    await h.withStopped("siLegacy", async () => {
      expectDegraded(await h.query<Json>(Q, { id: p.idNumber }));
    });
    expect((await h.query<Json>(Q, { id: p.idNumber })).data!.person.name).toBe(p.name);
  });

  it("keeps an employer entity and reports a page of people as unavailable while the platform is down", async () => {
    const e = employers[0]!;
    await h.withStopped("siLegacy", async () => {
      const r = await h.query<Json>("query($c: CreditCode!) { employer(creditCode: $c) { creditCode name } persons(first: 5) { totalCount } }", { c: e.creditCode });
      expect(r.data).toEqual({ employer: { creditCode: e.creditCode, name: null }, persons: null });
      expect(r.errors!.map((x) => [x.path!.join("."), x.extensions!.code]).sort()).toEqual([["employer.name", "UPSTREAM_UNAVAILABLE"], ["persons", "UPSTREAM_UNAVAILABLE"]]);
    });
  });

  it("answers within the timeout when the platform is slow", async () => {
    h.siLegacy.setDelay(5_000);
    try {
      const started = Date.now();
      const r = await h.query<Json>(Q, { id: p.idNumber });
      expect(Date.now() - started).toBeLessThan(3_000);
      expectDegraded(r);
    } finally {
      h.siLegacy.setDelay(0);
    }
  });

  it("refuses a mutation with UPSTREAM_UNAVAILABLE and no receipt, so a retry with the same key can succeed", async () => {
    const k = key("retry-after-outage");
    const g = people.filter((x) => x.stage === "GRADUATE")[2]!;
    const e = employers[6]!;
    const M = "mutation($id: IdNumber!, $c: CreditCode!, $k: String!) { enrolEmployee(idNumber: $id, creditCode: $c, idempotencyKey: $k) { caseNumber } }";
    await h.withStopped("siLegacy", async () => {
      expect(codes(await h.query(M, { id: g.idNumber, c: e.creditCode, k }))).toEqual(["UPSTREAM_UNAVAILABLE"]);
    });
    const r = await h.query<Json>(M, { id: g.idNumber, c: e.creditCode, k });
    expect(r.errors).toBeUndefined();
  });
});
