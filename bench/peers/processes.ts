import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
export { freePort } from "../../lib/net";


/**
 * An entry point (TypeScript, or compiled JavaScript from `npm run build`) in a node process of its own (the child's pid is the node process, so
 * its CPU time and RSS are the component's), up when `ready` answers true.
 */
export async function startNode(name: string, entry: string, env: Record<string, string>, ready: () => Promise<boolean>, nodeArgs: string[] = []): Promise<ChildProcess> {
  // compiled JavaScript (the production build) runs on plain node; TypeScript through tsx
  const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], { env: { ...process.env, LOG_LEVEL: "error", ...env }, stdio: ["ignore", "ignore", "inherit"] });
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  for (let i = 0; i < 600; i++) {
    if (exited !== undefined) throw new Error(`${name} exited with ${exited} before it was up`);
    if (await ready().catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${name} did not come up in 60 s`);
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** A private Redis for the run (no persistence), stopped with the benchmark. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.once("error", (err) => reject(new Error(`redis-server could not start (${err.message}); install Redis or set BENCH_REDIS_URL`)));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${out}`)));
  });
  return child;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** A process's own CPU time so far (user + system, ms), from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // after "(comm)": state is field 3, utime 14 and stime 15 (1-based, counting pid and comm)
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Resident set size now, in MB, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}
