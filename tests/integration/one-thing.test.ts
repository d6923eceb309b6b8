import { createClient } from "graphql-ws";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { RunningGateway } from "../../gateway/index";
import { subjectRef } from "../../lib/audit";
import type { Principal } from "../../lib/principal";
import { type RunningOneThing, progressEvents, type ProgressEvent } from "../../subgraphs/one-thing/index";
import { bundleMaterialSet } from "../../subgraphs/one-thing/materials";
import { applicationIdFor } from "../../subgraphs/one-thing/submission";
import { APPLICATION, SUBMIT, callsOf, clerk, employerAt, gql, peoplePicker, rosterOf, testSettings } from "../../subgraphs/one-thing/testing/harness";
import type { RecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { sharedTestStore } from "../support/store";
import { type OneThingStack, startOneThingStack } from "../support/one-thing-stack";

// The engine against real HTTP: five small GraphQL servers play the agency subgraphs (recording
// every call, deduplicating by idempotency key), the one-thing subgraph runs on a real Redis, and
// the hiring bundle goes through the stitched gateway.

const store = sharedTestStore();
const settings = testSettings({ maxAttempts: 4 });
const DELAY_MS = 60;
let agencies: RecordingAgencies;
let stack: OneThingStack | undefined;
let oneThing: RunningOneThing;
let gateway: RunningGateway;
const person = peoplePicker();
const all = (scenario: number) => bundleMaterialSet(scenario)!.materials.map((m) => m.id);

type Step = { id: string; stage: number; relation: string; itemCode: string; status: string; caseNumber: string | null; attempts: number; errorCode: string | null; blockedBy: string | null };
type App = { id: string; status: string; steps: Step[]; materialsCut: number; commitments: { material: string; verificationTaskId: string }[]; revocations: { stepId: string }[] };

async function submit(input: Record<string, unknown>, principal: Principal = clerk()) {
  return gql<{ submitApplication: App }>(oneThing.url, SUBMIT, { input }, principal);
}
async function settled(id: string): Promise<App> {
  await oneThing.engine.settled(id, 20_000);
  const res = await gql<{ application: App }>(oneThing.url, APPLICATION, { id }, clerk("省本级"));
  return res.data!.application;
}
const stepOf = (app: App, id: string) => app.steps.find((s) => s.id === id)!;

beforeAll(async () => {
  stack = await startOneThingStack(store, settings, { delayMs: DELAY_MS, gateway: true });
  ({ agencies, oneThing } = stack);
  gateway = stack.gateway!;
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  agencies.behaviour = { delayMs: DELAY_MS };
});

describe("the access the one-thing subgraph declares, enforced by the gateway", () => {
  const viaGateway = async (query: string, principal?: Principal) => {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(principal ? { "x-test-principal": encodeURIComponent(JSON.stringify(principal)) } : {}) },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  };

  it("without a credential: the material sets answer, the figures and applications are refused before the subgraph is asked", async () => {
    const set = await viaGateway(`{ materialsFor(scenario: 10) { asked } }`);
    expect(set.errors).toBeUndefined();
    expect(set.data).toEqual({ materialsFor: { asked: 2 } });
    const before = oneThing.subgraph.stats.requests;
    for (const q of [`{ oneThingStats { bundlesHandled } }`, `{ applications { totalCount } }`, `{ verificationTasks { id } }`]) {
      expect((await viaGateway(q)).errors?.[0]?.extensions?.code, q).toBe("UNAUTHENTICATED");
    }
    expect(oneThing.subgraph.stats.requests).toBe(before);
  });

  it("a supervisor gets the figures and FORBIDDEN for applications", async () => {
    const supervisor: Principal = { kind: "staff", subject: "sv", roles: ["supervisor"], agency: "hrss", region: "省本级" };
    const stats = await viaGateway(`{ oneThingStats { bundlesHandled } }`, supervisor);
    expect(stats.errors).toBeUndefined();
    expect(typeof (stats.data!.oneThingStats as { bundlesHandled: number }).bundlesHandled).toBe("number");
    const list = await viaGateway(`{ applications { totalCount nodes { id idNumber } } }`, supervisor);
    expect(list.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(list.data ?? null).toBeNull();
  });
});

describe("one-thing engine over real HTTP and Redis", () => {
  it("hiring through the gateway: one material set, stages in order, parallel steps overlap, one record per step, roster and progress events", async () => {
    const p = person("UNEMPLOYED", (x) => x.drawsUnemploymentBenefit);
    const employer = employerAt(3);
    const key = `hire-${settings.keyPrefix}`.replaceAll(":", "-");
    const id = applicationIdFor(key, { kind: "employer", subject: "hr-1", creditCode: employer.creditCode });
    const events: ProgressEvent[] = [];
    const stream = progressEvents(store, id);
    await stream.ready;
    const collecting = (async () => {
      for await (const e of stream) {
        events.push(e);
        if (e.kind === "APPLICATION" && e.status !== "IN_PROGRESS") break;
      }
    })();

    const input = {
      scenario: 1, idNumber: p.idNumber, creditCode: employer.creditCode, materials: all(1), idempotencyKey: key,
      facts: ["DRAWS_UNEMPLOYMENT_BENEFIT", "PARTY_MEMBER", "ARCHIVE_ELSEWHERE"],
    };
    const res = await fetch(`${gateway.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-test-principal": JSON.stringify({ kind: "employer", subject: "hr-1", creditCode: employer.creditCode }) },
      body: JSON.stringify({ query: SUBMIT, variables: { input } }),
    });
    const body = (await res.json()) as { data: { submitApplication: App }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.submitApplication.id).toBe(id);

    const app = await settled(id);
    await collecting;
    expect(app.status).toBe("COMPLETED");
    const expectedDone = ["enrolment", "contributors", "employment-registration", "employment-filing", "card", "stop-unemployment-benefit", "employment-card", "archive-transfer", "party-relation"];
    for (const s of expectedDone) expect(stepOf(app, s).status, s).toBe("DONE");
    for (const s of ["pension-transfer", "unemployment-insurance-transfer", "graduate-acceptance"]) expect(stepOf(app, s).status).toBe("SKIPPED");

    const calls = callsOf(agencies, id);
    // exactly one record per step, each at the agency that owns it, under the step's own key
    expect(calls.map((c) => c.stepId).sort()).toEqual([...expectedDone].sort());
    expect(calls.every((c) => c.outcome === "PERFORMED")).toBe(true);
    expect(new Set(calls.map((c) => c.agency))).toEqual(new Set(["social-insurance", "employment", "labor-relations", "card", "personnel"]));
    expect(calls.find((c) => c.stepId === "contributors")!.args).toMatchObject({ change: "INCREASE", insurances: ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"] });
    for (const s of expectedDone) expect(stepOf(app, s).caseNumber).toBe(agencies.records.get(`${id}.${s}`)!.caseNumber);

    // stage by stage: nothing of a stage starts before the stage before it has finished
    const stageOf = (stepId: string) => stepOf(app, stepId).stage;
    for (const later of calls) for (const earlier of calls) {
      if (stageOf(earlier.stepId) < stageOf(later.stepId)) expect(later.startedAt).toBeGreaterThanOrEqual(earlier.endedAt);
    }
    // within the parallel stage every call overlaps every other
    const parallel = calls.filter((c) => stageOf(c.stepId) === 1);
    expect(parallel).toHaveLength(5);
    expect(Math.max(...parallel.map((c) => c.startedAt))).toBeLessThan(Math.min(...parallel.map((c) => c.endedAt)));
    // the party relation follows the archive it is kept with
    expect(calls.find((c) => c.stepId === "party-relation")!.startedAt).toBeGreaterThanOrEqual(calls.find((c) => c.stepId === "archive-transfer")!.endedAt);

    const roster = await rosterOf(store, settings.rosterStream!, id);
    expect(roster.map((e) => e.fields.stepId).sort()).toEqual([...expectedDone].sort());
    expect(roster[0]!.fields).toMatchObject({ type: "COMPLETED", idNumber: p.idNumber, creditCode: employer.creditCode, applicationId: id });
    expect(roster.every((e) => e.fields.caseNumber && e.fields.itemCode && e.fields.at)).toBe(true);

    expect(events.filter((e) => e.kind === "STEP" && e.phase === "DONE").map((e) => e.stepId).sort()).toEqual([...expectedDone].sort());
    expect(events.at(-1)).toMatchObject({ kind: "APPLICATION", status: "COMPLETED" });
  });

  it("applicationProgress through the gateway over graphql-ws pushes each change to the applicant, and refuses others", async () => {
    const p = person("GRADUATE", (x) => x.card.status === "NONE");
    const key = `sub-${p.idNumber}`;
    const id = applicationIdFor(key, clerk());
    const asCitizen = { kind: "citizen", subject: "sub", idNumber: p.idNumber };
    // the application exists (submitted by a clerk, steps held back by a slow agency) before anyone subscribes
    agencies.behaviour = { delayMs: 150 };
    await submit({ scenario: 10, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO"], idempotencyKey: key });
    const client = createClient({ url: `${gateway.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { "x-test-principal": JSON.stringify(asCitizen) }, retryAttempts: 0 });
    const other = createClient({ url: `${gateway.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { "x-test-principal": JSON.stringify({ ...asCitizen, idNumber: person("EMPLOYED").idNumber }) }, retryAttempts: 0 });
    try {
      const query = `subscription P($id: ID!) { applicationProgress(id: $id) { applicationId kind status stepId stepStatus caseNumber } }`;
      const seen: { kind: string; status: string; stepId: string | null; stepStatus: string | null }[] = [];
      for await (const r of client.iterate<{ applicationProgress: (typeof seen)[number] }>({ query, variables: { id } })) {
        expect(r.errors).toBeUndefined();
        seen.push(r.data!.applicationProgress);
        if (r.data!.applicationProgress.kind === "APPLICATION" && r.data!.applicationProgress.status !== "IN_PROGRESS") break;
      }
      expect(seen.filter((e) => e.stepStatus === "DONE").map((e) => e.stepId).sort()).toEqual(["activation", "card", "password"]);
      expect(seen.at(-1)).toMatchObject({ kind: "APPLICATION", status: "COMPLETED" });
      const refused = await (async () => {
        for await (const r of other.iterate({ query, variables: { id } })) return r.errors?.[0]?.extensions?.code;
        return undefined;
      })().catch((errs: unknown) => (errs as { extensions?: { code?: string } }[])[0]?.extensions?.code);
      expect(refused).toBe("FORBIDDEN");
    } finally {
      await client.dispose();
      await other.dispose();
    }
  });

  it.each([
    [3, "失业", "UNEMPLOYED" as const, ["IN_TRAINING"], ["unemployment-registration"], ["unemployment-benefit", "employment-card", "job-referral"], ["medical-insurance-contribution", "training-subsidy", "price-subsidy"]],
    [7, "职工退休", "EMPLOYED" as const, ["CONTRIBUTION_ARREARS"], ["arrears"], ["retirement"], ["termination-filing", "pension-account"]],
    [10, "申领社会保障卡", "GRADUATE" as const, [], [], ["card"], ["activation", "password"]],
  ])("bundle %i %s completes stage by stage", async (scenario, _name, stage, facts, first, second, third) => {
    const p = person(stage, (x) => scenario !== 10 || x.card.status === "NONE");
    const res = await submit({ scenario, idNumber: p.idNumber, materials: all(scenario), facts, idempotencyKey: `b${scenario}-${p.idNumber}` });
    expect(res.errors).toBeUndefined();
    const app = await settled(res.data!.submitApplication.id);
    expect(app.status).toBe("COMPLETED");
    const calls = callsOf(agencies, app.id);
    const done = app.steps.filter((s) => s.status === "DONE").map((s) => s.id);
    expect(done.sort()).toEqual([...first, ...second, ...third].sort());
    expect(calls.map((c) => c.stepId).sort()).toEqual([...done].sort());
    const ends = (ids: string[]) => Math.max(...calls.filter((c) => ids.includes(c.stepId)).map((c) => c.endedAt));
    const starts = (ids: string[]) => Math.min(...calls.filter((c) => ids.includes(c.stepId)).map((c) => c.startedAt));
    if (first.length) expect(starts(second)).toBeGreaterThanOrEqual(ends(first));
    expect(starts(third)).toBeGreaterThanOrEqual(ends(second));
    for (const s of app.steps.filter((x) => x.status === "DONE")) expect(s.caseNumber).toMatch(/^[A-Z]{2}\d{8}$/);
  });

  it("the conditional steps follow the agencies' records over the applicant's statement", async () => {
    const p = person("UNEMPLOYED");
    agencies.people.set(p.idNumber, { card: "ACTIVE", unemploymentBenefitPaying: true, archive: { region: "大同市", partyMember: true }, graduate: false });
    // she states nothing; the records say she has a card, draws benefit and keeps her archive elsewhere
    const res = await submit({ scenario: 1, idNumber: p.idNumber, creditCode: employerAt(4).creditCode, materials: all(1), idempotencyKey: `facts-${p.idNumber}` }, clerk(p.region));
    expect(res.errors).toBeUndefined();
    const app = await settled(res.data!.submitApplication.id);
    expect(stepOf(app, "card").status).toBe("SKIPPED");
    expect(stepOf(app, "stop-unemployment-benefit").status).toBe("DONE");
    expect(stepOf(app, "archive-transfer").status).toBe("DONE");
    expect(stepOf(app, "party-relation").status).toBe("DONE");
    expect(stepOf(app, "graduate-acceptance").status).toBe("SKIPPED");
  });

  it("the same idempotency key twice gives one application; a different request under it is refused", async () => {
    const p = person("GRADUATE", (x) => x.card.status === "NONE");
    const input = { scenario: 10, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `idem-${p.idNumber}` };
    const [a, b] = await Promise.all([submit(input), submit(input)]);
    const c = await submit(input);
    expect(a.data!.submitApplication.id).toBe(b.data!.submitApplication.id);
    expect(c.data!.submitApplication.id).toBe(a.data!.submitApplication.id);
    await settled(a.data!.submitApplication.id);
    expect(await store.zcard(`${settings.keyPrefix}:idx:person:${subjectRef(p.idNumber)}`)).toBe(1);
    expect(callsOf(agencies, a.data!.submitApplication.id).filter((x) => x.outcome === "PERFORMED")).toHaveLength(3);
    const conflict = await submit({ ...input, materials: ["ID_CARD", "PHOTO", "BANK_ACCOUNT"] });
    expect(conflict.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("a missing material, an invalid ID or an unknown bundle is a clear error and creates nothing", async () => {
    const p = person("EMPLOYED");
    // keys of earlier applications may still go (a lease released after its step settled); none may appear
    const before = new Set(await store.keys(`${settings.keyPrefix}:*`));
    const missing = await submit({ scenario: 1, idNumber: p.idNumber, creditCode: employerAt(1).creditCode, materials: ["ID_CARD"], idempotencyKey: `miss-${p.idNumber}` });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "MISSING_MATERIAL", missing: ["LABOUR_CONTRACT", "CONTRIBUTOR_CHANGE_FORM", "PHOTO"] });
    const badId = await submit({ scenario: 10, idNumber: "110105194912310021", materials: ["ID_CARD", "PHOTO"], idempotencyKey: `badid-${p.idNumber}` });
    expect(badId.errors?.[0]?.extensions?.code).toBe("INVALID_ID_NUMBER");
    const unknown = await submit({ scenario: 42, idNumber: p.idNumber, materials: [], idempotencyKey: `unknown-${p.idNumber}` });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await store.keys(`${settings.keyPrefix}:*`)).filter((k) => !before.has(k))).toEqual([]);
    expect(agencies.calls.filter((c) => c.idempotencyKey.includes(applicationIdFor(`miss-${p.idNumber}`, clerk())))).toHaveLength(0);
  });

  it("a system down for a while: the step waits, retries with backoff and the application completes when it is back", async () => {
    const p = person("GRADUATE", (x) => x.card.status === "NONE");
    let refusals = 0;
    agencies.behaviour = { delayMs: 10, unavailable: (c) => c.agency === "card" && c.itemCode === "1.10.1" && refusals++ < 2 };
    const res = await submit({ scenario: 10, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `retry-${p.idNumber}` });
    const id = res.data!.submitApplication.id;
    const seen: string[] = [];
    const stream = progressEvents(store, id);
    void (async () => { for await (const e of stream) if (e.stepId === "card") seen.push(e.phase!); })();
    const app = await settled(id);
    await stream.return!();
    expect(app.status).toBe("COMPLETED");
    expect(stepOf(app, "card")).toMatchObject({ status: "DONE", attempts: 3 });
    const cardCalls = callsOf(agencies, id).filter((c) => c.stepId === "card");
    expect(cardCalls.map((c) => c.outcome)).toEqual(["UNAVAILABLE", "UNAVAILABLE", "PERFORMED"]);
    // backoff: 40 ms, then 80 ms
    expect(cardCalls[1]!.startedAt - cardCalls[0]!.endedAt).toBeGreaterThanOrEqual(35);
    expect(cardCalls[2]!.startedAt - cardCalls[1]!.endedAt).toBeGreaterThanOrEqual(75);
    expect(seen).toContain("WAITING_RETRY");
  });

  it("a follow-up refused while what it builds on is still being completed (a card in production) is retried, not sent to manual handling", async () => {
    const p = person("GRADUATE", (x) => x.card.status === "NONE");
    let refusals = 0;
    agencies.behaviour = {
      delayMs: 5,
      receiptStatus: (c) => (c.itemCode === "1.10.1" ? "IN_PRODUCTION" : "COMPLETED"),
      // the card is in production for a while (its first case checks answer ACCEPTED), long enough
      // that both refusals happen while it is, however slow the machine
      completeAfterMs: (c) => (c.itemCode === "1.10.1" ? 1_500 : 0),
      reject: (c) => (c.itemCode === "1.10.2" && refusals++ < 2 ? "CONFLICT" : null),
    };
    const res = await submit({ scenario: 10, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `production-${p.idNumber}` });
    const app = await settled(res.data!.submitApplication.id);
    expect(app.status).toBe("COMPLETED");
    expect(stepOf(app, "activation")).toMatchObject({ status: "DONE", attempts: 3 });
    expect(callsOf(agencies, app.id).filter((c) => c.stepId === "activation").map((c) => c.outcome)).toEqual(["REJECTED", "REJECTED", "PERFORMED"]);
  });

  it("a refusal puts the step and what builds on it in manual handling while the rest go on", async () => {
    const p = person("EMPLOYED");
    agencies.behaviour = { delayMs: 10, reject: (c) => (c.itemCode === "2.4.2" ? "UPSTREAM_REJECTED" : null) };
    const res = await submit({ scenario: 1, idNumber: p.idNumber, creditCode: employerAt(5).creditCode, materials: all(1), facts: ["HAS_CARD"], idempotencyKey: `manual-${p.idNumber}` });
    const app = await settled(res.data!.submitApplication.id);
    expect(app.status).toBe("NEEDS_MANUAL");
    expect(stepOf(app, "employment-registration")).toMatchObject({ status: "MANUAL", errorCode: "UPSTREAM_REJECTED", attempts: 1 });
    expect(stepOf(app, "employment-card")).toMatchObject({ status: "MANUAL", errorCode: "PREREQUISITE_IN_MANUAL_HANDLING", blockedBy: "employment-registration" });
    for (const s of ["enrolment", "contributors", "employment-filing"]) expect(stepOf(app, s).status).toBe("DONE");
    expect(callsOf(agencies, app.id).some((c) => c.stepId === "employment-card")).toBe(false);

    // staff clear the cause and put the step back in line: it and what waited on it complete
    agencies.behaviour = { delayMs: 10 };
    const RETRY = `mutation R($a: ID!, $s: String!) { retryManualStep(applicationId: $a, stepId: $s) { id } }`;
    expect((await gql(oneThing.url, RETRY, { a: app.id, s: "employment-registration" }, { kind: "citizen", subject: "c", idNumber: p.idNumber })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(oneThing.url, RETRY, { a: app.id, s: "enrolment" }, clerk())).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await gql(oneThing.url, RETRY, { a: app.id, s: "employment-registration" }, clerk())).errors).toBeUndefined();
    const after = await settled(app.id);
    expect(after.status).toBe("COMPLETED");
    const calls = callsOf(agencies, app.id);
    expect(calls.filter((c) => c.stepId === "employment-registration").map((c) => c.outcome)).toEqual(["REJECTED", "PERFORMED"]);
    expect(calls.filter((c) => c.stepId === "employment-card").map((c) => c.outcome)).toEqual(["PERFORMED"]);
    expect(calls.filter((c) => c.stepId === "enrolment")).toHaveLength(1);
  });

  it("a system that never comes back: after the last attempt the step goes to manual handling", async () => {
    const p = person("EMPLOYED");
    agencies.behaviour = { delayMs: 5, unavailable: (c) => c.agency === "labor-relations" };
    const res = await submit({ scenario: 1, idNumber: p.idNumber, creditCode: employerAt(6).creditCode, materials: all(1), facts: ["HAS_CARD"], idempotencyKey: `exhaust-${p.idNumber}` });
    const app = await settled(res.data!.submitApplication.id);
    expect(stepOf(app, "employment-filing")).toMatchObject({ status: "MANUAL", errorCode: "UPSTREAM_UNAVAILABLE", attempts: 4 });
    expect(stepOf(app, "employment-card").status).toBe("DONE");
    expect(callsOf(agencies, app.id).filter((c) => c.stepId === "employment-filing")).toHaveLength(4);
  });

  it("two engines on one store never run the same application: every step is called once", async () => {
    const { OneThingEngine } = await import("../../subgraphs/one-thing/engine");
    const { httpStepExecutor } = await import("../../subgraphs/one-thing/executor");
    const second = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings, owner: "second-engine" }).start();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const p = person("EMPLOYED");
        const engine = i % 2 ? second : oneThing.engine;
        const app = await engine.submit({ scenario: 1, idNumber: p.idNumber, creditCode: employerAt(i).creditCode, materials: all(1), facts: ["HAS_CARD"], idempotencyKey: `two-${p.idNumber}` }, clerk());
        ids.push(app.id);
      }
      for (const id of ids) expect((await oneThing.engine.settled(id, 20_000)).steps.every((s) => ["DONE", "SKIPPED"].includes(s.state.phase))).toBe(true);
      for (const id of ids) {
        const calls = callsOf(agencies, id);
        expect(calls.length).toBe(new Set(calls.map((c) => c.stepId)).size);
        expect(calls.every((c) => c.outcome === "PERFORMED")).toBe(true);
      }
    } finally {
      await second.close();
    }
  });
});
