import autocannon from "autocannon";
import { startGateway } from "../gateway";
import { localizeError, negotiateLanguage } from "../lib/messages";
import { MemoryStore } from "../lib/store";
import { table, type LoadResult } from "./support";

/**
 * What the error messages in two languages cost, in one run on one machine: the table look-up and
 * Accept-Language negotiation alone (per error), then an erroring operation through the gateway
 * with no Accept-Language (English) and with a browser's `zh-CN,zh;q=0.9,en;q=0.8`, against a
 * successful one. The gateway runs over its own schemas only, so the figures are of the HTTP path.
 *
 *   npm run bench:messages          # 5 s per measurement
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

const n = 200_000;
const error = { message: "Too many requests; try again in 3 s", extensions: { code: "RATE_LIMITED", retryAfterSeconds: 3 } };
let sink = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) sink += localizeError(error, negotiateLanguage(i % 2 ? "zh-CN,zh;q=0.9,en;q=0.8" : undefined)).message.length;
const perError = Number(process.hrtime.bigint() - t0) / n;
console.log(`negotiate + localize one error: ${(perError / 1000).toFixed(2)} µs (${n} errors, checksum ${sink})\n`);

const unlimited = { anonymous: 1e9, citizen: 1e9, employer: 1e9, staff: 1e9, partner: 1e9 };
const gw = await startGateway({ port: 0, store: new MemoryStore(), subgraphs: [], sdlWaitMs: 0, cacheTtlMs: 0, rateLimits: unlimited, explorer: false });
const url = `${gw.url}/graphql`;

async function run(label: string, query: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const r = await autocannon({ url, method: "POST", connections: 10, duration: seconds, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  // a validation error answers 400: counted as expected here, not as a failure
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors };
}

try {
  await run("warm-up", "{ __typename }");
  const rows = [
    await run("{ __typename } (no error)", "{ __typename }"),
    await run("validation error, no Accept-Language", "{ nope }"),
    await run("validation error, zh-CN", "{ nope }", { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" }),
  ];
  console.log(table(rows));
  console.log(`\nzh/en error throughput ratio: ${(rows[2]!.rps / rows[1]!.rps).toFixed(2)}`);
} finally {
  await gw.close();
}
