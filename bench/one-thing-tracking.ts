import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { now } from "../lib/clock";
import { MemoryStore, RedisStore, type Store } from "../lib/store";
import { contactPoints } from "../schema/catalogue/contact-points";
import { engineSettings } from "../subgraphs/one-thing/options";
import { ApplicationRepository } from "../subgraphs/one-thing/repository";
import { Tracking } from "../subgraphs/one-thing/tracking";

/**
 * The hot paths of following cases to 办结 (BENCH_OPEN open cases, BENCH_AT_RISK of them at risk):
 *  1. a look at the timers when none is due: what every engine does each tick, whatever the number
 *     of open cases (one bounded range of a sorted set);
 *  2. scheduling a case's timers (CHECK, RISK, OVERDUE) as it is accepted;
 *  3. stepsAtRisk for one agency, and for one agency at one office (the index's sets).
 * REDIS_URL for Redis (default: the in-process store).
 */
const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const AT_RISK = Number(process.env.BENCH_AT_RISK ?? 5_000);
const AGENCIES = ["social-insurance", "employment", "personnel", "labor-relations", "card"];

function stats(label: string, ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  console.log(`${label.padEnd(52)} n=${String(s.length).padStart(6)}  p50 ${q(0.5).toFixed(3)} ms  p99 ${q(0.99).toFixed(3)} ms`);
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const store: Store = process.env.REDIS_URL ? new RedisStore(process.env.REDIS_URL) : new MemoryStore();
  const prefix = `kb:bench:track:${randomUUID().slice(0, 8)}`;
  const settings = engineSettings({ keyPrefix: prefix });
  const tracking = new Tracking(new ApplicationRepository(store, prefix), store, settings, undefined);
  console.log(`store: ${process.env.REDIS_URL ? "redis" : "memory"}; ${OPEN} open cases, ${AT_RISK} at risk`);
  try {
    const later = now() + 30 * 86_400_000;
    const seed = performance.now();
    const batch = 500;
    for (let i = 0; i < OPEN; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, OPEN - i) }, (_, j) => {
        const id = `ot-bench-${i + j}`;
        return Promise.all([
          tracking.schedule("CHECK", id, "s", later + (i + j)),
          tracking.schedule("RISK", id, "s", later + 86_400_000 + (i + j)),
          tracking.schedule("OVERDUE", id, "s", later + 2 * 86_400_000 + (i + j)),
        ]);
      }));
    }
    const offices = contactPoints.map((c) => c.name);
    for (let i = 0; i < AT_RISK; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, AT_RISK - i) }, async (_, j) => {
        const n = i + j, id = `ot-bench-${n}|s`;
        const e = { applicationId: `ot-bench-${n}`, caseNumber: `C${n}`, scenario: 1, stepId: "s", itemCode: "2.4.2", itemName: "就业登记", agency: AGENCIES[n % 5]!, office: offices[n % offices.length]!, acceptedAt: new Date().toISOString(), deadline: new Date(later).toISOString(), risk: "AT_RISK" };
        await store.hset(tracking.riskKey, { [id]: JSON.stringify(e) });
        await Promise.all([store.sadd(tracking.riskSetKey("agency", e.agency), id), store.sadd(tracking.riskSetKey("office", e.office), id)]);
      }));
    }
    console.log(`seeded ${OPEN * 3} timers and ${AT_RISK} at-risk entries in ${((performance.now() - seed) / 1000).toFixed(1)} s`);

    stats("timer look, nothing due (ZRANGEBYSCORE … LIMIT 100)", await time(2_000, () => store.zrange(tracking.timersKey, { min: 0, max: now(), count: 100 })));
    stats("timers of one accepted case (3 × ZADD)", await time(2_000, (i) => Promise.all([
      tracking.schedule("CHECK", `ot-new-${i}`, "s", later), tracking.schedule("RISK", `ot-new-${i}`, "s", later), tracking.schedule("OVERDUE", `ot-new-${i}`, "s", later),
    ])));
    stats(`stepsAtRisk(agency) — ~${Math.round(AT_RISK / 5)} entries`, await time(200, (i) => tracking.atRisk({ agency: AGENCIES[i % 5] })));
    stats(`stepsAtRisk(office, agency) — ~${Math.round(AT_RISK / 5 / offices.length)} entries`, await time(500, (i) => tracking.atRisk({ agency: AGENCIES[i % 5], office: offices[i % offices.length] })));
  } finally {
    const keys = await store.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await store.del(...keys.slice(i, i + 500));
    await store.close();
  }
}

await main();
