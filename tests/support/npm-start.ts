import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * `npm start` (scripts/start.ts) in a child process of a test: on a port offset whose ports are
 * free, with a data directory of its own, stopped with SIGTERM (its whole process group) at the end.
 * Tests that start a whole system pick disjoint `base` ranges so that, running side by side, they
 * never race for the same offset; every range stays below the ephemeral ports (32768+).
 */
export interface NpmStart {
  offset: number;
  /** The environment it runs with (the test's, plus the offset and the data directory). */
  env: Record<string, string>;
  /** Everything it printed so far. */
  readonly output: string;
  gatewayUrl: string;
  stop(): Promise<void>;
}

const free = (port: number) => new Promise<boolean>((resolve) => {
  const server = createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
});

// every default port of the system (lib/config.ts), before the offset
const PORTS = [4000, 4400, 4401, 4402, 4410, 4420, ...Array.from({ length: 8 }, (_, i) => 4011 + i), ...Array.from({ length: 5 }, (_, i) => 4112 + i)];

/** The first ephemeral port (Linux's default `ip_local_port_range`): an outgoing connection may take any port from here up at any moment. */
const EPHEMERAL_START = 32_768;
const HIGHEST_PORT = Math.max(...PORTS);

/**
 * A `KUAIBAN_PORT_OFFSET` in `base` … `base + 7900`, kept so that every port stays below the
 * ephemeral range, under which every default port is free right now.
 */
export async function freeOffset(base: number): Promise<number> {
  const steps = Math.min(80, Math.floor((EPHEMERAL_START - 1 - HIGHEST_PORT - base) / 100) + 1);
  if (steps < 1) throw new Error(`port offset ${base} would put ports in the ephemeral range (${EPHEMERAL_START}+)`);
  for (let tries = 0; tries < 20; tries++) {
    const candidate = base + Math.floor(Math.random() * steps) * 100;
    if ((await Promise.all(PORTS.map((p) => free(p + candidate)))).every(Boolean)) return candidate;
  }
  throw new Error(`no free port offset from ${base}`);
}

export async function npmStart(opts: { base: number; env: Record<string, string>; dataDirPrefix: string; timeoutMs?: number }): Promise<NpmStart> {
  const offset = await freeOffset(opts.base);
  const dataDir = mkdtempSync(join(tmpdir(), opts.dataDirPrefix));
  const env: Record<string, string> = { ...opts.env, KUAIBAN_PORT_OFFSET: String(offset), KUAIBAN_DATA_DIR: dataDir };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: process.cwd(), env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output.slice(-3000)}`)), opts.timeoutMs ?? 120_000);
      const check = () => { if (output.includes("Kuaiban is running")) { clearTimeout(timer); resolve(); } };
      child.stdout!.on("data", check);
      child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`npm start exited (${code}):\n${output.slice(-3000)}`)); });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { offset, env, get output() { return output; }, gatewayUrl: `http://127.0.0.1:${4000 + offset}/graphql`, stop };
}
