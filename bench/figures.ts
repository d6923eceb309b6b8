import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { RedisStore } from "../lib/store";
import type { Principal } from "../lib/principal";
import { addCalendarDays } from "../schema/calendar/calendar";
import { contactPoints } from "../schema/catalogue/contact-points";
import { scenarios } from "../schema/catalogue/scenarios";
import { StoreFigures } from "../subgraphs/one-thing/figures/figures";
import { RATING_LEVELS } from "../subgraphs/one-thing/figures/figures";
import { measureOf, statutoryInMeasure } from "../subgraphs/one-thing/figures/measure";
import { startOneThing } from "../subgraphs/one-thing/index";
import { gql } from "../subgraphs/one-thing/testing/harness";

/**
 * The statistics over a half-year of work: BENCH_FIG_APPS (100,000) simulated applications'
 * facts — submission, every item step's 办结 with its processing time, completion, post-verified
 * commitments, ratings and 追评 — fed through the figures sink into a real Redis (REDIS_URL),
 * spread over the 23 offices (weighted: cities heavier than counties) and six months
 * (2020-06-01 … 2020-11-30) and the bundles' items; then `contactPointStats` and `itemPerformance`
 * asked of the one-thing subgraph over HTTP, BENCH_FIG_QUERIES (250) times each, for varied
 * periods (1 day to the whole half-year, starting on any day) and offices; p50 and p99 in ms,
 * with the subgraph's in-memory month and dekad sums and without them (cold).
 * Goal: p99 < 200 ms. Its keys are deleted at the end.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench:figures
 */
const APPS = Number(process.env.BENCH_FIG_APPS ?? 100_000);
const QUERIES = Number(process.env.BENCH_FIG_QUERIES ?? 250);
const FEED_CONCURRENCY = 256;
const FIRST_DAY = "2020-06-01";
const DAYS = 183;

const url = process.env.REDIS_URL;
if (!url) throw new Error("REDIS_URL must point at a Redis for the benchmark (it creates and deletes its own keys only)");

/** A small deterministic generator, so two runs feed the same half-year. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (a: number, b: number) => a + Math.floor(next() * (b - a + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}
const r = rng(20200601);
const offices = contactPoints.map((c) => ({ name: c.name, weight: c.name === "省本级" ? 2 : c.parent ? 1 : 3 }));
const totalWeight = offices.reduce((a, o) => a + o.weight, 0);
function office(): string {
  let x = r.next() * totalWeight;
  for (const o of offices) if ((x -= o.weight) < 0) return o.name;
  return offices[0]!.name;
}
const isoAt = (day: string, hour: number) => new Date(Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)).toISOString();

async function feed(figures: StoreFigures): Promise<number> {
  let facts = 0;
  const one = async (i: number) => {
    const id = `bench-${i}`;
    const sc = r.pick(scenarios);
    const at = office();
    const day = addCalendarDays(FIRST_DAY, r.int(0, DAYS - 1));
    const items = sc.itemCodes.slice(0, r.int(2, Math.min(6, sc.itemCodes.length)));
    const commitments = r.next() < 0.3 ? 1 : 0;
    const sends: Promise<void>[] = [];
    sends.push(figures.submitted({
      applicationId: id, scenario: sc.seq, office: at, channel: r.next() < 0.6 ? "ONLINE" : "WINDOW", submittedAt: isoAt(day, 9),
      materialsAsked: r.int(2, 5), materialsSumOverItems: r.int(5, 12), itemsApplying: items.length, commitments,
    }));
    let lastDay = day;
    for (const [k, code] of items.entries()) {
      const measure = measureOf(code);
      const limit = statutoryInMeasure(code) ?? (measure === "MINUTES" ? 30 : 10);
      // most cases well inside the limit, some late
      const share = r.next() < 0.08 ? 1 + r.next() : r.next() * 0.8;
      const value = Math.round(limit * share * 10) / 10;
      const days = measure === "MINUTES" ? 0 : Math.ceil(value);
      const done = addCalendarDays(day, Math.min(days, 60));
      if (done > lastDay) lastDay = done;
      sends.push(figures.stepFinished({
        applicationId: id, stepId: `s${k}`, scenario: sc.seq, office: at, itemCode: code, agency: "bench",
        acceptedAt: isoAt(day, 9), completedAt: isoAt(done, 15), deadline: isoAt(day, 23), onTime: share <= 1,
        elapsed: { minutes: measure === "MINUTES" ? value : value * 1440, calendarDays: value, workingDays: value },
      }));
    }
    const status = r.next() < 0.9 ? "COMPLETED" : r.next() < 0.5 ? "REVOKED" : "NEEDS_MANUAL";
    sends.push(figures.applicationFinished({ applicationId: id, scenario: sc.seq, office: at, status, at: isoAt(lastDay, 16) }));
    if (commitments && r.next() < 0.2) {
      sends.push(figures.commitmentChecked({ applicationId: id, verificationTaskId: `${id}.vt`, office: at, outcome: r.next() < 0.1 ? "FALSE" : "TRUE", at: isoAt(lastDay, 17) }));
    }
    if (status === "COMPLETED" && r.next() < 0.6) {
      const level = r.next() < 0.9 ? r.pick(RATING_LEVELS.slice(0, 3)) : r.pick(RATING_LEVELS.slice(3));
      sends.push(figures.rated({ applicationId: id, office: at, level, at: isoAt(lastDay, 18) }));
    }
    facts += sends.length;
    await Promise.all(sends);
  };
  let next = 0;
  await Promise.all(Array.from({ length: FEED_CONCURRENCY }, async () => {
    while (next < APPS) await one(next++);
  }));
  return facts;
}

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;

async function measure(label: string, run: () => Promise<{ errors?: unknown[] }>): Promise<{ label: string; p50: number; p99: number; max: number }> {
  for (let i = 0; i < 10; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t0 = performance.now();
    const res = await run();
    times.push(performance.now() - t0);
    if (res.errors) throw new Error(`${label}: ${JSON.stringify(res.errors)}`);
  }
  return { label, p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: Math.max(...times) };
}

async function main() {
  const store = new RedisStore(url!);
  const keyPrefix = `kb:bench:fig:${randomUUID().slice(0, 8)}`;
  const figures = StoreFigures.on(store, keyPrefix);
  const oneThing = await startOneThing({ store, port: 0, runner: false, settings: { keyPrefix }, figures, factsSource: null, standingSource: null });
  try {
    const t0 = performance.now();
    const facts = await feed(figures);
    const feedMs = performance.now() - t0;
    const keys = await store.keys(`${keyPrefix}:*`);
    const info = (await store.redis.info("memory")).match(/used_memory_human:(\S+)/)?.[1];
    console.log(`fed ${APPS} applications (${facts} facts) in ${(feedMs / 1000).toFixed(1)} s: ${Math.round(facts / (feedMs / 1000))} facts/s; ${keys.length} keys; Redis used_memory ${info}`);

    const supervisor: Principal = { kind: "staff", subject: "bench-sv", roles: ["supervisor"], agency: "hrss", region: "省本级" };
    const cityStaff: Principal = { kind: "staff", subject: "bench-clerk", roles: ["clerk"], agency: "window", region: "太原市" };
    const q = rng(7);
    const period = () => {
      const len = q.pick([1, 7, 30, 31, 45, 92, 120, 183]);
      const from = addCalendarDays(FIRST_DAY, q.int(0, DAYS - len));
      return { from, to: addCalendarDays(from, len - 1) };
    };
    const CPS = `query($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { contactPoint { name level } applications bundlesCompleted itemsIntegrated materialsCut onTimeRate medianSpeedUp commitments commitmentsVerified ratings { count satisfaction } } }`;
    const IP = `query($from: Date!, $to: Date!, $office: String) { itemPerformance(from: $from, to: $to, office: $office) { item { code name } handled medianDays p90Days statutoryLimit { text value unit } acceleratedLimit { text value unit } speedUpPercent onTimeRate } }`;
    const rows = [
      await measure("contactPointStats (province, 23 rows)", () => gql(oneThing.url, CPS, period(), supervisor)),
      await measure("contactPointStats (a city's staff, 2 rows)", () => gql(oneThing.url, CPS, period(), cityStaff)),
      await measure("itemPerformance (province roll-up)", () => gql(oneThing.url, IP, period(), supervisor)),
      await measure("itemPerformance (one office)", () => gql(oneThing.url, IP, { ...period(), office: q.pick(contactPoints).name }, supervisor)),
      await measure("itemPerformance (a city's staff, its 2 offices)", () => gql(oneThing.url, IP, period(), cityStaff)),
    ];
    // cold: nothing kept in memory, every month and dekad read from Redis (a restarted subgraph,
    // or months that keep changing)
    rows.push(await measure("contactPointStats (province, cold)", () => { figures.forget(); return gql(oneThing.url, CPS, period(), supervisor); }));
    rows.push(await measure("itemPerformance (province roll-up, cold)", () => { figures.forget(); return gql(oneThing.url, IP, period(), supervisor); }));
    const full = await gql<{ contactPointStats: { applications: number }[] }>(oneThing.url, CPS, { from: FIRST_DAY, to: addCalendarDays(FIRST_DAY, DAYS - 1) }, supervisor);
    const counted = full.data!.contactPointStats.reduce((a, row) => a + row.applications, 0);
    if (counted !== APPS) throw new Error(`the half-year counts ${counted} applications, not ${APPS}`);
    console.log(`\n${QUERIES} queries each, sequential, varied periods (1-183 days); the whole half-year counts all ${counted} applications`);
    console.log(`${"query".padEnd(50)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
    for (const row of rows) console.log(`${row.label.padEnd(50)} ${row.p50.toFixed(1).padStart(8)} ${row.p99.toFixed(1).padStart(8)} ${row.max.toFixed(1).padStart(8)}`);
    const worst = Math.max(...rows.map((x) => x.p99));
    console.log(`\ngoal p99 < 200 ms: ${worst < 200 ? "met" : "NOT met"} (worst p99 ${worst.toFixed(1)} ms)`);
  } finally {
    await oneThing.close();
    const keys = await store.keys(`${keyPrefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await store.del(...keys.slice(i, i + 1000));
    await store.close();
  }
}

await main();
