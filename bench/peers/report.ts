import type { Summary } from "./measure";

export interface Row extends Summary {
  workload: string;
  label: string;
  target: string;
}

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

/** The measurements, then Kuaiban's ratios to the peers (and each gateway's to the direct subgraph). */
export function printReport(rows: Row[], rss: Record<string, number>, run: { seconds: number; rounds: number; connections: number; checked: number; compared: number; problems: string[]; people: number; pages: number }): void {
  const out: string[] = [];
  out.push(`\n${run.rounds} round(s) × ${run.seconds} s per measurement, ${run.connections} connections, interleaved; ${run.people} people, ${run.pages} different pages`);
  out.push(`${run.checked} answers checked (HTTP 200, no errors, the same answer each time), ${run.compared} compared across gateways: ${run.problems.length ? `${run.problems.length} PROBLEMS` : "all identical"}`);
  for (const p of run.problems) out.push(`  ! ${p}`);
  out.push("Kuaiban authenticates the caller (a partner API key), applies its rate and query limits, the access layer on every object and the audit, and signs a principal per request and subgraph;");
  out.push("Apollo Gateway and Hive Gateway do none of these: they send each subgraph a static principal signed once for it. Kuaiban's entity cache is off except in the rows that say so.");
  out.push("");
  out.push(`| query | target | req/s | p50 ms | p99 ms | CPU ms/req | RSS MB (max after a measurement) | failed |`);
  out.push(`|---|---|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) out.push(`| ${r.label} | ${r.target} | ${f(r.rps)} | ${f(r.p50, 1)} | ${f(r.p99, 1)} | ${f(r.cpuPerRequest, 2)} | ${f(r.rssMb)} | ${r.failures} |`);
  out.push("");
  out.push(`RSS after the run: ${Object.entries(rss).map(([t, mb]) => `${t} ${f(mb)} MB`).join(", ")}`);

  const get = (workload: string, target: string) => rows.find((r) => r.workload === workload && r.target === target);
  out.push("");
  out.push(`| query | Kuaiban ÷ Apollo: req/s · CPU/req · p50 | Kuaiban ÷ Hive: req/s · CPU/req · p50 |`);
  out.push(`|---|---|---|`);
  const pair = (k: Row | undefined, peer: Row | undefined) => `${ratio(k?.rps, peer?.rps)} · ${ratio(k?.cpuPerRequest, peer?.cpuPerRequest)} · ${ratio(k?.p50, peer?.p50)}`;
  const lines: [string, string, string][] = [
    ["one catalogue item", "item", "Kuaiban"],
    ["one person, five systems", "person", "Kuaiban"],
    ["persons(first: 50), five systems", "page", "Kuaiban"],
    ["one person, Kuaiban's cache on", "person-cached", "Kuaiban, cache on"],
    ["persons(first: 50), Kuaiban's cache on", "page-cached", "Kuaiban, cache on"],
  ];
  for (const [label, workload, kuaiban] of lines) {
    const k = get(workload, kuaiban);
    if (!k) continue;
    const peers = workload.replace("-cached", "");
    out.push(`| ${label} | ${pair(k, get(peers, "Apollo Gateway"))} | ${pair(k, get(peers, "Hive Gateway"))} |`);
  }
  const direct = rows.find((r) => r.workload === "item" && r.target.includes("direct"));
  if (direct) {
    out.push("");
    out.push(`one catalogue item, gateway ÷ direct subgraph (req/s): ${rows.filter((r) => r.workload === "item" && r !== direct).map((r) => `${r.target} ${ratio(r.rps, direct.rps)}`).join(", ")}`);
  }
  // The goals for the gateway (cache off): where each stands in this run.
  const k = (w: string) => get(w, "Kuaiban");
  const goal = (what: string, value: number | undefined, limit: number, atMost: boolean) =>
    value === undefined ? [] : [`  ${value !== undefined && (atMost ? value <= limit : value >= limit) ? "met    " : "NOT met"}  ${what}: ${value.toFixed(2)} (goal ${atMost ? "≤" : "≥"} ${limit})`];
  const r = (a: Row | undefined, b: Row | undefined, f: (x: Row) => number) => (a && b ? f(a) / f(b) : undefined);
  out.push("", "goals (Kuaiban, cache off):");
  for (const [w, label] of [["person", "one person"], ["page", "persons(first: 50)"]] as const) {
    out.push(...goal(`${label}, CPU/req ÷ Apollo`, r(k(w), get(w, "Apollo Gateway"), (x) => x.cpuPerRequest), 0.7, true));
    out.push(...goal(`${label}, CPU/req ÷ Hive`, r(k(w), get(w, "Hive Gateway"), (x) => x.cpuPerRequest), 0.5, true));
    out.push(...goal(`${label}, req/s ÷ Apollo`, r(k(w), get(w, "Apollo Gateway"), (x) => x.rps), 1.5, false));
    out.push(...goal(`${label}, req/s ÷ Hive`, r(k(w), get(w, "Hive Gateway"), (x) => x.rps), 1.5, false));
  }
  out.push(...goal("one catalogue item, req/s ÷ direct subgraph", r(k("item"), direct, (x) => x.rps), 0.8, false));
  const maxRss = Math.max(...rows.filter((x) => x.target === "Kuaiban").map((x) => x.rssMb));
  if (Number.isFinite(maxRss)) out.push(...goal("RSS under load, MB", maxRss, 200, true));
  console.log(out.join("\n"));
}
