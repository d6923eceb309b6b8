import type { ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { Redis } from "ioredis";
import * as client from "openid-client";
import { defaults } from "../lib/config";
import { signInAsCli } from "../auth/cli/sign-in";
import { CLI_CLIENT_ID } from "../auth/clients";
import { demoCredentials } from "../auth/demo-accounts";
import { startSystem } from "./support";
import { Checker, measure, type Variant } from "./peers/measure";
import { freePort, rssMb, startNode, startRedis, stop } from "./peers/processes";
import { OpenLoop } from "./soak/open-loop";

/**
 * Does the gateway hold steady under a long, steady load? The whole development system runs in one
 * process on a Redis (REDIS_URL, or a private one started for the run; on REDIS_URL the run's audit
 * records and cache entries stay), the gateway in a process of its own. The window clerk of 太原市
 * signs in at the hub like any script; every request is the five-system person query for a
 * different person of her city. First the gateway's maximum for that query is measured (closed
 * loop, autocannon), then it is driven at a fixed fraction of it (open loop: requests go out on
 * schedule whatever the answers do, latency counted from when each was due) for
 * SOAK_SECONDS, sampled every SOAK_SAMPLE_SECONDS: RSS of the gateway, of the system process and of
 * Redis, the gateway's V8 heap, p50/p99 and req/s of the window, errors (every answer is checked:
 * HTTP 200, no errors, the same data for the same person each time).
 *
 * Verdict: the gateway's RSS is flat when, over the samples after the warm-up, max/min ≤ 1.10; the
 * run fails (exit 1) when it is not flat or any request failed.
 *
 *   npm run bench:soak                                                # 20 s max, then 10 min at 80 %
 *   SOAK_SECONDS=90 SOAK_WARMUP_SECONDS=30 SOAK_SAMPLE_SECONDS=10 npm run bench:soak   # quick look
 *   (also SOAK_MAX_SECONDS 20, SOAK_FRACTION 0.8, SOAK_MAX_IN_FLIGHT 256, BENCH_CONNECTIONS 16)
 */
const soakSeconds = Number(process.env.SOAK_SECONDS ?? 600);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30);
const warmupSeconds = Number(process.env.SOAK_WARMUP_SECONDS ?? 120);
const maxSeconds = Number(process.env.SOAK_MAX_SECONDS ?? 20);
const fraction = Number(process.env.SOAK_FRACTION ?? 0.8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const flatRatio = 1.1;
// past this backlog, requests are counted as errors instead of sent: an overloaded gateway then
// works on requests still waited for, rather than on thousands its callers gave up on
const maxInFlight = Number(process.env.SOAK_MAX_IN_FLIGHT ?? 256);
const envOffset = Number(process.env.KUAIBAN_PORT_OFFSET || 0);
const OFFSET = envOffset || 22_000; // beside a running `npm start` unless told
const port = (p: number) => p - envOffset + OFFSET;
const gatewayPort = port(defaults.ports.gateway) + 1; // beside the system's own gateway
const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
const hubUrl = `http://127.0.0.1:${port(defaults.ports.auth)}`;

// The limits would cap the load generator (one clerk, one address): measure the gateway, not them.
const open = { RATE_LIMIT_STAFF: "100000000", RATE_LIMIT_ANONYMOUS: "100000000", RATE_LIMIT_ADDRESS: "100000000" };

interface Row {
  at: number;
  gatewayRss: number;
  gatewayHeap: number;
  systemRss: number;
  redisRss: number;
  target: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  inFlight: number;
  load: number;
}

const children: ChildProcess[] = [];
let exitCode = 0;
// Ctrl-C stops what the run started, not just this process
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void (async () => {
      for (const c of children.slice().reverse()) await stop(c);
      process.exit(130);
    })();
  });
}
try {
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const p = await freePort();
    children.push(await startRedis(p));
    redisUrl = `redis://127.0.0.1:${p}`;
  }
  console.error(`starting the system (offset ${OFFSET}) on ${redisUrl}…`);
  const system = await startSystem(OFFSET, { REDIS_URL: redisUrl, KUAIBAN_SEED_APPLICATIONS: "0", ...open });
  children.push(system);
  const answers = async () => (await fetch(`http://127.0.0.1:${gatewayPort}/health`)).ok;
  const gateway = await startNode("gateway", "gateway/main.ts", { KUAIBAN_PORT_OFFSET: String(OFFSET), REDIS_URL: redisUrl, GATEWAY_PORT: String(gatewayPort), ...open }, answers);
  children.push(gateway);

  // The window clerk of 太原市 (reads all five systems for the people of her city) signs in at the
  // hub (password + TOTP); the access token lives 10 minutes, the refresh token renews it meanwhile.
  const clerk = demoCredentials().find((c) => c.login === "clerk-taiyuan")!;
  let tokens = await signInAsCli({ hubUrl, login: clerk.login, password: clerk.password, totpSecret: clerk.totpSecret });
  let headers: Record<string, string> = { authorization: `Bearer ${tokens.access_token}`, "x-purpose": "benchmark" };
  const oidc = await client.discovery(new URL(hubUrl), CLI_CLIENT_ID, undefined, client.None(), { execute: [client.allowInsecureRequests] });
  const refresh = setInterval(() => {
    void client.refreshTokenGrant(oidc, tokens.refresh_token!).then(
      (fresh) => { tokens = fresh; headers = { ...headers, authorization: `Bearer ${fresh.access_token}` }; },
      (err: Error) => console.error(`token refresh failed: ${err.message}`),
    );
  }, 4 * 60_000);

  try {
    const people = await allPeople(gatewayUrl, headers);
    const fields = "idNumber name socialInsurance { enrolments { insurance status } } employment { registration { status } } archive { keeper } laborFilings { status } socialSecurityCard { status }";
    const query = `query Person($id: IdNumber!) { person(idNumber: $id) { ${fields} } }`;
    const variants: Variant[] = people.map((id) => ({ key: `person ${id}`, body: JSON.stringify({ query, variables: { id } }) }));
    const checker = new Checker();
    const target = { name: "gateway", url: gatewayUrl, pid: gateway.pid!, headers };

    console.error(`${people.length} people; warming up 5 s, then the maximum over ${maxSeconds} s (closed loop, ${connections} connections)…`);
    await measure(target, variants, checker, { seconds: 5, connections });
    const max = await measure(target, variants, checker, { seconds: maxSeconds, connections });
    const maxRps = max.requests / max.seconds;
    const rate = Math.max(1, Math.round(maxRps * fraction));
    console.error(`maximum ${maxRps.toFixed(0)} req/s (p50 ${max.p50} ms, p99 ${max.p99} ms, ${max.failures} failures); now ${rate} req/s open loop for ${soakSeconds} s`);
    if (max.failures > 0) exitCode = 1;

    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    let next = 0;
    const loop = new OpenLoop({
      url: gatewayUrl, rate,
      next: () => variants[next++ % variants.length]!,
      headers: () => headers,
      check: (key, status, body) => checker.check("gateway", key, status, body),
      maxInFlight,
    });
    const rows: Row[] = [];
    const problems: string[] = [];
    const began = performance.now();
    loop.start();
    console.error(`${"t s".padStart(5)} ${"gw RSS MB".padStart(10)} ${"gw heap MB".padStart(10)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(6)} ${"in flight".padStart(9)} ${"load".padStart(5)}`);
    for (let at = sampleSeconds; at <= soakSeconds; at += sampleSeconds) {
      await new Promise((r) => setTimeout(r, began + at * 1000 - performance.now()));
      const w = loop.take();
      const row: Row = {
        at, gatewayRss: rssMb(gateway.pid!), gatewayHeap: await heapMb(gatewayPort), systemRss: rssMb(system.pid!), redisRss: await redisRssMb(redis),
        target: rate, rps: w.completed / w.seconds, p50: w.p50, p99: w.p99, errors: w.errors, inFlight: loop.inFlight, load: loadavg()[0]!,
      };
      rows.push(row);
      problems.push(...w.problems.slice(0, Math.max(0, 10 - problems.length)));
      console.error(`${String(at).padStart(5)} ${row.gatewayRss.toFixed(0).padStart(10)} ${row.gatewayHeap.toFixed(0).padStart(10)} ${row.rps.toFixed(0).padStart(7)} ${row.p50.toFixed(1).padStart(7)} ${row.p99.toFixed(1).padStart(7)} ${String(row.errors).padStart(6)} ${String(row.inFlight).padStart(9)} ${row.load.toFixed(1).padStart(5)}`);
    }
    await loop.stop();
    const tail = loop.take(); // answers that arrived after the last sample
    await redis.quit();

    const errors = rows.reduce((s, r) => s + r.errors, 0) + tail.errors;
    const settled = rows.filter((r) => r.at > warmupSeconds);
    const rss = settled.map((r) => r.gatewayRss);
    const ratio = rss.length >= 2 ? Math.max(...rss) / Math.min(...rss) : NaN;
    const flat = ratio <= flatRatio;

    console.log(`\nsoak: the five-system person query through the gateway, a different person each request (${people.length} people), as the signed-in window clerk of 太原市`);
    console.log(`maximum (closed loop, ${connections} connections, ${maxSeconds} s): ${maxRps.toFixed(0)} req/s, p50 ${max.p50} ms, p99 ${max.p99} ms`);
    console.log(`soak: ${rate} req/s offered (${Math.round(fraction * 100)} % of the maximum, open loop) for ${soakSeconds} s, sampled every ${sampleSeconds} s\n`);
    console.log(`| t (s) | gateway RSS MB | gateway heap MB | system RSS MB | Redis RSS MB | req/s | p50 ms | p99 ms | errors | in flight | load 1 min |`);
    console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
    for (const r of rows) {
      console.log(`| ${r.at} | ${r.gatewayRss.toFixed(0)} | ${r.gatewayHeap.toFixed(0)} | ${r.systemRss.toFixed(0)} | ${r.redisRss.toFixed(0)} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.inFlight} | ${r.load.toFixed(1)} |`);
    }
    console.log(`\n(in flight: requests sent and not yet answered at the sample; load: the machine's 1-minute load average, ${cpus().length} CPUs — other work on the machine shows there)`);
    console.log("");
    if (rss.length < 2) console.log(`verdict: NOT MEASURED — fewer than two samples after the ${warmupSeconds} s warm-up (SOAK_SECONDS too short)`);
    else console.log(`verdict: gateway RSS after ${warmupSeconds} s ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB, max/min ${ratio.toFixed(3)} (limit ${flatRatio}): ${flat ? "FLAT" : "NOT FLAT"}; ${errors} error(s)`);
    if (problems.length) console.log(`first failures:\n  ${problems.join("\n  ")}`);
    if (!flat || errors > 0) exitCode = 1;
  } finally {
    clearInterval(refresh);
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const c of children.slice().reverse()) await stop(c);
}
process.exitCode = exitCode;

/** The gateway's V8 heap in use, from its own /metrics. */
async function heapMb(p: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text().catch(() => "");
  const m = /^kuaiban_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

async function redisRssMb(redis: Redis): Promise<number> {
  const info = await redis.info("memory").catch(() => "");
  const m = /used_memory_rss:(\d+)/.exec(info);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

/** The people this caller may read: the others come back as FORBIDDEN nulls and are left out. */
async function allPeople(url: string, headers: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "query($after: String) { persons(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { idNumber } } } }", variables: { after } }) });
    type Page = { data?: { persons: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { idNumber: string } | null }[] } }; errors?: unknown };
    const page = (await r.json()) as Page;
    // a city's operator reads the people of her city: the others come back as FORBIDDEN nulls
    if (!page.data) throw new Error(`could not list the people: ${JSON.stringify(page.errors).slice(0, 300)}`);
    for (const e of page.data.persons.edges) if (e.node) out.push(e.node.idNumber);
    if (!page.data.persons.pageInfo.hasNextPage) return out;
    after = page.data.persons.pageInfo.endCursor;
  }
}
