import "reflect-metadata";
import { randomUUID } from "node:crypto";
import type { Principal } from "../lib/principal";
import { startGateway } from "../gateway";
import { MemoryStore, RedisStore, type Store } from "../lib/store";
import { demoData } from "../schema/demo";
import { type Application, applicationStatus } from "../subgraphs/one-thing/application";
import { startOneThing } from "../subgraphs/one-thing/index";
import { httpCaseStatusSource, httpStepExecutor, type StepExecutor } from "../subgraphs/one-thing/executor";
import { agencyFactsSource } from "../subgraphs/one-thing/facts-source";
import { progressEvents } from "../subgraphs/one-thing/events";
import { bundleMaterialSet } from "../subgraphs/one-thing/materials";
import { applicationIdFor } from "../subgraphs/one-thing/submission";
import { agencyUrls } from "../subgraphs/one-thing/options";
import type { Fact } from "../subgraphs/one-thing/workflow";
import { startRecordingAgencies } from "../subgraphs/one-thing/testing/recording-agencies";
import { startAgencies } from "../subgraphs/one-thing/testing/agencies";

/**
 * The one-thing engine under load, in one run on one machine:
 *  1. throughput: hiring applications (企业招用工) submitted with bounded concurrency until every one
 *     has finished; applications and steps per second;
 *  2. parallelism: one hiring bundle with every conditional step on — its wall time against the sum
 *     of its steps' times at the agencies.
 * BENCH_AGENCIES chooses who plays the agencies:
 *  - recording (default): five recording GraphQL servers answering after BENCH_AGENCY_DELAY_MS;
 *  - inprocess: the five agency subgraphs and their legacy stand-ins, started in this process;
 *  - running: the agency subgraphs at their configured URLs (`npm start` first).
 * With real agencies the hires are of demo people who are not employed, with the facts their
 * records hold (the agencies refuse otherwise), so the run is bounded by how many there are.
 *
 *   npm run bench:one-thing
 *   BENCH_APPS=500 BENCH_CONCURRENCY=50 BENCH_AGENCY_DELAY_MS=50 npm run bench:one-thing
 *   BENCH_AGENCIES=inprocess npm run bench:one-thing
 */
const APPS = Number(process.env.BENCH_APPS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 25);
const DELAY_MS = Number(process.env.BENCH_AGENCY_DELAY_MS ?? 25);
const MODE = process.env.BENCH_AGENCIES ?? "recording";
const REAL = MODE !== "recording";

const store: Store = process.env.REDIS_URL ? new RedisStore(process.env.REDIS_URL) : new MemoryStore();
const run = randomUUID().slice(0, 8);
// accepted cases are asked about soon and often, as the in-process stand-ins complete them in 100 ms
const settings = { keyPrefix: `kb:bench:one:${run}`, rosterStream: `kb:bench:roster:${run}`, pollMs: 500, retryBaseMs: 200, checkFirstMs: 100, checkMaxMs: 500, timerTickMs: 50 };
const agencies = REAL ? undefined : await startRecordingAgencies({ delayMs: DELAY_MS });
const inProcess = MODE === "inprocess" ? await startAgencies(store) : undefined;
const urls = agencies?.urls ?? inProcess?.urls ?? agencyUrls();

/** Wraps the executor to time each step at its agency (what the applicant would wait for one by one). */
const stepTimes = new Map<string, number>();
const base = httpStepExecutor(urls);
const executor: StepExecutor = async (step, app, key) => {
  const t0 = performance.now();
  try {
    return await base(step, app, key);
  } finally {
    stepTimes.set(key, (stepTimes.get(key) ?? 0) + performance.now() - t0);
  }
};
// real agencies refuse what contradicts their records, so the facts come from them, as in production;
// applications come in through the gateway, as a window clerk's would (signed in; the clerk's
// credential check is measured by bench:auth, so here it is taken as given)
const oneThing = await startOneThing({ store, port: 0, executor, settings, factsSource: REAL ? agencyFactsSource(urls) : null, statusSource: httpCaseStatusSource(urls) });
const engine = oneThing.engine;
const clerk: Principal = { kind: "staff", subject: "bench-clerk", roles: ["clerk"], agency: "window", region: "省本级" };
const gateway = await startGateway({
  port: 0,
  store,
  subgraphs: [{ name: "one-thing", url: oneThing.url }],
  authenticate: async () => clerk,
  rateLimits: { anonymous: 1e9, citizen: 1e9, employer: 1e9, staff: 1e9, partner: 1e9 },
});
const materials = bundleMaterialSet(1)!.materials.map((m) => m.id);
const { people, employers } = demoData();
const hireable = people.filter((p) => p.stage === "UNEMPLOYED" || p.stage === "GRADUATE");

async function waitAll(ids: string[]): Promise<Application[]> {
  for (;;) {
    const open = new Set(await engine.repo.openIds());
    if (ids.every((id) => !open.has(id))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return engine.repo.loadMany(ids);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

try {
  // warm-up: JIT, connection pools
  const warm = await engine.submit({ scenario: 1, idNumber: hireable[0]!.idNumber, creditCode: employers[0]!.creditCode, materials, facts: [], idempotencyKey: `bench-warm-${run}` }, clerk);
  await waitAll([warm.id]);

  // 1. throughput
  const n = REAL ? Math.min(APPS, hireable.length - 2) : APPS;
  const submitMs: number[] = [];
  const ids: string[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) {
      const i = next++;
      const p = REAL ? hireable[(i + 2) % hireable.length]! : people[i % people.length]!;
      const s = performance.now();
      const res = await fetch(`${gateway.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation S($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }",
          variables: { input: { scenario: 1, idNumber: p.idNumber, creditCode: employers[i % employers.length]!.creditCode, materials, facts: REAL ? [] : ["HAS_CARD"], idempotencyKey: `bench-${run}-${i}` } },
        }),
      });
      const body = (await res.json()) as { data?: { submitApplication: { id: string } }; errors?: { message: string }[] };
      if (!body.data) throw new Error(`submitApplication failed: ${body.errors?.[0]?.message}`);
      submitMs.push(performance.now() - s);
      ids.push(body.data.submitApplication.id);
    }
  }));
  const submittedAt = performance.now();
  const apps = await waitAll(ids);
  const elapsed = (performance.now() - t0) / 1000;
  const steps = apps.reduce((k, a) => k + a.steps.filter((s) => s.state.phase === "DONE").length, 0);
  const completed = apps.filter((a) => applicationStatus(a.steps) === "COMPLETED").length;

  // 2. parallelism of one bundle with every conditional step on
  const p = REAL ? hireable[1]! : people.find((x) => x.stage === "UNEMPLOYED")!;
  const facts: Fact[] = REAL ? [] : ["DRAWS_UNEMPLOYMENT_BENEFIT", "PARTY_MEMBER", "ARCHIVE_ELSEWHERE", "GRADUATE", "UNEMPLOYMENT_INSURANCE_ELSEWHERE"];
  const key = `bench-one-${run}`;
  // the end is taken from the application's own progress event, not from polling
  const events = progressEvents(store, applicationIdFor(key, clerk));
  await events.ready;
  const w0 = performance.now();
  const one = await engine.submit({
    scenario: 1, idNumber: p.idNumber, creditCode: employers[1]!.creditCode, materials: [...materials, "PENSION_CONTRIBUTION_CERTIFICATE"],
    facts, details: REAL ? {} : { pensionTransfer: "INTER_REGIONAL", pensionFromRegion: "北京市" }, idempotencyKey: key,
  }, clerk);
  for await (const e of events) if (e.kind === "APPLICATION" && e.status !== "IN_PROGRESS") break;
  const wall = performance.now() - w0;
  const [done] = await waitAll([one.id]);
  const performedSteps = done!.steps.filter((s) => s.state.phase === "DONE");
  const sum = performedSteps.reduce((t, s) => t + (stepTimes.get(s.idempotencyKey) ?? 0), 0);
  const stages = new Set(performedSteps.map((s) => s.stage)).size;

  const agenciesText = MODE === "inprocess" ? "the agency subgraphs and legacy stand-ins, in this process" : MODE === "running" ? "the agency subgraphs at their configured URLs" : `recording GraphQL servers answering after ${DELAY_MS} ms`;
  console.log(`one-thing engine benchmark — store: ${store.kind}; agencies: ${agenciesText}`);
  const manual = apps.filter((a) => applicationStatus(a.steps) === "NEEDS_MANUAL");
  const manualSteps = [...new Set(manual.flatMap((a) => a.steps.filter((s) => s.state.phase === "MANUAL").map((s) => `${s.id} (${s.state.phase === "MANUAL" ? s.state.errorCode : ""})`)))];
  console.log(`throughput: ${n} hiring applications (concurrency ${CONCURRENCY}), ${completed} completed, ${manual.length} in manual handling${manualSteps.length ? ` at ${manualSteps.join(", ")}` : ""}; ${steps} steps performed`);
  console.log(`  ${(n / elapsed).toFixed(1)} applications/s, ${(steps / elapsed).toFixed(0)} steps/s over ${elapsed.toFixed(2)} s (all submitted after ${((submittedAt - t0) / 1000).toFixed(2)} s)`);
  console.log(`  submitApplication through the gateway: p50 ${pct(submitMs, 0.5).toFixed(1)} ms, p99 ${pct(submitMs, 0.99).toFixed(1)} ms`);
  console.log(`parallelism: one hiring bundle, ${performedSteps.length} steps in ${stages} stages`);
  console.log(`  wall ${wall.toFixed(0)} ms vs sum of step times ${sum.toFixed(0)} ms: ratio ${(sum / wall).toFixed(2)}x (${done!.steps.map((s) => `${s.id}:${s.state.phase}`).join(" ")})`);
} finally {
  await gateway.close();
  await oneThing.close();
  await agencies?.close();
  await inProcess?.close();
  if (store.kind === "redis") {
    const keys = await store.keys(`${settings.keyPrefix}:*`);
    await store.del(...keys, settings.rosterStream);
  }
  await store.close();
}
