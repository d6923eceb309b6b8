import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";

export interface LoadResult {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** A fixed-duration closed-loop load against one GraphQL POST, on loopback only. */
export async function load(label: string, url: string, body: unknown, opts: { seconds?: number; connections?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...opts.headers },
    body: JSON.stringify(body),
    connections: opts.connections ?? 10,
    duration: opts.seconds ?? 8,
  });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export function table(rows: LoadResult[]): string {
  const lines = [`${"measurement".padEnd(48)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`];
  for (const r of rows) {
    lines.push(`${r.label.padEnd(48)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)}`);
  }
  return lines.join("\n");
}

/** Runs the whole system in a child process (its own CPU time, like a deployment) on shifted ports. */
export async function startSystem(portOffset: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, KUAIBAN_PORT_OFFSET: String(portOffset), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Kuaiban is running")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`system exited with ${code} before it was up:\n${out}`)));
  });
  return child;
}

export async function stopSystem(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** A second gateway process over the same subgraphs (e.g. with the cache off), ready when /health answers. */
export async function startGatewayProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "gateway/main.ts"], {
    env: { ...process.env, GATEWAY_PORT: String(port), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the second gateway did not come up");
}
