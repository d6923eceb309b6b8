import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadHubKeys } from "../../auth/keys";
import { freePort } from "./auth-helpers";

const connects = (port: number) => new Promise<boolean>((resolve) => {
  const s = createConnection({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
  s.on("error", () => resolve(false));
});

// Loaded into the hub's process before anything else: reports every listen() call, however brief
// (a hub that listens and then fails on a missing key closes again within milliseconds).
const preload = join(mkdtempSync(join(tmpdir(), "kb-listen-")), "report-listen.mjs");
writeFileSync(preload, `import net from "node:net";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) { process.stderr.write("LISTEN-CALLED\\n"); return listen.apply(this, args); };
`);

/**
 * Starts `auth/main.ts` as `npm run start:auth` does, watching the port the whole time: whether
 * the process ever called listen or accepted a connection, and how it ended (or that it is still running).
 */
async function runHub(env: Record<string, string>, whileUp?: (url: string) => Promise<void>, watchMs = 8_000) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", preload, "--import", "tsx", "auth/main.ts"], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", LOG_LEVEL: "error", AUTH_PORT: String(port), AUTH_ONLY: "1", REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => { output += String(d); });
  child.stderr.on("data", (d) => { output += String(d); });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let listened = false;
  let code: number | null | undefined;
  void exited.then((c) => { code = c; });
  const until = Date.now() + watchMs;
  while (code === undefined && Date.now() < until) {
    if (await connects(port)) { listened = true; break; }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (code === undefined && listened && whileUp) {
    try { await whileUp(`http://127.0.0.1:${port}`); } finally { child.kill("SIGTERM"); await exited; }
  }
  if (code === undefined) { child.kill("SIGTERM"); await exited; }
  return { listened: listened || output.includes("LISTEN-CALLED"), code, output };
}

const secrets = () => {
  const keys = loadHubKeys(mkdtempSync(join(tmpdir(), "kb-prod-keys-")));
  return {
    AUTH_SIGNING_JWKS: JSON.stringify(keys.jwks),
    AUTH_COOKIE_KEYS: randomBytes(32).toString("base64url"),
    AUTH_DATA_KEY: randomBytes(32).toString("base64url"),
    KUAIBAN_INTERNAL_SECRET: randomBytes(32).toString("base64url"),
    AUDIT_KEY: randomBytes(32).toString("base64url"),
    AUTH_UPSTREAM_CLIENT_SECRET: randomBytes(24).toString("base64url"),
  };
};

describe("the hub in production", () => {
  it("listens once every secret is present, without the demo portals or the command-line client", async () => {
    const clients: Record<string, number> = {};
    const run = await runHub(secrets(), async (url) => {
      for (let i = 0; i < 100 && (await fetch(`${url}/healthz`).then((r) => r.status, () => 0)) !== 200; i++) await new Promise((r) => setTimeout(r, 50));
      for (const id of ["kuaiban-cli", "portal-service-hall", "portal-employment"]) {
        const params = new URLSearchParams({ client_id: id, response_type: "code", scope: "openid", redirect_uri: "http://127.0.0.1/callback", code_challenge: "x".repeat(43), code_challenge_method: "S256" });
        const res = await fetch(`${url}/auth?${params}`, { redirect: "manual" });
        clients[id] = res.status;
        expect(await res.text()).toContain("invalid_client");
      }
    });
    expect(run.listened, run.output).toBe(true);
    expect(clients).toEqual({ "kuaiban-cli": 400, "portal-service-hall": 400, "portal-employment": 400 });
  }, 30_000);

  it.each(["AUTH_SIGNING_JWKS", "AUTH_COOKIE_KEYS", "AUTH_DATA_KEY", "KUAIBAN_INTERNAL_SECRET", "AUDIT_KEY"])(
    "without %s exits non-zero and never listens, naming what is missing",
    async (missing) => {
      const env: Record<string, string> = secrets();
      delete env[missing];
      const run = await runHub(env);
      expect(run.listened).toBe(false);
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      expect(run.output).toContain(missing);
      // the secrets that were there are not printed
      expect(run.output).not.toContain(env.AUTH_DATA_KEY ?? env.AUDIT_KEY!);
    },
    30_000,
  );
});
