import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freePort } from "./auth-helpers";

/**
 * Every component started as its npm script starts it, outside the test environment (NODE_ENV is
 * development here: Apollo Server's own signal handling is on outside tests), asked for its health
 * from the moment its port opens, then sent SIGTERM: it must stop with exit code 0.
 */
interface Component {
  name: string;
  entry: string;
  portEnv?: string;
  path: string;
  /** Port of the path when it is not the one in portEnv (defaults shifted by the offset). */
  defaultPort?: number;
  env?: Record<string, string>;
}

const components: Component[] = [
  { name: "gateway", entry: "gateway/main.ts", portEnv: "GATEWAY_PORT", path: "/health" },
  { name: "catalogue", entry: "subgraphs/catalogue/main.ts", portEnv: "CATALOGUE_PORT", path: "/health" },
  { name: "one-thing (with its engine)", entry: "subgraphs/one-thing/main.ts", portEnv: "ONE_THING_PORT", path: "/health" },
  { name: "social-insurance", entry: "subgraphs/social-insurance/main.ts", portEnv: "SOCIAL_INSURANCE_PORT", path: "/health" },
  { name: "social-insurance legacy stand-in", entry: "subgraphs/social-insurance/legacy/main.ts", portEnv: "SOCIAL_INSURANCE_LEGACY_PORT", path: "/health" },
  { name: "SSO hub", entry: "auth/main.ts", portEnv: "AUTH_PORT", path: "/.well-known/openid-configuration", env: { AUTH_ONLY: "1" } },
  { name: "demo portals", entry: "auth/portals/main.ts", path: "/", defaultPort: 4401 },
];

async function startThenStop(c: Component, offset: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; answered: number; output: string }> {
  const port = c.portEnv ? await freePort() : c.defaultPort! + offset;
  const child = spawn(process.execPath, ["--import", "tsx", c.entry], {
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "development",
      LOG_LEVEL: "error",
      KUAIBAN_PORT_OFFSET: String(offset),
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      ...(c.portEnv ? { [c.portEnv]: String(port) } : {}),
      ...c.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => { output += String(d); });
  child.stderr.on("data", (d) => { output += String(d); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  let done: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => { done = e; });
  // asked from the first moment, as a load balancer's health check would: a request while the
  // component is still starting must not bring it down
  let answered = 0;
  // the gateway alone waits for subgraphs that are not there before it serves from the emitted SDL
  const until = Date.now() + 60_000;
  while (!done && Date.now() < until) {
    const res = await fetch(`http://127.0.0.1:${port}${c.path}`, { redirect: "manual" }).catch(() => undefined);
    if (res) {
      await res.arrayBuffer();
      if (res.status < 500) { answered = res.status; break; }
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (!done) child.kill("SIGTERM");
  const end = await exited;
  return { ...end, answered, output };
}

describe("a clean stop", () => {
  // one offset for the whole run, away from npm start's ports and from other runs
  const offset = 3000 + Math.floor(Math.random() * 400) * 10;
  it.concurrent.each(components)("$name answers, then stops on SIGTERM with exit code 0", async (c) => {
    const r = await startThenStop(c, offset);
    expect(r.answered, r.output).toBeGreaterThanOrEqual(200);
    expect(r.answered, r.output).toBeLessThan(500);
    expect({ code: r.code, signal: r.signal }, r.output).toEqual({ code: 0, signal: null });
  }, 90_000);
});
