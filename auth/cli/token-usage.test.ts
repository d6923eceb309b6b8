import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// `npm run token` as a newcomer first types it: asking for help or mistyping an option gets the usage, not a stack trace.
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "auth/cli/token.ts", ...args], { encoding: "utf8", env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", NODE_ENV: "development" } });

describe("npm run token -- --help", () => {
  // each case starts a process through tsx: seconds on a busy machine
  it("prints the usage on stdout and exits 0", { timeout: 30_000 }, () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run -s token -- --user <login>");
    expect(r.stderr).not.toMatch(/at .*parse_args|TypeError/);
  });
  it("refuses an unknown option with the usage and exit code 2", { timeout: 30_000 }, () => {
    const r = run("--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    expect(r.stderr).toContain("usage:");
    expect(r.stderr).not.toMatch(/at .*parse_args|TypeError/);
  });
});
