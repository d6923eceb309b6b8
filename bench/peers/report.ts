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
  console.log(out.join("\n"));
}
