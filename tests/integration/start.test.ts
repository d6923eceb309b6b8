import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { gql } from "../support/graphql";
import { withoutStoreSettings } from "../support/store";

// The run command as a newcomer types it, on shifted ports so it can run beside a dev system.
describe("npm start", () => {
  it("names its store on the first line, serves the catalogue on the gateway, and stops cleanly on SIGTERM", async () => {
    // below the ephemeral range (32768+), where ports other tests take with listen(0) would collide
    const offset = 10_000;
    // the embedded store, whatever store this run of the suite is on
    const env: NodeJS.ProcessEnv = { ...withoutStoreSettings(process.env), KUAIBAN_PORT_OFFSET: String(offset), LOG_LEVEL: "warn" };
    delete env.VITEST;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toContain("Kuaiban is running");
      expect(out.split("\n")[0]).toMatch(/^store: EMBEDDED in-process store/);
      // the gateway's default port (4000) shifted by the child's offset alone, whatever this process's is
      const gateway = `http://127.0.0.1:${4000 + offset}`;
      expect(out).toContain(`${gateway}/graphql`);
      const r = await gql<{ contactPoints: unknown[] }>(`${gateway}/graphql`, "{ contactPoints { name } }");
      expect(r.data!.contactPoints).toHaveLength(23);
    } finally {
      child.kill("SIGTERM");
    }
    const started = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 90_000);
});
