import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { withoutStoreSettings } from "../support/store";

/** Production refuses to serve on development secrets: nothing listens before they are set. */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const clean = Object.fromEntries(Object.entries(withoutStoreSettings(process.env)).filter(([k]) => !["KUAIBAN_INTERNAL_SECRET", "AUDIT_KEY"].includes(k))) as Record<string, string>;
  const child = spawn(process.execPath, ["--import", "tsx", entry], { env: { ...clean, NODE_ENV: "production", LOG_LEVEL: "error", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => { output += d.toString(); });
  child.stderr.on("data", (d: Buffer) => { output += d.toString(); });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: "127.0.0.1", port }, () => { socket.destroy(); resolve(true); });
  socket.on("error", () => resolve(false));
});

describe("in production", () => {
  it("npm start (the demo system) refuses to run", async () => {
    const r = await run("scripts/start.ts", {});
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("refuses NODE_ENV=production");
  });

  it("the catalogue subgraph exits without listening while KUAIBAN_INTERNAL_SECRET is missing", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const r = await run("subgraphs/catalogue/main.ts", { CATALOGUE_PORT: String(port), AUDIT_KEY: "a-real-audit-key-for-this-test" });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("KUAIBAN_INTERNAL_SECRET must be set in production");
    expect(await listening(port)).toBe(false);
  });
});
