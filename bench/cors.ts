import autocannon from "autocannon";
import { startGateway } from "../gateway";
import { MemoryStore } from "../lib/store";
import { table, type LoadResult } from "./support";

/**
 * What CORS costs on the gateway's hot path, in one run on one machine: the same small operation
 * with no Origin (servers, curl), from an allowed origin (the CORS headers added), and the
 * preflight a browser sends first (answered before the front door, cached by the browser for
 * Access-Control-Max-Age). The gateway runs over its own schemas only, so the figures are of the
 * HTTP path, not of any subgraph; compare them with each other, never with another machine's.
 *
 *   npm run bench:cors             # 5 s per measurement
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const origin = "http://127.0.0.1:4401";
const unlimited = { anonymous: 1e9, citizen: 1e9, employer: 1e9, staff: 1e9, partner: 1e9 };
const gw = await startGateway({ port: 0, store: new MemoryStore(), subgraphs: [], sdlWaitMs: 0, cacheTtlMs: 0, rateLimits: unlimited, explorer: false, corsOrigins: [origin] });
const url = `${gw.url}/graphql`;
const body = JSON.stringify({ query: "{ __typename }" });

async function run(label: string, opts: { method?: "POST" | "OPTIONS"; headers?: Record<string, string> }): Promise<LoadResult> {
  const method = opts.method ?? "POST";
  const r = await autocannon({ url, method, connections: 10, duration: seconds, headers: { ...(method === "POST" ? { "content-type": "application/json" } : {}), ...opts.headers }, body: method === "POST" ? body : undefined });
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

try {
  await run("warm-up", { headers: { origin } });
  const rows = [
    await run("{ __typename }, no Origin", {}),
    await run("{ __typename }, allowed Origin", { headers: { origin } }),
    await run("preflight (OPTIONS), allowed Origin", { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } }),
  ];
  console.log(table(rows));
  console.log(`\nallowed-origin/no-origin throughput ratio: ${(rows[1]!.rps / rows[0]!.rps).toFixed(2)}`);
} finally {
  await gw.close();
}
