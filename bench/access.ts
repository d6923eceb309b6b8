/**
 * What the access layer costs on the hot path: `persons(first: 50)` across five systems, a
 * different page each request, through a gateway with policy on every object and the audit of
 * returned subjects, against the same gateway with both off — interleaved rounds in one run on
 * the same subgraphs, and the ratio of their latencies. Loopback only; stops by itself.
 *
 *   npm run bench:access [-- --seconds 8 --rounds 3]
 */
import autocannon from "autocannon";
import { startGateway } from "../gateway";
import { MemoryStore } from "../lib/store";
import type { Principal } from "../lib/principal";
import { startAllAgencies } from "../tests/support/agency-stack";
import { as, fromTestHeader } from "../tests/support/principals";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg("seconds", 8);
const rounds = arg("rounds", 3);

const clerk: Principal = { kind: "staff", subject: "bench-clerk", roles: ["clerk"], agency: "window", region: "太原市" };
const headers = { "content-type": "application/json", ...as(clerk), "x-purpose": "bench" };
const query = `query($after: String) { persons(first: 50, after: $after) { edges { node { idNumber name birthDate
  socialInsurance { enrolments { status } } employment { graduate } archive { keeper } laborFilings { status } socialSecurityCard { status } } } } }`;
const cursor = (offset: number) => Buffer.from(`si:${offset}`).toString("base64url");

async function run(url: string) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 8,
    duration: seconds,
    requests: [{
      method: "POST",
      headers,
      // a different page each request: nothing is served from merged in-flight requests
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ query, variables: { after: n++ % 9 === 0 ? null : cursor(((n * 37) % 400)) } }) }),
    }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main() {
  const store = new MemoryStore();
  const agencies = await startAllAgencies(store);
  const on = await startGateway({ port: 0, store, subgraphs: agencies.endpoints, authenticate: fromTestHeader, cacheTtlMs: 0 });
  const off = await startGateway({ port: 0, store, subgraphs: agencies.endpoints, authenticate: fromTestHeader, cacheTtlMs: 0, accessLayer: false });
  const check = await fetch(`${on.url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables: {} }) }).then((r) => r.json()) as { data?: { persons?: { edges: unknown[] } }; errors?: unknown[] };
  if (!check.data?.persons?.edges.length) throw new Error(`the measured query does not answer: ${JSON.stringify(check.errors)}`);
  const results = { on: [] as Awaited<ReturnType<typeof run>>[], off: [] as Awaited<ReturnType<typeof run>>[] };
  await run(`${on.url}/graphql`); // warm-up
  await run(`${off.url}/graphql`);
  for (let i = 0; i < rounds; i++) {
    results.on.push(await run(`${on.url}/graphql`));
    results.off.push(await run(`${off.url}/graphql`));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const row = (label: string, r: typeof results.on) =>
    `${label.padEnd(34)} ${mean(r.map((x) => x.rps)).toFixed(1).padStart(8)} ${mean(r.map((x) => x.p50)).toFixed(1).padStart(8)} ${mean(r.map((x) => x.p99)).toFixed(1).padStart(8)} ${String(r.reduce((a, x) => a + x.errors, 0)).padStart(7)}`;
  console.log(`persons(first: 50) over five systems, ${rounds} interleaved rounds × ${seconds} s, 8 connections`);
  console.log(`${"gateway".padEnd(34)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`);
  console.log(row("policy + audit on", results.on));
  console.log(row("policy + audit off", results.off));
  const ratio = mean(results.off.map((x) => x.rps)) / mean(results.on.map((x) => x.rps));
  console.log(`cost ratio (time per request, on ÷ off): ${ratio.toFixed(3)}× (goal ≤ 1.15×)`);
  await on.close();
  await off.close();
  await agencies.close();
  await store.close();
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
