import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../lib/clock";
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from "../../lib/principal";
import { WorkingCalendar } from "../../schema/calendar/calendar";
import { demoData, type DemoPerson } from "../../schema/demo";
import type { ApplicationFinishedFact, FiguresSink, StepFinishedFact } from "../../subgraphs/one-thing/figures/sink";
import { progressEvents, startOneThing } from "../../subgraphs/one-thing/index";
import { bundleMaterialSet } from "../../subgraphs/one-thing/materials";
import { startAgencies } from "../../subgraphs/one-thing/testing/agencies";
import { gql, testSettings } from "../../subgraphs/one-thing/testing/harness";
import { type RecordingAgencies, startRecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { sharedTestStore } from "../support/store";

// Every case followed from 受理 to 办结 against its limit, over real HTTP and a real Redis, on a
// clock the test shifts and speeds up (lib/clock.ts) so that days pass in a second.

const store = sharedTestStore();
// the agencies keep receipts by key in the store: each run uses keys of its own
const run = randomUUID().slice(0, 8);
const prefixes: string[] = [];
const started: { close(): Promise<void> }[] = [];

/** A clock showing `start` now and running `rate` times faster than real time. */
function clockAt(start: string, rate = 1) {
  const origin = Date.parse(start), real = Date.now();
  setClock(() => origin + (Date.now() - real) * rate, rate);
}

const staff = (roles: string[], region: string, agency = "window"): Principal => ({ kind: "staff", subject: `${roles.join("+")}-${agency}-${region}`, roles, agency, region });
const operator = (agency: string, region: string) => staff(["operator"], region, agency);
const citizenOf = (p: DemoPerson): Principal => ({ kind: "citizen", subject: `c-${p.idNumber.slice(-6)}`, idNumber: p.idNumber });
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;
/** The end of a China day as the DateTime scalar writes it. */
const endOf = (day: string) => `${day}T23:59:59.999+08:00`;

const used = new Set<string>();
const personIn = (region: string, f: (p: DemoPerson) => boolean = () => true) => {
  const p = demoData().people.find((x) => !used.has(x.idNumber) && x.region === region && f(x))!;
  used.add(p.idNumber);
  return p;
};

const STEPS = /* GraphQL */ `
  query App($id: ID!) {
    application(id: $id) {
      id status
      steps { id itemCode status deadline deadlineStatus acceptedAt completedAt overdue waitingForCorrection
        timeLimit { value unit basis condition } processingTime { minutes calendarDays workingDays }
        corrections { requestedAt suppliedAt note } }
    }
  }`;
type Step = {
  id: string; itemCode: string; status: string; deadline: string | null; deadlineStatus: string; acceptedAt: string | null; completedAt: string | null;
  overdue: boolean; waitingForCorrection: boolean; timeLimit: { value: number | null; unit: string; basis: string; condition: string | null } | null;
  processingTime: { minutes: number; calendarDays: number; workingDays: number } | null;
  corrections: { requestedAt: string; suppliedAt: string | null; note: string | null }[];
};
const RISK = `query R($office: String, $agency: String) { stepsAtRisk(office: $office, agency: $agency) { applicationId stepId itemCode agency office risk elapsedShare deadline caseNumber } }`;

const jobless = (p: DemoPerson, key: string) => ({
  scenario: 3, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO", "BANK_ACCOUNT", "TERMINATION_CERTIFICATE"], idempotencyKey: `${key}-${run}-${p.idNumber}`,
});

afterEach(() => setClock(undefined));

afterAll(async () => {
  for (const s of started.reverse()) await s.close();
  for (const prefix of prefixes) {
    const keys = await store.keys(`${prefix}:*`);
    await store.del(prefix, ...keys); // the roster stream itself, and every key under a run's prefix
  }
  await store.close();
});

async function engineOver(agencies: { urls: RecordingAgencies["urls"] }, extra: Partial<Parameters<typeof startOneThing>[0]> = {}, settings = {}) {
  const s = testSettings({ checkFirstMs: 60_000, checkMaxMs: 5 * 60_000, timerTickMs: 50, ...settings });
  prefixes.push(s.keyPrefix!, s.rosterStream!);
  const oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: s, ...extra });
  started.push(oneThing);
  return oneThing;
}

/** Does `act`, then waits on the application's progress events until `holds` is true (looked at once before any event). */
async function until(id: string, holds: () => Promise<boolean>, act: () => unknown = () => undefined): Promise<void> {
  const events = progressEvents(store, id);
  await events.ready;
  try {
    await act();
    if (await holds()) return;
    for await (const _ of events) if (await holds()) return;
  } finally {
    await events.return?.();
  }
}

describe("the calendar's edge: a deadline in a year without data", () => {
  it("is accepted with deadline null and PENDING_CALENDAR, and set once the year is added, without a restart", async () => {
    const agencies = await startRecordingAgencies({ delayMs: 2 });
    started.push(agencies);
    // 1.8.1 stays with the agency (受理); its 10 days from 28 December end in 2027, which has no data
    agencies.behaviour.receiptStatus = (c) => (c.itemCode === "1.8.1" ? "ACCEPTED" : "COMPLETED");
    agencies.behaviour.completeAfterMs = () => 365 * 86_400_000;
    const cal = new WorkingCalendar();
    expect(cal.hasYear(2027)).toBe(false);
    const oneThing = await engineOver(agencies, { calendar: cal });
    clockAt("2026-12-28T10:00:00+08:00");
    const p = personIn("太原市", (x) => x.stage === "EMPLOYED");
    const submitted = await gql<{ submitApplication: { id: string; status: string } }>(oneThing.url,
      `mutation S($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`, { input: jobless(p, "pending") }, citizenOf(p));
    expect(submitted.errors, JSON.stringify(submitted.errors)).toBeUndefined();
    const id = submitted.data!.submitApplication.id;
    const read = async () => (await gql<{ application: { status: string; steps: Step[] } }>(oneThing.url, STEPS, { id }, citizenOf(p))).data!.application;
    let app = await read();
    const benefit = () => app.steps.find((s) => s.id === "unemployment-benefit")!;
    // until the agency has accepted the benefit case and the other steps are done
    await until(id, async () => { app = await read(); return benefit().status === "ACCEPTED" && app.steps.every((s) => s === benefit() || ["DONE", "SKIPPED"].includes(s.status)); });
    expect(app.status).toBe("IN_PROGRESS");
    expect(benefit()).toMatchObject({ status: "ACCEPTED", deadline: null, deadlineStatus: "PENDING_CALENDAR", timeLimit: { value: 10, unit: "CALENDAR_DAYS", basis: "STATUTORY" } });
    // 2.4.1's 3 working days end on 31 December: known
    expect(app.steps.find((s) => s.id === "unemployment-registration")).toMatchObject({ status: "DONE", deadlineStatus: "SET", deadline: endOf("2026-12-31") });

    // an administrator adds 2027: the pending deadline is computed at once
    await until(id, async () => { app = await read(); return benefit().deadlineStatus !== "PENDING_CALENDAR"; }, () => {
      cal.addYear(2027, { holidays: { "2027-01-01": "元旦" }, workdays: {} });
    });
    // 28 Dec + 10 days = 7 January 2027, a Thursday
    expect(benefit()).toMatchObject({ status: "ACCEPTED", deadlineStatus: "SET", deadline: endOf("2027-01-07") });
    expect(await store.smembers(`${oneThing.engine.settings.keyPrefix}:pendcal:2027`)).toEqual([]);
  });
});

describe("the calendar's edge across a restart", () => {
  it("a year added while no engine ran is picked up when an engine starts", async () => {
    const agencies = await startRecordingAgencies({ delayMs: 2 });
    started.push(agencies);
    agencies.behaviour.receiptStatus = (c) => (c.itemCode === "1.8.1" ? "ACCEPTED" : "COMPLETED");
    agencies.behaviour.completeAfterMs = () => 365 * 86_400_000;
    const s = testSettings({ checkFirstMs: 60_000, checkMaxMs: 5 * 60_000, timerTickMs: 50 });
    prefixes.push(s.keyPrefix!, s.rosterStream!);
    clockAt("2026-12-28T10:00:00+08:00");
    const before = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: s, calendar: new WorkingCalendar() });
    const p = personIn("太原市", (x) => x.stage === "EMPLOYED");
    const app = await before.engine.submit(jobless(p, "restart"), citizenOf(p));
    await until(app.id, async () => (await before.engine.get(app.id))!.steps.find((x) => x.id === "unemployment-benefit")!.state.phase === "ACCEPTED");
    expect((await before.engine.get(app.id))!.steps.find((x) => x.id === "unemployment-benefit")).toMatchObject({ deadline: null, deadlineStatus: "PENDING_CALENDAR", pendingYear: 2027 });
    await before.close();
    // the year arrives while nothing runs; the next engine's calendar has it from the start
    const cal = new WorkingCalendar();
    cal.addYear(2027, { holidays: { "2027-01-01": "元旦" }, workdays: {} });
    let after: Awaited<ReturnType<typeof startOneThing>> | undefined;
    await until(app.id, async () => (await after!.engine.get(app.id))!.steps.find((x) => x.id === "unemployment-benefit")!.deadlineStatus === "SET", async () => {
      after = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: s, calendar: cal });
      started.push(after);
    });
    const benefit = (await after!.engine.get(app.id))!.steps.find((x) => x.id === "unemployment-benefit")!;
    expect(benefit).toMatchObject({ deadlineStatus: "SET", deadline: new Date("2027-01-07T23:59:59.999+08:00").toISOString() });
    expect(await store.smembers(`${s.keyPrefix}:pendcal:2027`)).toEqual([]);
  });
});

describe("steps at 80% of their time and overdue", () => {
  it("are listed for the agency's staff and published as events when a step crosses 80% and when it becomes overdue", async () => {
    const agencies = await startRecordingAgencies({ delayMs: 2 });
    started.push(agencies);
    agencies.behaviour.receiptStatus = (c) => (c.itemCode === "1.10.1" ? "ACCEPTED" : "COMPLETED");
    agencies.behaviour.completeAfterMs = () => 86_400_000;
    const oneThing = await engineOver(agencies);
    // ten clock minutes a real second: 1.10.1 at a 太原市 window is 立等可取, 30 minutes
    clockAt("2020-09-25T10:00:00+08:00", 600);
    const ws = createClient({ url: oneThing.url.replace("http", "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    started.push({ close: () => ws.dispose() as Promise<void> });
    const subscribe = (p: Principal, vars: Record<string, unknown> = {}) => ws.iterate({
      query: `subscription S($office: String, $agency: String) { stepRiskChanged(office: $office, agency: $agency) { applicationId stepId risk elapsedShare office agency } }`,
      variables: vars,
      extensions: { [PRINCIPAL_HEADER]: signPrincipal(p, { audience: "one-thing", requestId: randomUUID() }) },
    });
    const cardOperator = operator("card", "太原市");
    const events = subscribe(cardOperator, { agency: "card" });
    const first = events.next();
    // a citizen may not subscribe, an operator not to another agency's steps
    const refusal = async (it: AsyncIterableIterator<unknown>) => {
      try {
        const r = (await it.next()).value as { errors?: { extensions?: Record<string, unknown> }[] };
        return code(r);
      } catch (errs) {
        return (errs as { extensions?: { code?: string } }[])[0]?.extensions?.code;
      }
    };
    expect(await refusal(subscribe({ kind: "citizen", subject: "c", idNumber: demoData().people[0]!.idNumber }))).toBe("FORBIDDEN");
    expect(await refusal(subscribe(cardOperator, { agency: "employment" }))).toBe("FORBIDDEN");

    const p = demoData().people.find((x) => !used.has(x.idNumber) && ["太原市", "迎泽区"].includes(x.region))!;
    used.add(p.idNumber);
    const clerk = staff(["clerk"], "太原市");
    const res = await gql<{ submitApplication: { id: string } }>(oneThing.url, `mutation S($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
      { input: { scenario: 10, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `risk-${run}-${p.idNumber}` } }, clerk);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const id = res.data!.submitApplication.id;

    const atRisk = (await first).value as { data: { stepRiskChanged: { applicationId: string; stepId: string; risk: string; elapsedShare: number; office: string; agency: string } } };
    expect(atRisk.data.stepRiskChanged).toMatchObject({ applicationId: id, stepId: "card", risk: "AT_RISK", office: "太原市", agency: "card" });
    expect(atRisk.data.stepRiskChanged.elapsedShare).toBeGreaterThanOrEqual(0.8);
    expect(atRisk.data.stepRiskChanged.elapsedShare).toBeLessThan(1);
    const listed = await gql<{ stepsAtRisk: { applicationId: string; risk: string }[] }>(oneThing.url, RISK, {}, cardOperator);
    expect(listed.data!.stepsAtRisk.filter((s) => s.applicationId === id).map((s) => s.risk)).toEqual(["AT_RISK"]);

    const overdue = (await events.next()).value as typeof atRisk;
    expect(overdue.data.stepRiskChanged).toMatchObject({ applicationId: id, stepId: "card", risk: "OVERDUE" });
    expect(overdue.data.stepRiskChanged.elapsedShare).toBeGreaterThanOrEqual(1);

    // who sees it: the card operators of the region, its clerks, supervisors; not another agency, region or the applicant
    const mine = async (principal: Principal | undefined, vars: Record<string, unknown> = {}) => {
      const r = await gql<{ stepsAtRisk: { applicationId: string; risk: string; itemCode: string; caseNumber: string }[] }>(oneThing.url, RISK, vars, principal);
      return r.errors ? code(r) : r.data!.stepsAtRisk.filter((s) => s.applicationId === id).map((s) => `${s.itemCode}:${s.risk}`);
    };
    expect(await mine(cardOperator)).toEqual(["1.10.1:OVERDUE"]);
    expect(await mine(cardOperator, { office: "太原市", agency: "card" })).toEqual(["1.10.1:OVERDUE"]);
    expect(await mine(clerk)).toEqual(["1.10.1:OVERDUE"]);
    expect(await mine(staff(["clerk"], "省本级"))).toEqual(["1.10.1:OVERDUE"]);
    expect(await mine(staff(["supervisor"], "省本级"), { agency: "card" })).toEqual(["1.10.1:OVERDUE"]);
    expect(await mine(operator("employment", "太原市"))).toEqual([]);
    expect(await mine(operator("card", "大同市"))).toEqual([]);
    expect(await mine(staff(["clerk"], "大同市"))).toEqual([]);
    expect(await mine(cardOperator, { agency: "employment" })).toBe("FORBIDDEN");
    expect(await mine(staff(["clerk"], "大同市"), { office: "太原市" })).toBe("FORBIDDEN");
    expect(await mine(citizenOf(p))).toBe("FORBIDDEN");
    expect(await mine(staff(["auditor"], "省本级"))).toBe("FORBIDDEN");
    expect(await mine(undefined)).toBe("UNAUTHENTICATED");
    const app = (await gql<{ application: { steps: Step[] } }>(oneThing.url, STEPS, { id }, clerk)).data!.application;
    expect(app.steps.find((s) => s.id === "card")).toMatchObject({ status: "ACCEPTED", overdue: true, timeLimit: { unit: "INSTANT", basis: "ACCELERATED" } });

    // the card centre completes the case: it leaves the list
    const record = [...agencies.records.values()].find((r) => r.itemCode === "1.10.1" && r.caseNumber) as { completesAt?: number };
    await until(id, async () => (await oneThing.engine.get(id))!.steps.find((s) => s.id === "card")!.state.phase === "DONE", () => { record.completesAt = 0; });
    expect(await mine(cardOperator)).toEqual([]);
    expect(await store.hgetall(`${oneThing.engine.settings.keyPrefix}:risk`)).toEqual({});
  });
});

describe("补正: the agency asks for a correction, the applicant supplies it", () => {
  it("stops the case's time and moves the deadline by the working days waited", async () => {
    const agencies = await startRecordingAgencies({ delayMs: 2 });
    started.push(agencies);
    agencies.behaviour.receiptStatus = (c) => (c.itemCode === "1.8.1" ? "ACCEPTED" : "COMPLETED");
    agencies.behaviour.completeAfterMs = () => 365 * 86_400_000;
    const oneThing = await engineOver(agencies);
    clockAt("2020-09-25T10:00:00+08:00"); // a Friday
    const p = personIn("太原市", (x) => x.stage === "EMPLOYED");
    const clerk = staff(["clerk"], "太原市");
    const res = await gql<{ submitApplication: { id: string } }>(oneThing.url, `mutation S($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
      { input: jobless(p, "correction") }, clerk);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const id = res.data!.submitApplication.id;
    await until(id, async () => (await oneThing.engine.get(id))!.steps.find((s) => s.id === "unemployment-benefit")!.state.phase === "ACCEPTED");
    const benefit = async () => (await gql<{ application: { steps: Step[] } }>(oneThing.url, STEPS, { id }, clerk)).data!.application.steps.find((s) => s.id === "unemployment-benefit")!;
    // at a window: 现场办理, 5 working days: 27 (make-up Sunday), 28, 29, 30 September, 9 October
    expect(await benefit()).toMatchObject({ status: "ACCEPTED", deadline: endOf("2020-10-09"), timeLimit: { value: 5, unit: "WORKING_DAYS", condition: "现场办理" } });

    const REQUEST = `mutation Q($a: ID!, $s: String!, $n: String) { requestCorrection(applicationId: $a, stepId: $s, note: $n) { id } }`;
    const SUPPLY = `mutation Q($a: ID!, $s: String!) { supplyCorrection(applicationId: $a, stepId: $s) { id } }`;
    const vars = { a: id, s: "unemployment-benefit", n: "请补充银行账户信息" };
    expect(code(await gql(oneThing.url, REQUEST, vars, citizenOf(p)))).toBe("FORBIDDEN");
    expect(code(await gql(oneThing.url, REQUEST, vars, operator("employment", "太原市")))).toBe("FORBIDDEN");
    expect(code(await gql(oneThing.url, REQUEST, vars, operator("social-insurance", "大同市")))).toBe("FORBIDDEN");
    expect(code(await gql(oneThing.url, SUPPLY, { a: id, s: "unemployment-benefit" }, citizenOf(p)))).toBe("CONFLICT"); // nothing asked yet
    expect(code(await gql(oneThing.url, REQUEST, { ...vars, n: "x".repeat(501) }, operator("social-insurance", "太原市")))).toBe("BAD_USER_INPUT");
    expect((await benefit()).corrections).toEqual([]);

    const asked = await gql(oneThing.url, REQUEST, vars, operator("social-insurance", "太原市"));
    expect(asked.errors, JSON.stringify(asked.errors)).toBeUndefined();
    expect(await benefit()).toMatchObject({ waitingForCorrection: true, corrections: [{ note: "请补充银行账户信息", suppliedAt: null }] });
    expect(code(await gql(oneThing.url, REQUEST, vars, operator("social-insurance", "太原市")))).toBe("CONFLICT");

    // she comes back the next Wednesday afternoon: Friday, the make-up Sunday, Monday and Tuesday waited
    clockAt("2020-09-30T15:00:00+08:00");
    const other = personIn("太原市", (x) => x.stage === "EMPLOYED");
    expect(code(await gql(oneThing.url, SUPPLY, { a: id, s: "unemployment-benefit" }, citizenOf(other)))).toBe("FORBIDDEN");
    const supplied = await gql(oneThing.url, SUPPLY, { a: id, s: "unemployment-benefit" }, citizenOf(p));
    expect(supplied.errors, JSON.stringify(supplied.errors)).toBeUndefined();
    // 9 working days from 25 Sep: 27, 28, 29, 30 Sep, 9, 10 (make-up Saturday), 12, 13, 14 Oct
    const after = await benefit();
    expect(after).toMatchObject({ waitingForCorrection: false, deadline: endOf("2020-10-14") });
    expect(Date.parse(after.corrections[0]!.suppliedAt!) - Date.parse("2020-09-30T15:00:00+08:00")).toBeLessThan(1_000);
  });
});

describe("the stand-ins complete cases after their duration", () => {
  it("a case accepted by the social-insurance platform is completed two days on; the step shows 办结 with its processing time and the figures hear of it", async () => {
    const steps: StepFinishedFact[] = [];
    const apps: ApplicationFinishedFact[] = [];
    let heard = () => undefined as void;
    const figures: FiguresSink = {
      submitted: async () => undefined,
      stepFinished: async (f) => { steps.push(f); heard(); },
      applicationFinished: async (f) => { apps.push(f); heard(); },
      commitmentChecked: async () => undefined,
    };
    /** Resolves once the facts the sink heard satisfy `holds`. */
    const sinkHas = (holds: () => boolean) => new Promise<void>((resolve) => {
      heard = () => { if (holds()) resolve(); };
      heard();
    });
    // two clock days a real second
    clockAt("2020-09-25T10:00:00+08:00", 2 * 86_400);
    const agencies = await startAgencies(store, { caseMs: 2 * 86_400_000 });
    started.push(agencies);
    const oneThing = await engineOver(agencies, { figures }, { checkFirstMs: 3_600_000, checkMaxMs: 6 * 3_600_000 });
    const p = personIn("太原市", (x) => x.stage === "EMPLOYED");
    const set = bundleMaterialSet(3)!;
    const app = await oneThing.engine.submit({ scenario: 3, idNumber: p.idNumber, materials: set.materials.map((m) => m.id), idempotencyKey: `standin-${run}-${p.idNumber}` }, citizenOf(p));
    const done = await oneThing.engine.settled(app.id, 20_000).catch(async (err) => {
      throw new Error(`${err}: ${JSON.stringify((await oneThing.engine.get(app.id))!.steps.map((s) => [s.id, s.state]))}`);
    });
    expect(done.steps.filter((s) => !["DONE", "SKIPPED"].includes(s.state.phase)).map((s) => `${s.id}:${s.state.phase}`)).toEqual([]);
    const view = (await gql<{ application: { status: string; steps: Step[] } }>(oneThing.url, STEPS, { id: app.id }, citizenOf(p))).data!.application;
    expect(view.status).toBe("COMPLETED");
    const benefit = view.steps.find((s) => s.id === "unemployment-benefit")!;
    expect(benefit.status).toBe("DONE");
    expect(Date.parse(benefit.completedAt!) - Date.parse(benefit.acceptedAt!)).toBe(2 * 86_400_000);
    expect(benefit.processingTime).toMatchObject({ calendarDays: 2, minutes: 2 * 24 * 60 });
    // online: the statutory 10 days; two days is on time
    expect(benefit).toMatchObject({ overdue: false, timeLimit: { value: 10, unit: "CALENDAR_DAYS", basis: "STATUTORY" } });
    const doneSteps = new Set(done.steps.filter((s) => s.state.phase === "DONE").map((s) => s.id));
    await sinkHas(() => apps.some((a) => a.applicationId === app.id) && [...doneSteps].every((id) => steps.some((s) => s.stepId === id)));
    const fact = steps.find((s) => s.stepId === "unemployment-benefit")!;
    expect(fact).toMatchObject({ applicationId: app.id, itemCode: "1.8.1", agency: "social-insurance", office: "太原市", onTime: true, elapsed: { calendarDays: 2 } });
    expect(Date.parse(fact.completedAt)).toBe(Date.parse(benefit.completedAt!));
    expect(new Set(steps.map((s) => s.stepId))).toEqual(doneSteps);
    expect(apps.filter((a) => a.applicationId === app.id).map((a) => a.status)).toContain("COMPLETED");
  });
});
