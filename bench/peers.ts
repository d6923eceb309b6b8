import { fromRoot } from "../lib/paths";
import { mkdirSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { READ_SCOPES } from "../lib/access/scopes";
import { defaults } from "../lib/config";
import { PRINCIPAL_HEADER, type Principal } from "../lib/principal";
import { RedisStore } from "../lib/store/redis-store";
import { ApiKeyStore, MAX_RATE_PER_MINUTE } from "../gateway/api-keys/store";
import { API_KEY_HEADER } from "../gateway/api-keys/authenticate";
import { startSystem, stopSystem } from "./support";
import { composeSupergraph, staticPrincipal, type PeerConfig } from "./peers/config";
import { Checker, measure, summarise, type Sample, type Target, type Variant } from "./peers/measure";
import { freePort, rssMb, startNode, startRedis, stop } from "./peers/processes";
import { printReport, type Row } from "./peers/report";

/**
 * Kuaiban's gateway side by side with Apollo Gateway (on Apollo Server 5) and Hive Gateway over the
 * same running subgraphs, on one machine in one run. The catalogue, the five agency subgraphs and
 * their stand-ins (with the SSO hub and the rest of the development system) run together in one
 * process, each gateway in a process of its own. The supergraph the peers serve is composed with
 * `@apollo/composition` from the emitted SDL (schema/sdl/*.graphql).
 *
 * Kuaiban does its whole job: it authenticates a partner API key (all read scopes), applies its
 * limits, the access layer on every object and the audit, signs a principal per request and
 * subgraph. The peers do none of that: they send each subgraph a static principal signed once for
 * that subgraph (the same partner, with the same KUAIBAN_INTERNAL_SECRET), and skip authentication,
 * limits, the access layer and the audit. Kuaiban's entity cache is off for the main rows (the peers
 * have none) and on in the last two rows. All processes share a private Redis started for the run.
 *
 * Measured in interleaved rounds (each round runs every workload on every target, the order of the
 * targets turning round by round): req/s, p50/p99 latency, the gateway process's own CPU time per
 * request (/proc/<pid>/stat) and its RSS. Every answer is checked (HTTP 200, no errors) and the data
 * of the same request is byte-identical across gateways.
 *
 *   npm run bench:peers                              # 3 rounds × 10 s, 16 connections
 *   BENCH_SECONDS=2 BENCH_ROUNDS=1 npm run bench:peers   # quick look
 *   BENCH_CPU_PROF=.data/prof BENCH_ONLY=person npm run bench:peers   # profile Kuaiban (cache off)
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const envOffset = Number(process.env.KUAIBAN_PORT_OFFSET || 0);
const OFFSET = envOffset || 21_000; // beside a running `npm start` unless told
const port = (p: number) => p - envOffset + OFFSET;
const local = (p: number) => `http://127.0.0.1:${p}/graphql`;

const children: ChildProcess[] = [];
const started = <T extends ChildProcess>(c: T): T => (children.push(c), c);
let failed = false;
try {
  const redisPort = Number(process.env.BENCH_REDIS_PORT || 0) || (await freePort());
  started(await startRedis(redisPort));
  const REDIS_URL = `redis://127.0.0.1:${redisPort}`;
  // one load generator on one address sends every request: no limit of the peers' kind applies
  const open = { RATE_LIMIT_ANONYMOUS: "100000000", RATE_LIMIT_STAFF: "100000000", RATE_LIMIT_ADDRESS: "100000000" };
  console.error(`starting the subgraphs (offset ${OFFSET}), Redis on ${redisPort}…`);
  const system = started(await startSystem(OFFSET, { REDIS_URL, KUAIBAN_SEED_APPLICATIONS: "0", ...open }));

  const subgraphs = [
    { name: "catalogue", url: local(port(defaults.ports.catalogue)) },
    { name: "social-insurance", url: local(port(defaults.ports.socialInsurance)) },
    { name: "employment", url: local(port(defaults.ports.employment)) },
    { name: "personnel", url: local(port(defaults.ports.personnel)) },
    { name: "labor-relations", url: local(port(defaults.ports.laborRelations)) },
    { name: "card", url: local(port(defaults.ports.card)) },
  ];
  const supergraph = composeSupergraph(subgraphs);

  // The caller: a partner department's API key with every read scope, as Kuaiban sees it.
  const store = new RedisStore(REDIS_URL);
  const { key, apiKey } = await new ApiKeyStore(store).issue({ department: "性能测试", scopes: READ_SCOPES, ratePerMinute: MAX_RATE_PER_MINUTE });
  await store.close();
  const partner: Principal = { kind: "partner", subject: `apikey:${apiKey.id}`, department: apiKey.department, scopes: [...apiKey.scopes], keyId: apiKey.id, ratePerMinute: apiKey.ratePerMinute };
  const principalByName = Object.fromEntries(subgraphs.map((s) => [s.name, staticPrincipal(partner, s.name)]));
  const principalByUrl = Object.fromEntries(subgraphs.map((s) => [s.url, principalByName[s.name]!]));

  const answers = (url: string) => async () => {
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    return r.ok;
  };
  const kuaibanEnv = { KUAIBAN_PORT_OFFSET: String(OFFSET), REDIS_URL, ...open };
  const prof = process.env.BENCH_CPU_PROF;
  if (prof) mkdirSync(prof, { recursive: true });
  // BENCH_BUILD=1: Kuaiban's gateway from the production build (compiled JavaScript on plain node)
  let gatewayEntry = "gateway/main.ts";
  if (process.env.BENCH_BUILD === "1") {
    const { buildAll } = await import("../scripts/build");
    const { outdir } = await buildAll(fromRoot(".cache", "dist-bench"));
    gatewayEntry = `${outdir}/gateway/main.js`;
    console.error(`Kuaiban's gateway runs from the production build (${gatewayEntry})`);
  }
  const startKuaiban = async (name: string, env: Record<string, string>, nodeArgs: string[] = []) => {
    const p = await freePort();
    return { child: started(await startNode(name, gatewayEntry, { ...kuaibanEnv, GATEWAY_PORT: String(p), ...env }, answers(local(p)), nodeArgs)), url: local(p) };
  };
  const startPeer = async (name: string, entry: string) => {
    const p = await freePort();
    const config: PeerConfig = { port: p, supergraph, principalByName, principalByUrl };
    return { child: started(await startNode(name, entry, { BENCH_PEER_CONFIG: JSON.stringify(config) }, answers(local(p)))), url: local(p) };
  };
  console.error("starting the gateways…");
  const kOff = await startKuaiban("Kuaiban (cache off)", { SHARE_CACHE_TTL_MS: "0" }, prof ? ["--cpu-prof", "--cpu-prof-dir", prof] : []);
  const kOn = await startKuaiban("Kuaiban (cache on)", {});
  const apollo = await startPeer("Apollo Gateway", "bench/peers/apollo-gateway.ts");
  const hive = await startPeer("Hive Gateway", "bench/peers/hive-gateway.ts");

  const caller = { [API_KEY_HEADER]: key, "x-purpose": "benchmark" };
  const target = (name: string, t: { child: ChildProcess; url: string }, headers: Record<string, string>): Target => ({ name, url: t.url, pid: t.child.pid!, headers });
  const K = target("Kuaiban", kOff, caller);
  const KC = target("Kuaiban, cache on", kOn, caller);
  const A = target("Apollo Gateway", apollo, caller);
  const H = target("Hive Gateway", hive, caller);
  const direct: Target = { name: "catalogue subgraph (direct)", url: subgraphs[0]!.url, pid: system.pid!, headers: { [PRINCIPAL_HEADER]: principalByName.catalogue! } };

  // The people and the pages: every person, and a page of 50 after every person that has 50 behind it.
  const people = await allPeople(K.url, caller);
  console.error(`${people.length} people in the social-insurance system`);
  const fields = "idNumber name socialInsurance { enrolments { insurance status } } employment { registration { status } } archive { keeper } laborFilings { status } socialSecurityCard { status }";
  const personQuery = `query Person($id: IdNumber!) { person(idNumber: $id) { ${fields} } }`;
  const pageQuery = `query Page($after: String) { persons(first: 50, after: $after) { edges { cursor node { ${fields} } } } }`;
  const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });
  const item: Variant[] = [{ key: "item 2.4.2", body: body('{ serviceItem(code: "2.4.2") { code name area agency acceleratedLimit { value unit } } }') }];
  const person: Variant[] = people.map((p) => ({ key: `person ${p.idNumber}`, body: body(personQuery, { id: p.idNumber }) }));
  const pages: Variant[] = [null, ...people.slice(0, Math.max(people.length - 50, 0)).map((p) => p.cursor)].map((after) => ({ key: `page after ${after}`, body: body(pageQuery, { after }) }));

  const workloads: { id: string; label: string; variants: Variant[]; targets: Target[]; compare: Target[] }[] = [
    { id: "item", label: "one catalogue item", variants: item, targets: [direct, K, A, H], compare: [direct, K, A, H] },
    { id: "person", label: "one person over five systems, a different person each request", variants: person, targets: [K, A, H], compare: [K, KC, A, H] },
    { id: "page", label: "persons(first: 50) over five systems, a different page each request", variants: pages, targets: [K, A, H], compare: [K, KC, A, H] },
    { id: "person-cached", label: "one person over five systems, Kuaiban's cache on", variants: person, targets: [KC], compare: [] },
    { id: "page-cached", label: "persons(first: 50) over five systems, Kuaiban's cache on", variants: pages, targets: [KC], compare: [] },
  ].filter((w) => !only || only.includes(w.id));

  const checker = new Checker();
  const samples = new Map<string, Sample[]>();
  const warm = Math.min(2, seconds);
  console.error(`warming up (${warm} s each), then ${rounds} round(s) × ${seconds} s per measurement, ${connections} connections…`);
  for (const w of workloads) for (const t of w.targets) await measure(t, w.variants, checker, { seconds: warm, connections });
  for (let round = 0; round < rounds; round++) {
    for (const w of workloads) {
      const order = w.targets.map((_, i) => w.targets[(i + round) % w.targets.length]!);
      for (const t of order) {
        const s = await measure(t, w.variants, checker, { seconds, connections });
        const id = `${w.id}|${t.name}`;
        samples.set(id, [...(samples.get(id) ?? []), s]);
        console.error(`  round ${round + 1}: ${w.id.padEnd(14)} ${t.name.padEnd(28)} ${(s.requests / s.seconds).toFixed(0).padStart(5)} req/s  ${(s.cpuMs / Math.max(s.requests, 1)).toFixed(1).padStart(6)} CPU ms/req`);
      }
    }
  }
  // Every request answered by several targets: the same data everywhere.
  let compared = 0;
  for (const w of workloads) if (w.compare.length) compared += checker.compareAcross(w.compare.map((t) => t.name)).compared;

  const rows: Row[] = workloads.flatMap((w) => w.targets.map((t) => ({ workload: w.id, label: w.label, target: t.name, ...summarise(samples.get(`${w.id}|${t.name}`) ?? []) })));
  const rss = Object.fromEntries([K, KC, A, H].map((t) => [t.name, rssMb(t.pid)]));
  printReport(rows, rss, { seconds, rounds, connections, checked: checker.checked, compared, problems: checker.problems, people: people.length, pages: pages.length });
  failed = checker.problems.length > 0 || rows.some((r) => r.failures > 0);
} finally {
  for (const c of children.slice(1).reverse()) await (c === children[1] ? stopSystem(c) : stop(c));
  await stop(children[0]);
}
if (failed) {
  console.error("some answers were wrong or failed: the figures above are not comparable");
  process.exitCode = 1;
}

async function allPeople(url: string, headers: Record<string, string>): Promise<{ idNumber: string; cursor: string }[]> {
  const out: { idNumber: string; cursor: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "query($after: String) { persons(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { idNumber } } } }", variables: { after } }) });
    type Page = { data?: { persons: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { idNumber: string } | null }[] } }; errors?: unknown };
    const page = (await r.json()) as Page;
    if (!page.data || page.errors) throw new Error(`could not list the people: ${JSON.stringify(page.errors)}`);
    for (const e of page.data.persons.edges) if (e.node) out.push({ idNumber: e.node.idNumber, cursor: e.cursor });
    if (!page.data.persons.pageInfo.hasNextPage) return out;
    after = page.data.persons.pageInfo.endCursor;
  }
}
