import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import type { ApplicationStep } from "../../subgraphs/one-thing/application";
import { storedReceipt } from "../../subgraphs/one-thing/deadlines";
import { OneThingEngine } from "../../subgraphs/one-thing/engine";
import { httpStepExecutor } from "../../subgraphs/one-thing/executor";
import { type SubmitInput, authorizeSubmission, buildApplication } from "../../subgraphs/one-thing/submission";
import { clerk, testSettings } from "../../subgraphs/one-thing/testing/harness";
import { type RecordingAgencies, startRecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { type OwnRedis, ownRedis } from "../support/own-redis";

// An idle engine's store traffic does not depend on how many applications are open: 100 open, then
// 10,000 open (waiting for an agency's 办结 or for a retry an hour away, written straight through
// the repository), the same window, counted by a Redis of the test's own. The engine runs with the
// production timings (lease 1.5 s, poll 100 ms, timer tick 1 s).

const WINDOW_MS = 5_000;
let redis: OwnRedis;
let store: RedisStore;
let agencies: RecordingAgencies;
let engine: OneThingEngine;
const settings = testSettings({ leaseMs: 1_500, pollMs: 100, timerTickMs: 1_000, checkFirstMs: 3_600_000, checkMaxMs: 4 * 3_600_000 });

beforeAll(async () => {
  redis = await ownRedis();
  store = new RedisStore(redis.url);
  agencies = await startRecordingAgencies({ delayMs: 5 });
  engine = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings }).start();
});

afterAll(async () => {
  await engine?.close();
  await store?.close();
  await agencies?.close();
  await redis?.stop();
});

const input = (i: number): SubmitInput => ({ scenario: 10, idNumber: "11010519491231002X", materials: ["ID_CARD", "PHOTO"], facts: ["HAS_CARD", "CARD_LOST"], idempotencyKey: `load-open-${i}` });

/** Writes open applications as the engine would have left them: half waiting for 办结, half for a retry in an hour. */
async function openApplications(from: number, to: number): Promise<void> {
  const inHour = Date.now() + 3_600_000;
  const write = async (i: number) => {
    const principal = clerk();
    const parties = authorizeSubmission(principal, input(i));
    const { app } = buildApplication(input(i), parties, "省本级", {}, new Date(), principal);
    const first = app.steps[0]!;
    const at = new Date().toISOString();
    const state: ApplicationStep["state"] = i % 2 === 0
      ? { phase: "ACCEPTED", receipt: storedReceipt({ caseNumber: `SB${i}`, itemCode: first.itemCode, system: "card", status: "ACCEPTED", acceptedAt: at, completedAt: null, idempotencyKey: first.idempotencyKey }), acceptedAt: at, checks: 0, nextCheckAt: new Date(inHour).toISOString() }
      : { phase: "WAITING_RETRY", nextAttemptAt: new Date(inHour).toISOString(), errorCode: "UPSTREAM_UNAVAILABLE", error: "down" };
    app.steps[0] = { ...first, state, updatedAt: at };
    await engine.repo.create(app);
    if (state.phase === "ACCEPTED") await engine.tracking.ensureCheck(app.id, app.steps[0]);
    else await engine.tracking.scheduleRetry(app.id, inHour);
  };
  for (let i = from; i < to; i += 500) await Promise.all(Array.from({ length: Math.min(500, to - i) }, (_, j) => write(i + j)));
}

const info = async (section: string) => {
  const text = await store.redis.info(section);
  return Object.fromEntries(text.split("\r\n").filter((l) => l.includes(":")).map((l) => l.split(":", 2) as [string, string]));
};

/** Commands a second the server processed over the window (the two INFO calls taken off), and which ones. */
async function measure(): Promise<{ perSecond: number; byCommand: Record<string, number> }> {
  const calls = (stats: Record<string, string>) => Object.fromEntries(Object.entries(stats).map(([k, v]) => [k.replace("cmdstat_", ""), Number(/calls=(\d+)/.exec(v)?.[1] ?? 0)]));
  const beforeStats = calls(await info("commandstats"));
  const before = Number((await info("stats")).total_commands_processed);
  const started = Date.now();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const after = Number((await info("stats")).total_commands_processed);
  const elapsed = Date.now() - started;
  const afterStats = calls(await info("commandstats"));
  const byCommand: Record<string, number> = {};
  for (const [cmd, n] of Object.entries(afterStats)) if (n - (beforeStats[cmd] ?? 0) > 0 && cmd !== "info") byCommand[cmd] = n - (beforeStats[cmd] ?? 0);
  return { perSecond: ((after - before - 2) * 1000) / elapsed, byCommand };
}

describe("the engine's store traffic at rest", () => {
  it("is the same with 10,000 open applications as with 100", { timeout: 120_000 }, async () => {
    await openApplications(0, 100);
    expect(await store.redis.scard(`${settings.keyPrefix}:open`)).toBe(100);
    await new Promise((r) => setTimeout(r, 1_000));
    const small = await measure();

    await openApplications(100, 10_000);
    expect((await engine.repo.openIds()).length).toBe(10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const large = await measure();

    console.log(`store commands/s with 100 open: ${small.perSecond.toFixed(1)} ${JSON.stringify(small.byCommand)}`);
    console.log(`store commands/s with 10,000 open: ${large.perSecond.toFixed(1)} ${JSON.stringify(large.byCommand)}`);
    expect(small.perSecond).toBeGreaterThan(0); // the engine is there, reading its queue
    expect(large.perSecond).toBeLessThanOrEqual(small.perSecond * 1.5);
    expect(engine.runner.inHand).toBe(0);

    // and it still takes new work at once
    const app = await engine.submit(input(20_000), clerk());
    const done = await engine.settled(app.id, 10_000);
    expect(done.steps.every((s) => s.state.phase === "DONE" || s.state.phase === "SKIPPED")).toBe(true);
  });
});
