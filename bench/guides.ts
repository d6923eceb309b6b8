import "reflect-metadata";
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoPortals } from "../auth/clients";
import { startPortal } from "../auth/portals";
import { startGateway } from "../gateway";
import { MemoryStore, RedisStore } from "../lib/store";
import { WorkingCalendar } from "../schema/calendar/calendar";
import { CalendarSync } from "../schema/calendar/calendar-sync";
import { startCatalogue } from "../subgraphs/catalogue";
import { PRINCIPAL_HEADER, signPrincipal } from "../lib/principal";
import { load, table, type LoadResult } from "./support";

/**
 * Service guides and the calendar's live edge, measured in one process on this machine:
 *  - serviceGuide straight to the catalogue subgraph and through the gateway, scenarioGuide through
 *    the gateway, and the printable page of the 网上服务大厅 (which asks the gateway per request);
 *  - with REDIS_URL: how long a year added through the store takes to reach another calendar.
 * Everything shares one event loop, so the figures compare with each other, not with a deployment.
 *
 *   npm run bench:guides               # 5 s per measurement
 *   BENCH_SECONDS=10 REDIS_URL=redis://127.0.0.1:6379 npm run bench:guides
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
// the gateway's anonymous rate limit would cap the load generator: measure the path, not the limiter
process.env.RATE_LIMIT_ANONYMOUS ??= "100000000";
const store = new MemoryStore();
const catalogue = await startCatalogue({ port: 0, store, calendar: new WorkingCalendar([mkdtempSync(join(tmpdir(), "kb-bench-cal-"))]) });
const gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
const portal = await startPortal({ store, registration: demoPortals()[0]!, issuer: "http://127.0.0.1:1", port: 0, gatewayUrl: `${gateway.url}/graphql` });

const GUIDE = '{ serviceGuide(code: "1.7.4") { code name conditions materials { id name commitment } channels { kind detail } timeLimits { summary statutory { words } accelerated { words rules { condition words } } counting } delivery feedback supervision { contact } } }';
const BUNDLE = "{ scenarioGuide(seq: 1) { seq name conditions items { code relationText when timeLimit } materials { id commitment itemCodes } timeLimits delivery } }";
const rows: LoadResult[] = [];
try {
  const direct = `${catalogue.url}/graphql`;
  const through = `${gateway.url}/graphql`;
  // a subgraph answers only a signed principal; one signed for the whole run (ttl is capped, so re-sign per batch)
  const signed = () => ({ [PRINCIPAL_HEADER]: signPrincipal(undefined, { audience: "catalogue", requestId: randomUUID() }) });
  await load("warm-up", through, { query: GUIDE }, { seconds: 2 });
  rows.push(await load("serviceGuide, direct to catalogue", direct, { query: GUIDE }, { seconds, headers: signed() }));
  rows.push(await load("serviceGuide, through gateway", through, { query: GUIDE }, { seconds }));
  rows.push(await load("scenarioGuide, through gateway", through, { query: BUNDLE }, { seconds }));
  const page = await autocannon({ url: `${portal.url}/guides/1.7.4`, connections: 10, duration: seconds });
  rows.push({ label: "portal page /guides/1.7.4 (answer kept 60 s)", rps: page.requests.average, p50: page.latency.p50, p99: page.latency.p99, errors: page.errors + page.non2xx });
  const bundlePage = await autocannon({ url: `${portal.url}/guides/scenario/1`, connections: 10, duration: seconds });
  rows.push({ label: "portal page /guides/scenario/1 (kept 60 s)", rps: bundlePage.requests.average, p50: bundlePage.latency.p50, p99: bundlePage.latency.p99, errors: bundlePage.errors + bundlePage.non2xx });
  process.stdout.write(`${table(rows)}\n`);

  if (process.env.REDIS_URL) {
    const prefix = `kb:bench:calendar:${randomUUID()}`;
    const [sa, sb] = [new RedisStore(process.env.REDIS_URL), new RedisStore(process.env.REDIS_URL)];
    const ca = new WorkingCalendar([mkdtempSync(join(tmpdir(), "kb-bench-a-"))]);
    const cb = new WorkingCalendar([mkdtempSync(join(tmpdir(), "kb-bench-b-"))]);
    const [a, b] = [await CalendarSync.start({ store: sa, calendar: ca, prefix, watch: false, rescanMs: 0 }), await CalendarSync.start({ store: sb, calendar: cb, prefix, watch: false, rescanMs: 0 })];
    const took: number[] = [];
    for (let year = 2030; year < 2090; year++) {
      const arrived = new Promise<void>((resolve) => { const stop = cb.onYearAdded((y) => { if (y === year) { stop(); resolve(); } }); });
      const t0 = performance.now();
      await a.addYear(year, { holidays: { [`${year}-10-01`]: "国庆节", [`${year}-10-02`]: "国庆节", [`${year}-10-03`]: "国庆节", [`${year}-10-04`]: "国庆节", [`${year}-10-05`]: "国庆节" }, workdays: {} });
      await arrived;
      took.push(performance.now() - t0);
    }
    took.sort((x, y) => x - y);
    const q = (p: number) => took[Math.min(took.length - 1, Math.floor(p * took.length))]!.toFixed(2);
    process.stdout.write(`addCalendarYear → other process's calendar (${took.length} years, Redis): p50 ${q(0.5)} ms, p99 ${q(0.99)} ms\n`);
    await a.close(); await b.close();
    const keys = await sa.keys(`${prefix}:*`);
    if (keys.length) await sa.del(...keys);
    await sa.close(); await sb.close();
  }
} finally {
  await portal.close();
  await gateway.close();
  await catalogue.close();
  await store.close();
}
