import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../lib/store";
import { OneThingEngine } from "./engine";
import { progressEvents, type ProgressEvent } from "./events";
import { httpStepExecutor } from "./executor";
import { applicationIdFor } from "./submission";
import { clerk, testSettings } from "./testing/harness";
import { type RecordingAgencies, startRecordingAgencies } from "./testing/recording-agencies";

// The embedded default: the same engine on the in-process store (no REDIS_URL).

const store = new MemoryStore();
let agencies: RecordingAgencies;
let engine: OneThingEngine;

beforeAll(async () => {
  agencies = await startRecordingAgencies({ delayMs: 5 });
  engine = new OneThingEngine({ store, executor: httpStepExecutor(agencies.urls), settings: testSettings() }).start();
});

afterAll(async () => {
  await engine.close();
  await agencies.close();
  await store.close();
});

describe("engine on the in-process store", () => {
  it("runs bundle 10 to completion, publishing each change and appending the roster", async () => {
    const key = "memory-card-0001";
    const events: ProgressEvent[] = [];
    const stream = progressEvents(store, applicationIdFor(key, clerk()));
    await stream.ready;
    const reading = (async () => {
      for await (const e of stream) {
        events.push(e);
        if (e.kind === "APPLICATION" && e.status === "COMPLETED") break;
      }
    })();
    const app = await engine.submit({ scenario: 10, idNumber: "11010519491231002X", materials: ["ID_CARD", "PHOTO"], facts: ["HAS_CARD", "CARD_LOST"], idempotencyKey: key }, clerk());
    const done = await engine.settled(app.id, 5_000);
    await reading;
    expect(done.steps.map((s) => `${s.id}:${s.state.phase}`)).toEqual([
      "loss-report:DONE", "card:SKIPPED", "card-replacement:DONE", "activation:DONE", "password:DONE",
    ]);
    expect(events.filter((e) => e.phase === "RUNNING").map((e) => e.stepId)).toEqual(expect.arrayContaining(["loss-report", "card-replacement", "activation", "password"]));
    const roster = await store.xrange(engine.settings.rosterStream);
    expect(roster.map((e) => e.fields.itemCode).sort()).toEqual(["1.10.2", "1.10.6", "1.10.7", "1.10.8"]);
    expect(await engine.repo.openIds()).toEqual([]);
  });

  it("close() lets an in-flight step finish and record its result", async () => {
    agencies.behaviour = { delayMs: 300 };
    const app = await engine.submit({ scenario: 10, idNumber: "11010519491231002X", materials: ["ID_CARD", "PHOTO"], facts: [], idempotencyKey: "memory-close-0001" }, clerk());
    await new Promise((r) => setTimeout(r, 100));
    await engine.close();
    const after = (await engine.get(app.id))!;
    expect(after.steps.find((s) => s.id === "card")!.state.phase).toBe("DONE");
    expect(after.steps.find((s) => s.id === "activation")!.state.phase).toBe("PENDING");
    agencies.behaviour = { delayMs: 5 };
    engine.start();
    expect((await engine.settled(app.id, 5_000)).steps.every((s) => ["DONE", "SKIPPED"].includes(s.state.phase))).toBe(true);
  });
});
