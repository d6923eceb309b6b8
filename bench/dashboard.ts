import "reflect-metadata";
import { currentTotp } from "../auth/totp";
import { startDashboardStack } from "../dashboard/testing/stack";
import { MemoryStore, RedisStore, type Store } from "../lib/store";
import { signIn, TestBrowser } from "../tests/integration/auth-helpers";

/**
 * The dashboard's pages as a supervisor opens them, over simulated work: each page is the
 * dashboard's session check, four parallel statistics queries through the gateway with the
 * user's token (contactPointStats, itemPerformance, monthlyTrend, noticeTargets — or the office's
 * four) and the HTML. Sequential requests, p50/p99 per page.
 *
 *   npm run bench:dashboard
 *   BENCH_APPLICATIONS=400 BENCH_REQUESTS=300 REDIS_URL=redis://127.0.0.1:6379 npm run bench:dashboard
 */
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 200);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
process.env.LOG_LEVEL ??= "error";

const store: Store = process.env.REDIS_URL ? new RedisStore(process.env.REDIS_URL) : new MemoryStore();
// the last half-year, replayed on a clock that joins real time at its end
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const TO = chinaDate(Date.now());
const FROM = chinaDate(Date.now() - 182 * 86_400_000);
const period = `from=${FROM}&to=${TO}`;
const t0 = performance.now();
const stack = await startDashboardStack(store, { from: FROM, to: TO, applications: APPLICATIONS, seconds: 8 });
const setupS = (performance.now() - t0) / 1000;
try {
  const supervisor = stack.creds.find((c) => c.login === "supervisor")!;
  const b = new TestBrowser();
  const landed = await signIn(b, stack.dashboardUrl, supervisor, () => currentTotp(supervisor.totpSecret!));
  if (!landed.body.includes('id="contact-points"')) throw new Error(`sign-in did not reach the dashboard: ${landed.body.slice(0, 300)}`);
  const cookie = b.cookieHeader();
  const pct = (xs: number[], p: number) => [...xs].sort((a, c) => a - c)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  async function measure(name: string, path: string, mustContain: string) {
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const res = await fetch(`${stack.dashboardUrl}${path}`, { headers: { cookie } });
      const body = await res.text();
      ms.push(performance.now() - s);
      if (res.status !== 200 || !body.includes(mustContain)) throw new Error(`${name}: HTTP ${res.status}`);
    }
    console.log(`  ${name.padEnd(34)} p50 ${pct(ms, 0.5).toFixed(1)} ms   p99 ${pct(ms, 0.99).toFixed(1)} ms   (${REQUESTS} requests)`);
  }
  console.log(`dashboard benchmark — store: ${store.kind}; ${stack.summary.submitted} simulated applications (${FROM} – ${TO}, ${stack.summary.completed} completed), set up in ${setupS.toFixed(1)} s`);
  await measure("overview / (23 contact points)", `/?${period}`, 'id="contact-points"');
  await measure("office drill-down /office (太原市)", `/office?office=${encodeURIComponent("太原市")}&${period}`, 'id="office-name"');
  await measure("CSV export /export.csv", `/export.csv?${period}`, "联系点");
} finally {
  await stack.close();
  await store.close();
}
process.exit(0);
