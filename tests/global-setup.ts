import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection } from "node:net";

/**
 * Integration tests need a real Redis. Use REDIS_URL or the one on 127.0.0.1:6379; when nothing
 * answers there and `redis-server` is installed, start a throwaway one for this run.
 */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.write("PING\r\n");
    });
    socket.setTimeout(1_000);
    socket.on("data", (d) => { socket.destroy(); resolve(d.toString().startsWith("+PONG")); });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => { socket.destroy(); resolve(false); });
  });
}

let child: ChildProcess | undefined;

export async function setup() {
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  if (await answers(url.hostname, Number(url.port || 6379))) {
    process.env.REDIS_URL = url.toString();
    return;
  }
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    throw new Error("Integration tests need Redis: start one on 127.0.0.1:6379 or set REDIS_URL (Debian: apt-get install redis-server)");
  }
  const port = 16379;
  child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 50 && !(await answers("127.0.0.1", port)); i++) await new Promise((r) => setTimeout(r, 100));
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
}

export async function teardown() {
  child?.kill();
}
