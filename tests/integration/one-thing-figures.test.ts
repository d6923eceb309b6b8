import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../gateway/index";
import { regionCovers } from "../../lib/access/scopes";
import type { Principal } from "../../lib/principal";
import { chinaDate } from "../../schema/calendar/deadline";
import { contactPoints } from "../../schema/catalogue/contact-points";
import { type RunningOneThing, type Standing } from "../../subgraphs/one-thing/index";
import { SUBMIT, clerk, employerAt, gql, peoplePicker, testSettings } from "../../subgraphs/one-thing/testing/harness";
import type { RecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { sharedTestStore } from "../support/store";
import { type OneThingStack, startOneThingStack } from "../support/one-thing-stack";

// The office an application counts for (window vs online, person vs employer), and who gets the
// statistics: directly from the subgraph and through the gateway, on a real Redis over HTTP.

const store = sharedTestStore();
const settings = testSettings();
const person = peoplePicker();
let agencies: RecordingAgencies;
let stack: OneThingStack | undefined;
let oneThing: RunningOneThing;
let gateway: RunningGateway;

// what the social-insurance record says of the parties (参保地), where it differs from the ID prefix
const recorded = new Map<string, string | null>();
const standingSource = async ({ idNumber, creditCode }: { idNumber: string | null; creditCode: string | null }): Promise<Standing> => ({
  personRegion: idNumber ? recorded.get(idNumber) ?? null : null,
  employerRegion: creditCode ? recorded.get(creditCode) ?? null : null,
  insurers: [],
});

const supervisor: Principal = { kind: "staff", subject: "sv", roles: ["supervisor"], agency: "hrss", region: "省本级" };
const admin: Principal = { kind: "staff", subject: "ad", roles: ["admin"], agency: "hrss", region: "省本级" };
const countySupervisor: Principal = { kind: "staff", subject: "sv-tz", roles: ["supervisor"], agency: "hrss", region: "天镇县" };
const cityOperator: Principal = { kind: "staff", subject: "op-dt", roles: ["operator"], agency: "card", region: "大同市" };
const refused: [string, Principal | undefined, string][] = [
  ["anonymous", undefined, "UNAUTHENTICATED"],
  ["a citizen", { kind: "citizen", subject: "c", idNumber: "110105194912310020" }, "FORBIDDEN"],
  ["an employer", { kind: "employer", subject: "e", creditCode: "91140100MA0K000001" }, "FORBIDDEN"],
  ["a partner", { kind: "partner", subject: "p", department: "医保局", scopes: ["person:read"] }, "FORBIDDEN"],
  ["the auditor", { kind: "staff", subject: "au", roles: ["auditor"], agency: "hrss", region: "省本级" }, "FORBIDDEN"],
];

const today = () => chinaDate(new Date());
const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const ROWS = `query R($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { contactPoint { name level } applications itemsIntegrated materialsCut ratings { count satisfaction } } }`;
type Row = { contactPoint: { name: string; level: string }; applications: number; itemsIntegrated: number; materialsCut: number };

async function viaGateway(query: string, variables: Record<string, unknown>, principal?: Principal) {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(principal ? { "x-test-principal": encodeURIComponent(JSON.stringify(principal)) } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  stack = await startOneThingStack(store, settings, { standingSource, gateway: true });
  ({ agencies, oneThing } = stack);
  gateway = stack.gateway!;
});

afterAll(async () => {
  await stack?.close();
});

const card = (idNumber: string | null, key: string) => ({ input: { scenario: 10, ...(idNumber ? { idNumber } : {}), materials: ["ID_CARD", "PHOTO"], idempotencyKey: key } });
const officeOf = async (id: string) =>
  (await gql<{ application: { office: string; region: string } }>(oneThing.url, `query($id: ID!) { application(id: $id) { office region } }`, { id }, clerk())).data!.application;

describe("the office an application counts for", () => {
  it("online, a person's: her 参保地 in the social-insurance record, not her ID prefix; the prefix only when the record has none", async () => {
    const moved = person("GRADUATE", (x) => x.card.status === "NONE" && !regionCovers("晋城市", x.region));
    recorded.set(moved.idNumber, "高平市");
    const res = await gql<{ submitApplication: { id: string } }>(oneThing.url, SUBMIT, card(null, `fig-moved-${moved.idNumber}`), { kind: "citizen", subject: "m", idNumber: moved.idNumber });
    expect(res.errors).toBeUndefined();
    expect(await officeOf(res.data!.submitApplication.id)).toEqual({ office: "高平市", region: moved.region });

    const unknown = person("GRADUATE", (x) => x.card.status === "NONE" && regionCovers("朔州市", x.region));
    const res2 = await gql<{ submitApplication: { id: string } }>(oneThing.url, SUBMIT, card(null, `fig-unknown-${unknown.idNumber}`), { kind: "citizen", subject: "u", idNumber: unknown.idNumber });
    expect(res2.errors).toBeUndefined();
    expect((await officeOf(res2.data!.submitApplication.id)).office).toBe(unknown.region);
  });

  it("online, an employer's: the employer's 参保地, not the person's", async () => {
    const employer = employerAt(11);
    const worker = person("EMPLOYED");
    recorded.set(employer.creditCode, "长治市");
    recorded.set(worker.idNumber, "盐湖区");
    const operator: Principal = { kind: "employer", subject: "hr", creditCode: employer.creditCode };
    const res = await gql<{ submitApplication: { id: string } }>(oneThing.url, SUBMIT, {
      input: { scenario: 1, idNumber: worker.idNumber, creditCode: employer.creditCode, materials: ["ID_CARD", "LABOUR_CONTRACT", "CONTRIBUTOR_CHANGE_FORM", "PHOTO"], facts: ["HAS_CARD"], idempotencyKey: `fig-emp-${employer.creditCode}` },
    }, operator);
    expect(res.errors).toBeUndefined();
    expect((await officeOf(res.data!.submitApplication.id)).office).toBe("长治市");
  });

  it("at the window: the clerk's office, whatever the record says", async () => {
    const p = person("GRADUATE", (x) => x.card.status === "NONE" && regionCovers("大同市", x.region));
    recorded.set(p.idNumber, "天镇县");
    const res = await gql<{ submitApplication: { id: string } }>(oneThing.url, SUBMIT, card(p.idNumber, `fig-window-${p.idNumber}`), clerk("大同市"));
    expect(res.errors).toBeUndefined();
    expect((await officeOf(res.data!.submitApplication.id)).office).toBe("大同市");
  });

  it("the figures count each application for its office, as soon as it is submitted", async () => {
    const res = await gql<{ contactPointStats: Row[] }>(oneThing.url, ROWS, { from: today(), to: today() }, supervisor);
    expect(res.errors).toBeUndefined();
    const rows = res.data!.contactPointStats;
    expect(rows.map((r) => r.contactPoint.name)).toEqual(contactPoints.map((c) => c.name));
    const apps = Object.fromEntries(rows.filter((r) => r.applications > 0).map((r) => [r.contactPoint.name, r.applications]));
    const unknownRegion = Object.keys(apps).find((n) => regionCovers("朔州市", n))!;
    expect(apps).toEqual({ 高平市: 1, [unknownRegion]: 1, 长治市: 1, 大同市: 1 });
    expect(rows.find((r) => r.contactPoint.name === "天镇县")!.contactPoint.level).toBe("MINISTRY_AND_PROVINCIAL");
  });
});

describe("who gets the statistics", () => {
  const vars = () => ({ from: today(), to: today() });
  const ALL_QUERIES = [
    ROWS,
    `query R($from: Date!, $to: Date!) { officeStats(office: "太原市", from: $from, to: $to) { applications } }`,
    `query R($from: Date!, $to: Date!) { itemPerformance(from: $from, to: $to) { handled } }`,
    `query R($from: Date!, $to: Date!) { noticeTargets(from: $from, to: $to) { bundlesAsOneThing } }`,
    `query R($from: Date!, $to: Date!) { monthlyTrend(from: $from, to: $to) { month } }`,
  ];

  it.each(refused)("%s gets none, from the subgraph or through the gateway (which does not ask the subgraph)", async (_who, principal, expected) => {
    for (const q of ALL_QUERIES) {
      const direct = await gql(oneThing.url, q, vars(), principal);
      expect(code(direct), q).toBe(expected);
      expect(direct.data ?? null).toBeNull();
      const before = oneThing.subgraph.stats.requests;
      const through = await viaGateway(q, vars(), principal);
      expect(code(through), q).toBe(expected);
      expect(through.data ?? null).toBeNull();
      expect(oneThing.subgraph.stats.requests).toBe(before);
    }
  });

  it("the supervisor and the administrator of the province see all 23 rows, through the gateway too", async () => {
    for (const p of [supervisor, admin]) {
      const res = await viaGateway(ROWS, vars(), p);
      expect(res.errors).toBeUndefined();
      expect((res.data!.contactPointStats as Row[]).length).toBe(23);
    }
  });

  it("a city's staff (its county's supervisor, its back office, its window) see the city's two rows, and no other city's office", async () => {
    for (const p of [countySupervisor, cityOperator, clerk("大同市")]) {
      const res = await viaGateway(ROWS, vars(), p);
      expect(res.errors).toBeUndefined();
      const rows = res.data!.contactPointStats as Row[];
      expect(rows.map((r) => r.contactPoint.name)).toEqual(["大同市", "天镇县"]);
      expect(rows[0]!.applications).toBe(1);
      const other = await viaGateway(`query R($from: Date!, $to: Date!) { officeStats(office: "长治市", from: $from, to: $to) { applications } }`, vars(), p);
      expect(code(other)).toBe("FORBIDDEN");
      const items = await viaGateway(`query R($from: Date!, $to: Date!) { itemPerformance(from: $from, to: $to, office: "太原市") { handled } }`, vars(), p);
      expect(code(items)).toBe("FORBIDDEN");
    }
    const own = await viaGateway(`query R($from: Date!, $to: Date!) { officeStats(office: "大同市", from: $from, to: $to) { applications } }`, vars(), countySupervisor);
    expect(own.data).toEqual({ officeStats: { applications: 1 } });
  });

  it("a province clerk handles cases but sees no statistics; bad periods and offices are refused with a code", async () => {
    expect(code(await gql(oneThing.url, ROWS, vars(), clerk("省本级")))).toBe("FORBIDDEN");
    expect(code(await gql(oneThing.url, ROWS, { from: "2020-07-01", to: "2020-06-01" }, supervisor))).toBe("BAD_USER_INPUT");
    expect(code(await gql(oneThing.url, ROWS, { from: "2010-01-01", to: "2020-06-01" }, supervisor))).toBe("BAD_USER_INPUT");
    expect(code(await gql(oneThing.url, ROWS, { from: "2020-02-30", to: "2020-06-01" }, supervisor))).toBe("INVALID_DATE");
    const bad = await gql(oneThing.url, `{ officeStats(office: "北京市", from: "2020-06-01", to: "2020-06-30") { applications } }`, {}, supervisor);
    expect(code(bad)).toBe("BAD_USER_INPUT");
  });
});

describe("commitments in the figures", () => {
  it("a commitment counts when the application is submitted, its post-verification when it is recorded, once", async () => {
    const OFFICE = `query O($from: Date!, $to: Date!) { officeStats(office: "省本级", from: $from, to: $to) { applications commitments commitmentsVerified } }`;
    const deceased = person("DECEASED_RETIREE");
    const res = await gql<{ submitApplication: { id: string } }>(oneThing.url, SUBMIT, {
      input: { scenario: 9, idNumber: deceased.idNumber, materials: ["ID_CARD", "DEATH_CERTIFICATE", "BANK_ACCOUNT"], commitments: [{ material: "KINSHIP_PROOF", statement: "本人系其配偶" }], idempotencyKey: `fig-death-${deceased.idNumber}` },
    }, clerk());
    expect(res.errors).toBeUndefined();
    const id = res.data!.submitApplication.id;
    const before = await gql<{ officeStats: Record<string, number> }>(oneThing.url, OFFICE, { from: today(), to: today() }, supervisor);
    expect(before.data!.officeStats).toEqual({ applications: 1, commitments: 1, commitmentsVerified: 0 });
    await oneThing.engine.settled(id);
    const tasks = await gql<{ verificationTasks: { id: string; applicationId: string }[] }>(oneThing.url, `{ verificationTasks(sampledOnly: false) { id applicationId } }`, {}, clerk());
    const task = tasks.data!.verificationTasks.find((t) => t.applicationId === id)!;
    const RECORD = `mutation R($taskId: ID!) { recordVerification(taskId: $taskId, outcome: CONFIRMED) { status } }`;
    expect((await gql(oneThing.url, RECORD, { taskId: task.id }, clerk())).errors).toBeUndefined();
    expect(code(await gql(oneThing.url, RECORD, { taskId: task.id }, clerk()))).toBe("BAD_USER_INPUT");
    const after = await gql<{ officeStats: Record<string, number> }>(oneThing.url, OFFICE, { from: today(), to: today() }, supervisor);
    expect(after.data!.officeStats).toEqual({ applications: 1, commitments: 1, commitmentsVerified: 1 });
  });
});
