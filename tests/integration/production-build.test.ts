import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRoot } from "../../lib/paths";
import { buildAll, entryPoints } from "../../scripts/build";
import { freePort } from "./auth-helpers";

/**
 * The production build: every entry point compiled to JavaScript, and components started from it
 * with plain `node`, in production mode with their secrets, answering through the gateway and
 * stopping with exit code 0 on SIGTERM.
 */
const outdir = fromRoot(".cache", `dist-test-${randomUUID().slice(0, 8)}`);
const secrets = { KUAIBAN_INTERNAL_SECRET: randomBytes(32).toString("base64url"), AUDIT_KEY: randomBytes(32).toString("base64url") };
const children: ChildProcess[] = [];

function start(entry: string, env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [`${outdir}/${entry}`], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", LOG_LEVEL: "error", REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", ...secrets, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => { out += String(d); });
  child.stderr!.on("data", (d) => { out += String(d); });
  children.push(child);
  return { child, exited: new Promise((r) => child.on("exit", (code) => r(code))), output: () => out };
}
async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never answered`);
}

beforeAll(async () => { await buildAll(outdir); }, 60_000);
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(outdir, { recursive: true, force: true });
});

describe("the production build", () => {
  it("compiles every component's entry point to JavaScript", () => {
    for (const entry of entryPoints) expect(existsSync(`${outdir}/${entry.replace(/\.ts$/, ".js")}`), entry).toBe(true);
  });

  it("runs the catalogue and the gateway with node from dist/, in production mode, and stops them cleanly", async () => {
    const [catPort, gwPort] = await Promise.all([freePort(), freePort()]);
    const catalogue = start("subgraphs/catalogue/main.js", { CATALOGUE_PORT: String(catPort) });
    await healthy(`http://127.0.0.1:${catPort}/health`);
    const gateway = start("gateway/main.js", { GATEWAY_PORT: String(gwPort), GATEWAY_SUBGRAPHS: `catalogue=http://127.0.0.1:${catPort}/graphql` });
    await healthy(`http://127.0.0.1:${gwPort}/health`);
    const res = await fetch(`http://127.0.0.1:${gwPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ serviceItem(code: "2.4.2") { name } }` }),
    });
    expect(await res.json()).toEqual({ data: { serviceItem: { name: "就业登记" } } });
    gateway.child.kill("SIGTERM");
    catalogue.child.kill("SIGTERM");
    expect(await gateway.exited, gateway.output()).toBe(0);
    expect(await catalogue.exited, catalogue.output()).toBe(0);
  }, 60_000);
});
