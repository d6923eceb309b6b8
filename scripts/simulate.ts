import { parseArgs } from "node:util";

/**
 * A stretch of past work, replayed through the real system:
 *
 *   npm run simulate -- --from 2020-06-01 --to 2020-12-31 --applications 2000 [--seconds 60] [--seed 7] [--serve]
 *
 * Starts its own copy of the whole system in this process (every component, ports shifted by
 * KUAIBAN_PORT_OFFSET — 200 unless set, so it runs beside `npm start`; the store is REDIS_URL, else
 * the embedded one), on a clock that starts at --from and runs fast enough to cover the period in
 * --seconds of real time (KUAIBAN_CLOCK_START / KUAIBAN_CLOCK_RATE, set for every component here).
 * The applications go through the gateway, the one-thing engine, the agency subgraphs and their
 * stand-ins; they are then rated by their applicants and their sampled commitments checked.
 * With --serve the system (and its dashboard) stays up afterwards, its clock at real speed.
 */
const { values } = parseArgs({
  options: {
    from: { type: "string", default: "2020-06-01" },
    to: { type: "string", default: "2020-12-31" },
    applications: { type: "string", default: "500" },
    seconds: { type: "string" },
    seed: { type: "string", default: "20200601" },
    concurrency: { type: "string", default: "8" },
    serve: { type: "boolean", default: false },
  },
  strict: true,
});

const fail = (message: string): never => { console.error(`simulate: ${message}`); process.exit(2); };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
if (!DATE.test(values.from) || Number.isNaN(Date.parse(values.from))) fail("--from must be a date YYYY-MM-DD");
if (!DATE.test(values.to) || Number.isNaN(Date.parse(values.to))) fail("--to must be a date YYYY-MM-DD");
if (values.from > values.to) fail("--from must not be after --to");
const applications = Number(values.applications);
if (!Number.isInteger(applications) || applications < 1 || applications > 200_000) fail("--applications must be a whole number from 1 to 200000");
const start = Date.parse(`${values.from}T00:00:00+08:00`);
const end = Date.parse(`${values.to}T23:59:59+08:00`);
// a default pace of about 40 applications a real second, at least 20 s for the period
const seconds = values.seconds !== undefined ? Number(values.seconds) : Math.max(20, applications / 40);
if (!(seconds > 0)) fail("--seconds must be a positive number");
const rate = (end - start) / (seconds * 1000);

process.env.KUAIBAN_PORT_OFFSET ??= "200";
process.env.KUAIBAN_CLOCK_START = new Date(start).toISOString();
process.env.KUAIBAN_CLOCK_RATE = String(rate);
process.env.LOG_LEVEL ??= "warn";
// post-verification samples this share of commitments (per cent); more than production so a short replay finds some false
process.env.ONE_THING_VERIFY_SHARE ??= "40";
// the stand-ins' time per case varies widely around its usual duration (×0 … ×3.5), so some cases run past their limit
process.env.LEGACY_CASE_SPREAD ??= "2.5";
process.env.KUAIBAN_COMPONENT ??= "simulate";

// imported only now: ports and the clock are read from the environment when these load
const { announceStore, createStore } = await import("../lib/store");
const { onShutdown } = await import("../lib/http");
const { now, setClock } = await import("../lib/clock");
const { startSystem } = await import("./system");
const { ReplayIdentities, withReplayIdentities } = await import("./simulation/identities");
const { planApplications } = await import("./simulation/plan");
const { PacedClock } = await import("./simulation/clock");
const { replay } = await import("./simulation/replay");

const store = createStore();
announceStore(store);
const identities = new ReplayIdentities();
const system = await startSystem({ store, authenticate: (hub) => withReplayIdentities(identities, hub) });
const stop = async () => { identities.close(); await system.close(); await store.close(); };
onShutdown(stop);

// the clock starts at --from when the replay does (not when the modules loaded), and waits for submissions that fall behind
const clock = new PacedClock(start, rate);
setClock(clock.now, rate);
const plan = planApplications({ from: values.from, to: values.to, applications, seed: Number(values.seed) });
console.log(`replaying ${plan.length} applications, ${values.from} – ${values.to}, clock ×${Math.round(rate)} (${seconds} s for the period)`);
const summary = await replay(plan, { gatewayUrl: system.gatewayUrl, identities }, {
  concurrency: Number(values.concurrency), onProgress: (line) => console.log(`  ${line}`), drainMs: Math.max(10_000, seconds * 500),
  pace: (at) => clock.holdAt(at),
});
console.log(JSON.stringify(summary, null, 2));

// what the dashboard will show for the period, asked as the province's supervisor would
const supervisor = { kind: "staff" as const, subject: "replay-supervisor", roles: ["supervisor"], agency: "conduct-office", region: "省本级" };
const figures = await fetch(system.gatewayUrl, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: identities.credential(supervisor) },
  body: JSON.stringify({
    query: "query($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { contactPoint { name } applications bundlesCompleted onTimeRate ratings { count satisfaction } } noticeTargets(from: $from, to: $to) { bundlesAsOneThing bundlesTarget itemsHalfFaster itemsTarget } }",
    variables: { from: values.from, to: values.to },
  }),
}).then((r) => r.json() as Promise<{ data?: { contactPointStats: { contactPoint: { name: string }; applications: number; bundlesCompleted: number; onTimeRate: number | null; ratings: { count: number; satisfaction: number | null } }[]; noticeTargets: Record<string, number> } | null; errors?: { message: string }[] }>)
  .catch((err: unknown) => ({ data: null, errors: [{ message: String(err) }] }));
identities.close();
if (figures.data) {
  const pct = (v: number | null) => (v === null ? "  —  " : `${(v * 100).toFixed(1).padStart(5)}%`);
  console.log(`\nthe period's figures (contactPointStats ${values.from} – ${values.to}):`);
  for (const r of figures.data.contactPointStats) console.log(`  ${r.contactPoint.name.padEnd(6, "　")} applications ${String(r.applications).padStart(5)}  办结 ${String(r.bundlesCompleted).padStart(5)}  on time ${pct(r.onTimeRate)}  rated ${String(r.ratings.count).padStart(4)}  satisfied ${pct(r.ratings.satisfaction)}`);
  const t = figures.data.noticeTargets;
  console.log(`  notice targets: ${t.bundlesAsOneThing}/${t.bundlesTarget} bundles handled as one thing, ${t.itemsHalfFaster}/${t.itemsTarget} items at least 50% faster`);
} else {
  console.log(`the statistics could not be read: ${figures.errors?.[0]?.message ?? "no answer"}`);
}

if (values.serve) {
  const at = now();
  const realAt = Date.now();
  setClock(() => at + (Date.now() - realAt), 1);
  console.log(["", "the simulated system stays up (Ctrl-C stops it):", ...system.services.map((s) => `  ${s.name.padEnd(30)} ${s.url}`), ""].join("\n"));
} else {
  await stop();
  process.exit(0);
}
