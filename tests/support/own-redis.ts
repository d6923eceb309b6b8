import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../lib/net";

/**
 * A Redis server of a test's own, for tests that stop it or make it refuse writes: the shared
 * Redis (which other tests and other processes on the machine use) is never touched that way.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing). */
  start(): Promise<void>;
  readonly running: boolean;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] });
    await new Promise<void>((resolve, reject) => {
      let out = "";
      c.stdout!.on("data", (d) => { out += String(d); if (out.includes("Ready to accept connections")) resolve(); });
      c.once("exit", (code) => reject(new Error(`redis-server exited ${code}`)));
    });
    child = c;
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, get running() { return child !== undefined; } };
}
