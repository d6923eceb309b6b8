import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../lib/principal";
import { demoData, type DemoPerson } from "../../schema/demo";
import { type RunningOneThing, startOneThing } from "../../subgraphs/one-thing/index";
import { bundleMaterialSet } from "../../subgraphs/one-thing/materials";
import { startAgencies } from "../../subgraphs/one-thing/testing/agencies";
import type { Fact } from "../../subgraphs/one-thing/workflow";
import { sharedTestStore } from "../support/store";

// Every bundle against the five real agency subgraphs and their legacy stand-ins: the facts come
// from the agencies' records, the calls are the typed mutations of the step table, and every
// application completes. (The gateway-level end-to-end test is separate.)

const store = sharedTestStore();
const run = randomUUID().slice(0, 8);
let agencies: Awaited<ReturnType<typeof startAgencies>>;
let oneThing: RunningOneThing;
const clerk: Principal = { kind: "staff", subject: "clerk", roles: ["clerk"], agency: "window", region: "省本级" };
const { people, employers } = demoData();
const used = new Set<string>();
const pick = (f: (p: DemoPerson) => boolean) => {
  const p = people.find((x) => !used.has(x.idNumber) && f(x))!;
  used.add(p.idNumber);
  return p;
};

beforeAll(async () => {
  agencies = await startAgencies(store);
  oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: { keyPrefix: `kb:test:one:${run}`, retryBaseMs: 100, maxAttempts: 8, pollMs: 200, checkFirstMs: 100, checkMaxMs: 300, timerTickMs: 50 } });
});

afterAll(async () => {
  await oneThing?.close();
  await agencies?.close();
  await store.del(...(await store.keys(`kb:test:one:${run}:*`)));
  await store.close();
});

describe("every bundle against the real agency subgraphs", () => {
  const cases: [number, () => DemoPerson, (p: DemoPerson) => string | null, Fact[]][] = [
    [1, () => pick((p) => p.stage === "UNEMPLOYED" && p.drawsUnemploymentBenefit), () => employers[0]!.creditCode, []],
    [1, () => pick((p) => p.stage === "GRADUATE" && p.card.status === "NONE"), () => employers[1]!.creditCode, []],
    [2, () => pick((p) => p.stage === "EMPLOYED"), (p) => p.employerCreditCode, []],
    [3, () => pick((p) => p.stage === "EMPLOYED"), () => null, []],
    [4, () => pick((p) => p.stage === "GRADUATE"), () => employers[2]!.creditCode, []],
    [5, () => pick((p) => p.stage === "UNEMPLOYED"), () => employers.find((e) => e.publicInstitution)!.creditCode, []],
    [6, () => pick((p) => p.stage === "UNEMPLOYED"), () => employers[5]!.creditCode, []],
    [7, () => pick((p) => p.stage === "EMPLOYED"), () => null, []],
    [8, () => pick((p) => p.stage === "EMPLOYED"), (p) => p.employerCreditCode, []],
    [9, () => pick((p) => p.stage === "DECEASED_RETIREE"), () => null, []],
    [10, () => pick((p) => p.stage === "GRADUATE" && p.card.status === "NONE"), () => null, []],
    [10, () => pick((p) => p.card.status === "LOST"), () => null, []],
    [10, () => pick((p) => p.card.status === "ACTIVE"), () => null, ["CARD_LOST"]],
  ];

  it.each(cases)("bundle %i completes", async (scenario, who, employer, facts) => {
    const p = who();
    const app = await oneThing.engine.submit({
      scenario, idNumber: p.idNumber, creditCode: employer(p), facts,
      materials: [...bundleMaterialSet(scenario)!.materials.map((m) => m.id), "SOCIAL_SECURITY_CARD"],
      idempotencyKey: `agencies-${run}-${scenario}-${p.idNumber}`,
    }, clerk);
    const done = await oneThing.engine.settled(app.id, 30_000);
    const unfinished = done.steps.filter((s) => s.state.phase !== "DONE" && s.state.phase !== "SKIPPED").map((s) => `${s.id}: ${JSON.stringify(s.state)}`);
    expect(unfinished).toEqual([]);
    expect(done.steps.some((s) => s.state.phase === "DONE")).toBe(true);
  });
});
