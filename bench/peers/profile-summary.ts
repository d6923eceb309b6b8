import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Self time of a V8 CPU profile (`node --cpu-prof`) grouped by package, and the top frames:
 *
 *   npx tsx bench/peers/profile-summary.ts <dir or .cpuprofile> [frames] [from seconds]
 *
 * `from` leaves out the samples of the process's first seconds (start-up, loading TypeScript).
 */
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; }

const arg = process.argv[2];
if (!arg) throw new Error("give a .cpuprofile or the folder holding it");
const file = arg.endsWith(".cpuprofile") ? arg : join(arg, readdirSync(arg).filter((f) => f.endsWith(".cpuprofile")).sort().at(-1)!);
const topN = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const fromUs = Number(process.argv[4] ?? 0) * 1e6;
const self = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= fromUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

function group(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const at = url.lastIndexOf("node_modules/");
  const m = at >= 0 ? /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.slice(at)) : null;
  if (m) return m[1]!;
  const rel = /\/(gateway|lib|subgraphs|schema|auth|scripts)\//.exec(url);
  return rel ? `kuaiban ${rel[1]}/` : url;
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const groups = new Map<string, number>();
const frames = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const g = group(n.callFrame.url, n.callFrame.functionName);
  groups.set(g, (groups.get(g) ?? 0) + t);
  const name = `${n.callFrame.functionName || "(anonymous)"} ${g}${n.callFrame.url ? `:${n.callFrame.url.split("/").at(-1)}:${n.callFrame.lineNumber + 1}` : ""}`;
  frames.set(name, (frames.get(name) ?? 0) + t);
}
const busy = total - (groups.get("(idle)") ?? 0);
const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle (percentages of that)\n`);
console.log("self time by package:");
for (const [g, t] of [...groups].filter(([g]) => g !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(t)}  ${g}`);
console.log(`\ntop ${topN} frames by self time:`);
for (const [f, t] of [...frames].filter(([f]) => !f.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, topN)) console.log(`  ${pct(t)}  ${f}`);
