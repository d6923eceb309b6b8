import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../lib/clock";
import { registry } from "../../lib/metrics";
import { MemoryStore } from "../../lib/store";
import { OneThingEngine } from "./engine";
import { progressEvents, type ProgressEvent } from "./events";
import { httpStepExecutor } from "./executor";
import { type SubmitInput, applicationIdFor } from "./submission";
import { callsOf, clerk, testSettings } from "./testing/harness";
import { type RecordingAgencies, startRecordingAgencies } from "./testing/recording-agencies";

// The work queue on the in-process store: what brings an application back to an engine, and what
// the metrics say about it.

const store = new MemoryStore();
let agencies: RecordingAgencies;

beforeAll(async () => {
  agencies = await startRecordingAgencies({ delayMs: 5 });
});

afterAll(async () => {
  await agencies.close();
  await store.close();
});

const card = (key: string): SubmitInput => ({ scenario: 10, idNumber: "11010519491231002X", materials: ["ID_CARD", "PHOTO"], facts: ["HAS_CARD", "CARD_LOST"], idempotencyKey: key });

async function gauge(name: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return Number(metric?.values[0]?.value ?? NaN);
}

/** Waits for the next progress event that matches. */
async function nextEvent(stream: AsyncIterableIterator<ProgressEvent>, match: (e: ProgressEvent) => boolean): Promise<ProgressEvent> {
  for (;;) {
    const { value, done } = await stream.next();
    if (done) throw new Error("progress stream ended");
    if (match(value)) return value;
  }
}

/**
 * Submits with the agencies down for this application until its first step is WAITING_RETRY, then
 * brings them back: what follows is the retry's doing.
 */
async function submitIntoRetry(engine: OneThingEngine, key: string) {
  const id = applicationIdFor(key, clerk());
  let down = true;
  agencies.behaviour = { delayMs: 5, unavailable: ({ key: k }) => k.startsWith(id) && down };
  const events = progressEvents(store, id);
  await events.ready;
  await engine.submit(card(key), clerk());
  const waiting = await nextEvent(events, (e) => e.phase === "WAITING_RETRY");
  down = false;
  return { id, events, waiting };
}

describe("the engines' work queue", () => {
  it("holds submitted work until an engine runs, and the metrics show its depth and age", async () => {
    const settings = testSettings();
    agencies.behaviour = { delayMs: 100 };
    // an engine whose runner is not started yet: its queue fills
    const engine = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings });
    const a = await engine.submit(card("queue-depth-0001"), clerk());
    await engine.submit(card("queue-depth-0002"), clerk());
    expect(await store.xlag(engine.queue.key, engine.queue.group)).toBe(2);
    const oldest = await engine.queue.oldestAgeMs();
    expect(oldest).toBeGreaterThanOrEqual(0);
    expect(oldest).toBeLessThan(5_000);

    // every step of both is open, since their submission
    expect(await store.zcard(engine.repo.openStepsKey)).toBe(a.steps.filter((st) => st.state.phase !== "SKIPPED").length * 2);

    engine.start();
    expect(await gauge("kuaiban_engine_queue_depth")).toBeGreaterThanOrEqual(1);
    expect(await gauge("kuaiban_engine_oldest_open_step_seconds")).toBeGreaterThan(0);
    const done = await engine.settled(a.id, 5_000);
    expect(done.steps.every((s) => ["DONE", "SKIPPED"].includes(s.state.phase))).toBe(true);
    await engine.settled(applicationIdFor("queue-depth-0002", clerk()), 5_000);
    // done steps are open no more
    expect(await store.zcard(engine.repo.openStepsKey)).toBe(0);
    await engine.close();
    // finished applications leave nothing in the queue: depth and age are back to 0
    expect(await store.xlag(engine.queue.key, engine.queue.group)).toBe(0);
    expect(await store.xlen(engine.queue.key)).toBe(0);
    engine.start();
    expect(await gauge("kuaiban_engine_queue_depth")).toBe(0);
    expect(await gauge("kuaiban_engine_oldest_work_seconds")).toBe(0);
    await engine.close();
    agencies.behaviour = { delayMs: 5 };
  });

  it("a retry that is not due soon leaves the engine and comes back through its RETRY timer", async () => {
    // the first attempt finds the system down; the retry, 600 ms on, is later than the engine holds an application for
    const settings = testSettings({ retryBaseMs: 600, retryMaxMs: 600, retryHoldMs: 100 });
    const engine = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings }).start();
    const { id, events, waiting } = await submitIntoRetry(engine, "queue-retry-0001");
    // the engine let it go: nothing held, nothing pending in the queue, a RETRY timer in the store
    const timers = async () => store.zrange(engine.tracking.timersKey);
    for (let i = 0; i < 100 && !(engine.runner.inHand === 0 && (await timers()).includes(`RETRY|${id}|next`)); i++) await new Promise((r) => setTimeout(r, 10));
    expect(engine.runner.inHand).toBe(0);
    expect(await timers()).toContain(`RETRY|${id}|next`);
    expect(await store.xlag(engine.queue.key, engine.queue.group)).toBe(0);
    // the timer brings it back when the retry is due, and it completes
    const resumed = await nextEvent(events, (e) => e.stepId === waiting.stepId && e.phase === "RUNNING");
    expect(Date.parse(resumed.at) - Date.parse(waiting.at)).toBeGreaterThanOrEqual(500);
    const done = await engine.settled(id, 5_000);
    await events.return?.();
    expect(done.steps.every((s) => ["DONE", "SKIPPED"].includes(s.state.phase))).toBe(true);
    expect(callsOf(agencies, id).filter((c) => c.stepId === waiting.stepId).map((c) => c.outcome)).toEqual(["UNAVAILABLE", "PERFORMED"]);
    expect(await timers()).not.toContain(`RETRY|${id}|next`);
    await engine.close();
    agencies.behaviour = { delayMs: 5 };
  });

  it("an engine that stops hands its unfinished work back to the queue for the next one", async () => {
    const settings = testSettings();
    agencies.behaviour = { delayMs: 200 };
    const first = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings, owner: "first" }).start();
    const app = await first.submit(card("queue-handback-0001"), clerk());
    const events = progressEvents(store, app.id);
    await events.ready;
    await nextEvent(events, (e) => e.phase === "RUNNING");
    await first.close();
    await events.return?.();
    // back in the queue, pending for nobody
    expect(await store.xlag(first.queue.key, first.queue.group)).toBe(1);
    expect(await store.xreadgroup(first.queue.key, first.queue.group, "first", { pending: true })).toEqual([]);
    agencies.behaviour = { delayMs: 5 };
    const second = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings, owner: "second" }).start();
    const done = await second.settled(app.id, 5_000);
    expect(done.steps.every((s) => ["DONE", "SKIPPED"].includes(s.state.phase))).toBe(true);
    await second.close();
    expect(await store.xlag(second.queue.key, second.queue.group)).toBe(0);
  });

  it("drives an application whose submission died after writing it, before it reached the queue", async () => {
    const settings = testSettings({ submissionGuardMs: 300 });
    agencies.behaviour = { delayMs: 5 };
    // the store refuses the queue's entry once, as a process dying at that moment would leave it
    const refusing = Object.create(store) as MemoryStore;
    let refused = 0;
    refusing.xadd = async (key, fields, opts) => {
      if (key.endsWith(":{work}:queue") && refused++ === 0) throw new Error("the process died here");
      return store.xadd(key, fields, opts);
    };
    const engine = new OneThingEngine({ store: refusing, executor: httpStepExecutor(agencies.urls), settings });
    engine.start();
    await expect(engine.submit(card("guard-0001"), clerk())).rejects.toThrow(/died here/);
    const id = applicationIdFor("guard-0001", clerk());
    expect(await engine.repo.load(id)).not.toBeNull(); // written, and no engine was told
    const done = await engine.settled(id, 5_000);
    expect(done.steps.every((s) => ["DONE", "SKIPPED"].includes(s.state.phase))).toBe(true);
    expect(callsOf(agencies, id).filter((c) => c.outcome === "PERFORMED").length).toBeGreaterThan(0);
    await engine.close();
  });

  it("a long retry comes back on time when the clock runs fast (a replay): its timer is set in clock time", async () => {
    // a replay of 2020 at 100× (scripts/simulate.ts, npm start's seeded history)
    const origin = Date.parse("2020-06-01T01:00:00Z");
    const realOrigin = Date.now();
    setClock(() => origin + (Date.now() - realOrigin) * 100, 100);
    try {
      // (the submission's guard timer far off, so only the retry's own timer can bring it back)
      const settings = testSettings({ retryBaseMs: 600, retryMaxMs: 600, retryHoldMs: 100, submissionGuardMs: 24 * 3600_000 });
      const engine = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings }).start();
      const { id, events } = await submitIntoRetry(engine, "queue-fast-retry-0001");
      const done = await engine.settled(id, 5_000);
      await events.return?.();
      expect(done.steps.every((st) => ["DONE", "SKIPPED"].includes(st.state.phase))).toBe(true);
      await engine.close();
    } finally {
      setClock(undefined);
      agencies.behaviour = { delayMs: 5 };
    }
  });

  it("answers a replay of an application whose key record it cannot find (named the old way) with the application, never writing over it", async () => {
    const settings = testSettings();
    const engine = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings }).start();
    const first = await engine.submit(card("old-name-0001"), clerk());
    const done = await engine.settled(first.id, 5_000);
    // the key's record as an earlier version named it: not where this one looks
    await store.del(engine.repo.idemKey("old-name-0001", clerk()));
    const again = await engine.submit(card("old-name-0001"), clerk());
    expect(again.id).toBe(first.id);
    expect((await engine.repo.load(first.id))!.steps.map((st) => st.state.phase)).toEqual(done.steps.map((st) => st.state.phase));
    await engine.close();
  });
});
