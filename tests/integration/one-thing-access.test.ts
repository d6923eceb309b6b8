import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionCovers } from "../../lib/access/scopes";
import type { Principal } from "../../lib/principal";
import { type RunningOneThing } from "../../subgraphs/one-thing/index";
import { APPLICATION, SUBMIT, clerk, employerAt, gql, peoplePicker, rosterOf, testSettings } from "../../subgraphs/one-thing/testing/harness";
import type { RecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { sharedTestStore } from "../support/store";
import { type OneThingStack, startOneThingStack } from "../support/one-thing-stack";

// Who may submit and see what; commitments, their sampling and post-verification; statistics.

const store = sharedTestStore();
const settings = testSettings({ verificationShare: 1 });
let agencies: RecordingAgencies;
let stack: OneThingStack | undefined;
let oneThing: RunningOneThing;
const person = peoplePicker();

const LIST = /* GraphQL */ `
  query List($idNumber: IdNumber, $creditCode: CreditCode, $region: String, $status: ApplicationStatus, $first: Int, $after: String) {
    applications(idNumber: $idNumber, creditCode: $creditCode, region: $region, status: $status, first: $first, after: $after) {
      totalCount hasNextPage endCursor nodes { id idNumber creditCode region status }
    }
  }`;

const call = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, principal?: Principal) => gql<T>(oneThing.url, query, variables, principal);
const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  ({ agencies, oneThing } = stack = await startOneThingStack(store, settings));
});

afterAll(async () => {
  await stack?.close();
});

describe("who may submit and see", () => {
  const a = person("GRADUATE", (x) => x.card.status === "NONE");
  const b = person("GRADUATE", (x) => x.card.status === "NONE" && x.region !== a.region && regionCovers("大同市", x.region));
  const citizenA: Principal = { kind: "citizen", subject: "a", idNumber: a.idNumber };
  const card = (idNumber: string | undefined, key: string) => ({ input: { scenario: 10, ...(idNumber ? { idNumber } : {}), materials: ["ID_CARD", "PHOTO"], idempotencyKey: key } });
  let idA = "";

  it("a citizen submits for herself, not for another; no principal is unauthenticated", async () => {
    const own = await call<{ submitApplication: { id: string; region: string } }>(SUBMIT, card(undefined, `own-${a.idNumber}`), citizenA);
    expect(own.errors).toBeUndefined();
    idA = own.data!.submitApplication.id;
    expect(own.data!.submitApplication.region).toBe(a.region);
    expect(code(await call(SUBMIT, card(b.idNumber, `other-${b.idNumber}`), citizenA))).toBe("FORBIDDEN");
    expect(code(await call(SUBMIT, card(a.idNumber, `anon-${a.idNumber}`)))).toBe("UNAUTHENTICATED");
    expect(code(await call(SUBMIT, card(a.idNumber, `partner-${a.idNumber}`), { kind: "partner", subject: "p", department: "医保局", scopes: ["read"] }))).toBe("FORBIDDEN");
  });

  it("a window clerk submits for the people of her region, filed under the clerk's region; not for another region's, nor other staff roles", async () => {
    const res = await call<{ submitApplication: { region: string } }>(SUBMIT, card(b.idNumber, `clerk-${b.idNumber}`), clerk("大同市"));
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitApplication.region).toBe("大同市");
    const changzhi = person("GRADUATE", (x) => x.card.status === "NONE" && regionCovers("长治市", x.region));
    const refused = await call(SUBMIT, card(changzhi.idNumber, `clerk-cz-${changzhi.idNumber}`), clerk("大同市"));
    expect(code(refused)).toBe("FORBIDDEN");
    for (const role of ["operator", "supervisor", "auditor", "admin"]) {
      const staff: Principal = { kind: "staff", subject: role, roles: [role], agency: "card", region: "省本级" };
      expect(code(await call(SUBMIT, card(b.idNumber, `${role}-${b.idNumber}`), staff))).toBe("FORBIDDEN");
    }
  });

  it("an employer operator submits for her own enterprise only, and lists its applications", async () => {
    const e1 = employerAt(7);
    const e2 = employerAt(8);
    const worker = person("EMPLOYED");
    const operator: Principal = { kind: "employer", subject: "hr", creditCode: e1.creditCode };
    const input = (creditCode: string) => ({ input: { scenario: 1, idNumber: worker.idNumber, creditCode, materials: ["ID_CARD", "LABOUR_CONTRACT", "CONTRIBUTOR_CHANGE_FORM", "PHOTO"], facts: ["HAS_CARD"], idempotencyKey: `emp-${creditCode}` } });
    expect(code(await call(SUBMIT, input(e2.creditCode), operator))).toBe("FORBIDDEN");
    expect((await call(SUBMIT, input(e1.creditCode), operator)).errors).toBeUndefined();
    const list = await call<{ applications: { totalCount: number; nodes: { creditCode: string }[] } }>(LIST, {}, operator);
    expect(list.data!.applications.totalCount).toBe(1);
    expect(list.data!.applications.nodes[0]!.creditCode).toBe(e1.creditCode);
    expect(code(await call(LIST, { creditCode: e2.creditCode }, operator))).toBe("FORBIDDEN");
  });

  it("a citizen sees only her own; staff see their region's (with its counties); province staff see all", async () => {
    const mine = await call<{ applications: { nodes: { idNumber: string }[] } }>(LIST, {}, citizenA);
    expect(mine.data!.applications.nodes.map((n) => n.idNumber)).toEqual([a.idNumber]);
    expect(code(await call(LIST, { idNumber: b.idNumber }, citizenA))).toBe("FORBIDDEN");
    expect(code(await call(APPLICATION, { id: idA }, { kind: "citizen", subject: "b", idNumber: b.idNumber }))).toBe("FORBIDDEN");
    expect((await call<{ application: { id: string } }>(APPLICATION, { id: idA }, citizenA)).data!.application.id).toBe(idA);

    const datong = await call<{ applications: { nodes: { region: string }[] } }>(LIST, {}, clerk("大同市"));
    expect(datong.data!.applications.nodes.length).toBeGreaterThan(0);
    // a city's window covers its districts and counties (tests/integration/one-thing-staff.test.ts)
    expect(datong.data!.applications.nodes.every((n) => regionCovers("大同市", n.region))).toBe(true);
    expect(code(await call(LIST, { region: a.region }, clerk("大同市")))).toBe("FORBIDDEN");
    expect(code(await call(APPLICATION, { id: idA }, clerk(a.region === "大同市" ? "朔州市" : "大同市")))).toBe("FORBIDDEN");
    const province = await call<{ applications: { totalCount: number } }>(LIST, {}, clerk("省本级"));
    expect(province.data!.applications.totalCount).toBeGreaterThanOrEqual(3);
    expect(code(await call(LIST, {}))).toBe("UNAUTHENTICATED");
  });

  it("pages through a list with first/after", async () => {
    const page1 = await call<{ applications: { nodes: { id: string }[]; hasNextPage: boolean; endCursor: string } }>(LIST, { first: 2 }, clerk("省本级"));
    expect(page1.data!.applications.nodes).toHaveLength(2);
    expect(page1.data!.applications.hasNextPage).toBe(true);
    const page2 = await call<{ applications: { nodes: { id: string }[] } }>(LIST, { first: 2, after: page1.data!.applications.endCursor }, clerk("省本级"));
    expect(page2.data!.applications.nodes[0]!.id).not.toBe(page1.data!.applications.nodes[1]!.id);
    const all = await call<{ applications: { totalCount: number; nodes: { id: string; status: string }[] } }>(LIST, { first: 100 }, clerk("省本级"));
    for (const n of all.data!.applications.nodes) await oneThing.engine.settled(n.id);
    const completed = await call<{ applications: { totalCount: number; nodes: { status: string }[] } }>(LIST, { status: "COMPLETED", first: 100 }, clerk("省本级"));
    expect(completed.data!.applications.totalCount).toBe(all.data!.applications.totalCount);
    expect(completed.data!.applications.nodes.every((n) => n.status === "COMPLETED")).toBe(true);
    const manual = await call<{ applications: { totalCount: number } }>(LIST, { status: "NEEDS_MANUAL" }, clerk("省本级"));
    expect(manual.data!.applications.totalCount).toBe(0);
  });
});

describe("an employer's submission for a stranger tells nothing of the stranger's records", () => {
  const e = employerAt(5);
  const operator: Principal = { kind: "employer", subject: "hr-oracle", creditCode: e.creditCode };
  const strangers = () => {
    const withRecords = person("UNEMPLOYED", (x) => x.employerCreditCode !== e.creditCode);
    const without = person("UNEMPLOYED", (x) => x.employerCreditCode !== e.creditCode);
    // one holds a card and keeps her archive elsewhere as a party member, the other has none of it
    agencies.people.set(withRecords.idNumber, { card: "ACTIVE", unemploymentBenefitPaying: true, archive: { region: "大同市", partyMember: true }, graduate: false, insuredBy: [] });
    agencies.people.set(without.idNumber, { card: "NONE", archive: { region: withRecords.region, partyMember: false }, graduate: false, insuredBy: [] });
    return [withRecords, without] as const;
  };
  const answer = (r: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
    JSON.stringify({ data: r.data ?? null, errors: r.errors?.map((x) => ({ message: x.message, extensions: x.extensions })) });

  it("a bundle about people she insures (separation) is FORBIDDEN, the same answer whatever the stranger's records", async () => {
    const [x, y] = strangers();
    const input = (p: { idNumber: string }) => ({ input: { scenario: 2, idNumber: p.idNumber, creditCode: e.creditCode, materials: ["ID_CARD"], idempotencyKey: `sep-${p.idNumber}` } });
    const rx = await call(SUBMIT, input(x), operator);
    const ry = await call(SUBMIT, input(y), operator);
    expect(code(rx)).toBe("FORBIDDEN");
    expect(answer(rx)).toBe(answer(ry));
    // nor was any system asked about either of them beyond who insures them
    expect(agencies.calls.filter((c) => c.args.idNumber === x.idNumber || c.args.idNumber === y.idNumber)).toEqual([]);
  });

  it("a hire (a bundle that starts the relation) answers the same for both: materials asked without their records", async () => {
    const [x, y] = strangers();
    const input = (p: { idNumber: string }) => ({ input: { scenario: 1, idNumber: p.idNumber, creditCode: e.creditCode, materials: ["ID_CARD"], idempotencyKey: `hire-or-${p.idNumber}` } });
    const rx = await call(SUBMIT, input(x), operator);
    const ry = await call(SUBMIT, input(y), operator);
    expect(code(rx)).toBe("MISSING_MATERIAL");
    expect(answer(rx)).toBe(answer(ry));
  });

  it("for a person her enterprise insures, the records count", async () => {
    const worker = person("EMPLOYED", (x) => x.employerCreditCode === e.creditCode && !regionCovers("大同市", x.region));
    const res = await call<{ submitApplication: { id: string } }>(SUBMIT, { input: { scenario: 2, idNumber: worker.idNumber, creditCode: e.creditCode, materials: ["ID_CARD", "LABOUR_CONTRACT_TERMINATION", "CONTRIBUTOR_CHANGE_FORM"], idempotencyKey: `sep-own-${worker.idNumber}` } }, operator);
    expect(code(res) ?? "OK").not.toBe("FORBIDDEN");
  });
});

describe("commitments and post-verification", () => {
  it("a false commitment revokes the items that relied on it and is recorded against the applicant", async () => {
    const deceased = person("DECEASED_RETIREE");
    const materials = ["ID_CARD", "DEATH_CERTIFICATE", "BANK_ACCOUNT"];
    const res = await call<{ submitApplication: { id: string } }>(SUBMIT, {
      input: { scenario: 9, idNumber: deceased.idNumber, materials, commitments: [{ material: "KINSHIP_PROOF", statement: "本人系其配偶" }], idempotencyKey: `death-${deceased.idNumber}` },
    }, clerk());
    expect(res.errors).toBeUndefined();
    const id = res.data!.submitApplication.id;
    await oneThing.engine.settled(id);

    const tasks = await call<{ verificationTasks: { id: string; applicationId: string; sampled: boolean; status: string; stepIds: string[] }[] }>(
      `{ verificationTasks { id applicationId sampled status stepIds } }`, {}, clerk());
    const task = tasks.data!.verificationTasks.find((t) => t.applicationId === id)!;
    expect(task).toMatchObject({ sampled: true, status: "PENDING" });
    expect(task.stepIds.sort()).toEqual(["account-lump-sum", "survivors-benefit"]);

    const RECORD = `mutation R($taskId: ID!, $outcome: VerificationOutcome!, $note: String) { recordVerification(taskId: $taskId, outcome: $outcome, note: $note) { id status note } }`;
    expect(code(await call(RECORD, { taskId: task.id, outcome: "FALSE" }, { kind: "citizen", subject: "x", idNumber: deceased.idNumber }))).toBe("FORBIDDEN");
    const recorded = await call<{ recordVerification: { status: string } }>(RECORD, { taskId: task.id, outcome: "FALSE", note: "民政核查：非配偶" }, clerk());
    expect(recorded.data!.recordVerification.status).toBe("FALSE");

    const app = await call<{ application: { status: string; steps: { id: string; status: string }[]; revocations: { stepId: string }[] } }>(APPLICATION, { id }, clerk());
    const status = (s: string) => app.data!.application.steps.find((x) => x.id === s)!.status;
    expect(app.data!.application.status).toBe("REVOKED");
    expect(status("account-lump-sum")).toBe("REVOKED");
    expect(status("survivors-benefit")).toBe("REVOKED");
    expect(status("card-cancellation")).toBe("DONE");
    expect(app.data!.application.revocations.map((r) => r.stepId).sort()).toEqual(["account-lump-sum", "survivors-benefit"]);
    const revokedEvents = (await rosterOf(store, settings.rosterStream!, id)).filter((e) => e.fields.type === "REVOKED");
    expect(revokedEvents.map((e) => e.fields.itemCode).sort()).toEqual(["1.6.10", "1.6.7"]);

    const record = await call<{ applicantRecord: { applicationId: string; revokedItems: string[] }[] }>(
      `query R($id: IdNumber) { applicantRecord(idNumber: $id) { applicationId material revokedItems } }`, { id: deceased.idNumber }, clerk());
    expect(record.data!.applicantRecord).toEqual([{ applicationId: id, material: "KINSHIP_PROOF", revokedItems: ["1.6.7", "1.6.10"] }]);
    expect(code(await call(RECORD, { taskId: task.id, outcome: "CONFIRMED" }, clerk()))).toBe("BAD_USER_INPUT");
  });

  it("samples a configurable share, deterministically", async () => {
    const { sampleDraw } = await import("../../subgraphs/one-thing/verification");
    const draws = Array.from({ length: 2000 }, (_, i) => sampleDraw("seed", `ot-${i}`, "KINSHIP_PROOF"));
    const share = draws.filter((d) => d < 0.2).length / draws.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    expect(sampleDraw("seed", "ot-1", "KINSHIP_PROOF")).toBe(draws[1]);
  });
});

describe("materials and statistics", () => {
  it("materialsFor gives the one set and the cut; oneThingStats counts bundles, items and materials cut per region", async () => {
    const set = await call<{ materialsFor: { asked: number; sumOverItems: number; cut: number; materials: { id: string; commitmentEligible: boolean }[] } }>(
      `{ materialsFor(scenario: 1) { asked sumOverItems cut materials { id commitmentEligible } } }`, {}, clerk());
    expect(set.data!.materialsFor).toMatchObject({ asked: 11, sumOverItems: 29, cut: 18 });
    expect(code(await call(`{ materialsFor(scenario: 0) { asked } }`, {}, clerk()))).toBe("BAD_USER_INPUT");

    const stats = await call<{ oneThingStats: { bundlesHandled: number; itemsIntegrated: number; materialsCut: number; byScenario: { scenario: number }[] } }>(
      `{ oneThingStats(region: "大同市") { bundlesHandled bundlesCompleted itemsIntegrated materialsCut byScenario { scenario bundlesHandled } } }`, {}, clerk());
    expect(stats.data!.oneThingStats.bundlesHandled).toBe(1);
    expect(stats.data!.oneThingStats.byScenario).toEqual([{ scenario: 10, bundlesHandled: 1 }]);
    const province = await call<{ oneThingStats: { bundlesHandled: number; materialsCut: number } }>(`{ oneThingStats { bundlesHandled materialsCut itemsIntegrated } }`, {}, clerk());
    expect(province.data!.oneThingStats.bundlesHandled).toBeGreaterThanOrEqual(4);
    expect(province.data!.oneThingStats.materialsCut).toBeGreaterThan(0);
  });
});
