import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStore, sharedTestStoreEnv, withoutStoreSettings } from "../support/store";
import { OneThingEngine } from "../../subgraphs/one-thing/engine";
import { httpStepExecutor } from "../../subgraphs/one-thing/executor";
import { bundleMaterialSet } from "../../subgraphs/one-thing/materials";
import { callsOf, clerk, employerAt, peoplePicker, rosterOf, testSettings } from "../../subgraphs/one-thing/testing/harness";
import { type RecordingAgencies, startRecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";

// Really stops the engine: it runs in a child process (the production entry, main.ts) on a real
// Redis and is SIGKILLed while agency calls are in flight, twice; a fresh process takes over the dead
// one's queue entries once they have been idle for the lease, and each step ends with exactly one
// record at its agency. (Two engines killed at random: one-thing-failover.test.ts.)

const store = sharedTestStore();
const settings = testSettings({ leaseMs: 1_000, pollMs: 100 });
const mainTs = fileURLToPath(new URL("../../subgraphs/one-thing/main.ts", import.meta.url));
let agencies: RecordingAgencies;
const children: ChildProcess[] = [];

function startEngineProcess(): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ["--import", "tsx", mainTs], {
    env: {
      ...withoutStoreSettings(process.env),
      ...sharedTestStoreEnv(),
      ONE_THING_PORT: "0",
      ONE_THING_KEY_PREFIX: settings.keyPrefix,
      ONE_THING_ROSTER_STREAM: settings.rosterStream,
      ONE_THING_LEASE_MS: String(settings.leaseMs),
      ONE_THING_POLL_MS: String(settings.pollMs),
      ONE_THING_RETRY_BASE_MS: "50",
      SOCIAL_INSURANCE_SUBGRAPH_URL: agencies.urls["social-insurance"],
      EMPLOYMENT_SUBGRAPH_URL: agencies.urls.employment,
      PERSONNEL_SUBGRAPH_URL: agencies.urls.personnel,
      LABOR_RELATIONS_SUBGRAPH_URL: agencies.urls["labor-relations"],
      CARD_SUBGRAPH_URL: agencies.urls.card,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout!.on("data", (d: Buffer) => child.output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => child.output.push(d.toString()));
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else child.once("exit", (code, signal) => resolve(signal ?? code));
  });

beforeAll(async () => {
  agencies = await startRecordingAgencies({ delayMs: 400 });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await agencies?.close();
  const keys = await store.keys(`${settings.keyPrefix}:*`);
  await store.del(...keys, settings.rosterStream!);
  await store.close();
});

describe("crash and resume", () => {
  it("an engine killed mid-application twice: a new process finishes it, one record per step at each agency", { timeout: 150_000 }, async () => {
    // submitted by an engine whose runner never starts: the child processes do all the work
    const submitter = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings });
    const p = peoplePicker()("UNEMPLOYED", (x) => x.drawsUnemploymentBenefit);
    const app = await submitter.submit(
      {
        scenario: 1,
        idNumber: p.idNumber,
        creditCode: employerAt(2).creditCode,
        materials: bundleMaterialSet(1)!.materials.map((m) => m.id),
        facts: ["DRAWS_UNEMPLOYMENT_BENEFIT", "PARTY_MEMBER", "ARCHIVE_ELSEWHERE"],
        idempotencyKey: `crash-${p.idNumber}`,
      },
      clerk(),
    );
    const stageOf = (key: string) => app.steps.find((s) => `${app.id}.${s.id}` === key)?.stage ?? -1;

    // first process: killed as soon as the parallel stage has reached the agencies
    const first = startEngineProcess();
    agencies.onCall = ({ key }) => { if (stageOf(key) === 1) first.kill("SIGKILL"); };
    expect(await exited(first), first.output.join("")).toBe("SIGKILL");
    const afterFirst = (await submitter.get(app.id))!;
    expect(afterFirst.steps.find((s) => s.id === "enrolment")!.state.phase).toBe("DONE");
    const cutOff = afterFirst.steps.filter((s) => s.state.phase === "RUNNING").map((s) => s.id);
    expect(cutOff.length).toBeGreaterThan(0);

    // second process: resumes after the lease lapses, killed again in the follow-up stage
    const second = startEngineProcess();
    agencies.onCall = ({ key }) => { if (stageOf(key) === 2) second.kill("SIGKILL"); };
    expect(await exited(second), second.output.join("")).toBe("SIGKILL");

    // third process: finishes, then stops cleanly
    agencies.onCall = undefined;
    const third = startEngineProcess();
    const done = await submitter.settled(app.id, 90_000);
    third.kill("SIGTERM");
    expect(await exited(third), third.output.join("")).toBe(0);

    expect(done.steps.every((s) => s.state.phase === "DONE" || s.state.phase === "SKIPPED")).toBe(true);
    const calls = callsOf(agencies, app.id);
    const performed = calls.filter((c) => c.outcome === "PERFORMED");
    const doneSteps = done.steps.filter((s) => s.state.phase === "DONE").map((s) => s.id);
    // exactly one record per step in each system
    expect(performed.map((c) => c.stepId).sort()).toEqual([...doneSteps].sort());
    for (const s of doneSteps) expect([...agencies.records.keys()].filter((k) => k === `${app.id}.${s}`)).toHaveLength(1);
    // what was done before a crash is not called again; what was cut off was called again and deduplicated
    expect(calls.filter((c) => c.stepId === "enrolment")).toHaveLength(1);
    expect(calls.filter((c) => c.outcome === "REPEATED").length).toBeGreaterThan(0);
    for (const s of cutOff) {
      const outcomes = calls.filter((c) => c.stepId === s).map((c) => c.outcome);
      expect(outcomes.filter((o) => o === "PERFORMED"), s).toHaveLength(1);
    }
    // the receipts recorded are the agencies' single records
    for (const s of done.steps) {
      if (s.state.phase === "DONE") expect(s.state.receipt.caseNumber).toBe(agencies.records.get(`${app.id}.${s.id}`)!.caseNumber);
    }
    // roster events are at least once: every completed step is there, repeats only for re-run steps
    const roster = await rosterOf(store, settings.rosterStream!, app.id);
    expect(new Set(roster.map((e) => e.fields.stepId))).toEqual(new Set(doneSteps));
    expect(await store.smembers(`${settings.keyPrefix}:open`)).not.toContain(app.id);
  });
});
