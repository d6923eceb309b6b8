import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { builtinModules } from "node:module";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHubKeys } from "../../auth/keys";
import { fromRoot } from "../../lib/paths";
import { buildAll, entryPoints } from "../../scripts/build";
import { freeOffset } from "../support/npm-start";

/**
 * The production build as the image runs it: every entry point compiled to JavaScript into a
 * folder laid out like the Dockerfile's runtime stage (its plain COPY lines, read from the
 * Dockerfile itself, and the compiled `dist/`), every component started from there with plain
 * `node` in production mode with its secrets, each answering /health, the gateway answering a
 * query, and every one stopping with exit code 0 on SIGTERM. What the compiled code imports must be
 * a production dependency: the image installs those alone (`npm ci --omit=dev`).
 */
const image = mkdtempSync(join(tmpdir(), "kb-image-"));
const pkg = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { dependencies: Record<string, string> };
const children: ChildProcess[] = [];

/** `COPY <src> <dest>` lines of the Dockerfile's last stage that copy from the build context. */
function runtimeCopies(): { from: string; to: string }[] {
  const stages = readFileSync(fromRoot("Dockerfile"), "utf8").split(/^FROM /m);
  return stages.at(-1)!.split("\n")
    .map((line) => /^COPY\s+(?!--)(\S+)\s+(\S+)\s*$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ from: m[1]!, to: m[2]! }));
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []);
}

function start(entry: string, env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [join("dist", entry)], {
    cwd: image,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", LOG_LEVEL: "error", REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => { out += String(d); });
  child.stderr!.on("data", (d) => { out += String(d); });
  children.push(child);
  return { child, exited: new Promise((r) => child.on("exit", (code) => r(code))), output: () => out };
}

async function healthy(url: string, output: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never answered:\n${output().slice(-2000)}`);
}

beforeAll(async () => {
  await buildAll(join(image, "dist"));
  for (const { from, to } of runtimeCopies()) {
    // `COPY file ./` copies into the folder, `COPY dir ./dir` to that name
    const dest = to.endsWith("/") ? join(image, to, basename(from)) : join(image, to);
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(fromRoot(from), dest, { recursive: true });
  }
  // the packages themselves are the repository's (the dependency check below keeps to production ones)
  symlinkSync(fromRoot("node_modules"), join(image, "node_modules"));
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(image, { recursive: true, force: true });
});

describe("the production build", () => {
  it("compiles every component's entry point, and the image holds what they read", () => {
    for (const entry of entryPoints) expect(existsSync(join(image, "dist", entry.replace(/\.ts$/, ".js"))), entry).toBe(true);
    expect(runtimeCopies().map((c) => c.from)).toEqual(expect.arrayContaining(["package.json", "schema/sdl", "schema/calendar/years"]));
    // the explorer's browser bundle travels in dist/: the image has neither its sources nor esbuild
    expect(existsSync(join(image, "dist", "explorer", "explorer.js"))).toBe(true);
    expect(existsSync(join(image, "gateway"))).toBe(false);
  });

  it("imports, once compiled, only Node's own modules and production dependencies", () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const imported = new Set<string>();
    for (const file of jsFiles(join(image, "dist"))) {
      const code = readFileSync(file, "utf8");
      for (const m of code.matchAll(/^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (spec.startsWith(".") || spec.startsWith("/") || builtins.has(spec) || spec.startsWith("node:")) continue;
        imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    // loaded only where the explorer's sources are, to build its bundle: never in the image
    const developmentOnly = new Set(["esbuild"]);
    expect([...imported].filter((name) => !(name in pkg.dependencies) && !developmentOnly.has(name)).sort()).toEqual([]);
  });

  it("runs every component from the image layout with node, in production mode, and stops each with exit code 0", async () => {
    const offset = await freeOffset(28_000); // offsets 28000–28300: clear of the other whole systems, below the ephemeral range
    const port = (p: number) => p + offset;
    const secret = () => randomBytes(32).toString("base64url");
    const hubKeys = loadHubKeys(mkdtempSync(join(tmpdir(), "kb-image-keys-")));
    const common = {
      KUAIBAN_PORT_OFFSET: String(offset), KUAIBAN_INTERNAL_SECRET: secret(), AUDIT_KEY: secret(),
      AUTH_SECRET_PORTAL_SERVICE_HALL: secret(), AUTH_SECRET_PORTAL_EMPLOYMENT: secret(), AUTH_SECRET_DASHBOARD: secret(), PORTAL_SESSION_SECRET: secret(),
    };
    const hubSecrets = { AUTH_SIGNING_JWKS: JSON.stringify(hubKeys.jwks), AUTH_COOKIE_KEYS: secret(), AUTH_DATA_KEY: secret(), AUTH_UPSTREAM_CLIENT_SECRET: secret() };
    const components: [string, number, Record<string, string>][] = [
      ["subgraphs/catalogue/main.js", 4011, {}],
      ["subgraphs/social-insurance/main.js", 4012, {}],
      ["subgraphs/employment/main.js", 4013, {}],
      ["subgraphs/personnel/main.js", 4014, {}],
      ["subgraphs/labor-relations/main.js", 4015, {}],
      ["subgraphs/card/main.js", 4016, {}],
      ["subgraphs/one-thing/main.js", 4017, {}],
      ["auth/main.js", 4400, hubSecrets],
      ["auth/portals/main.js", 4401, {}],
      ["dashboard/main.js", 4420, {}],
    ];
    const running = components.map(([entry, p, env]) => ({ entry, p, ...start(entry, { ...common, ...env }) }));
    await Promise.all(running.map((r) => healthy(`http://127.0.0.1:${port(r.p)}/health`, r.output)));
    // the explorer switched on, as an operator may: served from the bundle in dist/
    const gateway = { entry: "gateway/main.js", p: 4000, ...start("gateway/main.js", { ...common, GATEWAY_EXPLORER: "on" }) };
    running.push(gateway);
    await healthy(`http://127.0.0.1:${port(4000)}/health`, gateway.output);

    const res = await fetch(`http://127.0.0.1:${port(4000)}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ serviceItem(code: "2.4.2") { name } }` }),
    });
    expect(await res.json()).toEqual({ data: { serviceItem: { name: "就业登记" } } });
    const page = await fetch(`http://127.0.0.1:${port(4000)}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status, gateway.output()).toBe(200);
    const script = /src="(\/explorer\/assets\/[^"]+\/explorer\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port(4000)}${script}`)).status).toBe(200);

    for (const r of running) r.child.kill("SIGTERM");
    const codes = await Promise.all(running.map(async (r) => [r.entry, await r.exited, r.output().slice(-500)] as const));
    expect(codes.filter(([, code]) => code !== 0)).toEqual([]);
  }, 120_000);
});
