import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { load, table, type LoadResult } from "./support";

/**
 * What tracing costs on the gateway's path, in one run: the same query through a gateway and the
 * catalogue subgraph with tracing off (the default), on with an exporter that drops every span, and
 * on exporting by OTLP/HTTP to a collector that answers and discards. Each mode runs in a process of
 * its own (tracing is per process); the modes take turns twice so drift on a shared machine falls
 * on all of them. The figures that matter are the ratios to "off", in throughput and in the serving
 * process's CPU time per request (Linux: read from /proc).
 *
 *   npm run bench:tracing                              # 3 rounds of 4 s per mode
 *   BENCH_SECONDS=10 BENCH_ROUNDS=5 npm run bench:tracing
 */
const mode = process.argv[2];

if (mode === "--serve") {
  // the child: one gateway over the catalogue subgraph, tracing as its environment (or argv) says
  const how = process.argv[3];
  process.env.RATE_LIMIT_ADDRESS = "100000000";
  const { startTracing } = await import("../lib/tracing");
  if (how === "noop") {
    await startTracing("bench", { exporter: { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined } });
  }
  const { startCatalogue } = await import("../subgraphs/catalogue");
  const { startGateway } = await import("../gateway");
  const unlimited = { anonymous: 1e9, citizen: 1e9, employer: 1e9, staff: 1e9, partner: 1e9 };
  const catalogue = await startCatalogue({ port: 0 });
  const gateway = await startGateway({ port: 0, cacheTtlMs: 0, rateLimits: unlimited, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
  const { tracingEnabled } = await import("../lib/tracing");
  console.log("serving " + JSON.stringify({ url: `${gateway.url}/graphql`, tracing: tracingEnabled() }));
  process.once("SIGTERM", () => process.exit(0));
} else {
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const ticks = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux
  const cpuMsOf = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
  };
  // a collector that takes every export and keeps nothing
  let exported = 0;
  const collector = createServer((req, res) => {
    req.resume();
    req.on("end", () => { exported++; res.writeHead(200, { "content-type": "application/json" }).end("{}"); });
  });
  await new Promise<void>((r) => collector.listen(0, "127.0.0.1", r));
  const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

  const start = async (how: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; tracing: boolean }> => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", how], {
      env: { ...process.env, LOG_LEVEL: "warn", OTEL_TRACES_EXPORTER: "none", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const first = out.split("\n").find((l) => l.startsWith("serving {") && l.endsWith("}"));
        if (first) resolve(first.slice("serving ".length));
      });
      child.once("exit", (code) => reject(new Error(`${how} exited with ${code}`)));
    });
    return { child, ...(JSON.parse(line) as { url: string; tracing: boolean }) };
  };
  const modes = {
    off: await start("off", {}),
    "on, no-op exporter": await start("noop", {}),
    "on, OTLP/HTTP to a local collector": await start("otlp", { OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_BSP_SCHEDULE_DELAY: "500" }),
  };
  const rows: LoadResult[] = [];
  try {
    if (modes.off.tracing || !modes["on, no-op exporter"].tracing || !modes["on, OTLP/HTTP to a local collector"].tracing) throw new Error("a mode did not start as asked");
    const query = { operationName: "Item", query: 'query Item { serviceItem(code: "2.4.2") { code name area agency acceleratedLimit { value unit } } }' };
    for (const m of Object.values(modes)) await load("warm-up", m.url, query, { seconds: 2 });
    const sums = new Map<string, { rps: number; p50: number; p99: number; errors: number; n: number; cpuMs: number; requests: number }>();
    for (let round = 0; round < rounds; round++) {
      for (const [name, m] of Object.entries(modes)) {
        const cpu0 = cpuMsOf(m.child.pid!);
        const r = await load(name, m.url, query, { seconds });
        const cpuMs = cpuMsOf(m.child.pid!) - cpu0;
        const s = sums.get(name) ?? { rps: 0, p50: 0, p99: 0, errors: 0, n: 0, cpuMs: 0, requests: 0 };
        sums.set(name, { rps: s.rps + r.rps, p50: s.p50 + r.p50, p99: s.p99 + r.p99, errors: s.errors + r.errors, n: s.n + 1, cpuMs: s.cpuMs + cpuMs, requests: s.requests + r.rps * seconds });
      }
    }
    for (const [label, s] of sums) rows.push({ label, rps: s.rps / s.n, p50: s.p50 / s.n, p99: s.p99 / s.n, errors: s.errors });
    console.log(table(rows));
    // CPU time per request of the serving process: what tracing costs, less disturbed than req/s by
    // whatever else the machine is doing
    const cpuPer = new Map([...sums].map(([label, s]) => [label, s.cpuMs / Math.max(1, s.requests)]));
    const off = rows[0]!.rps;
    const offCpu = cpuPer.get(rows[0]!.label)!;
    console.log(`${rows[0]!.label}: ${offCpu.toFixed(2)} ms of CPU a request`);
    for (const r of rows.slice(1)) console.log(`${r.label}: ${(r.rps / off).toFixed(2)} of the throughput with tracing off; ${cpuPer.get(r.label)!.toFixed(2)} ms of CPU a request (${(cpuPer.get(r.label)! / offCpu).toFixed(2)}x)`);
    console.log(`OTLP export requests the collector received: ${exported}`);
  } finally {
    for (const m of Object.values(modes)) {
      const exited = new Promise((r) => m.child.once("exit", r));
      m.child.kill("SIGTERM");
      await exited;
    }
    collector.close();
  }
}
