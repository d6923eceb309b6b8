import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../lib/store";
import { checkCreditCode, checkIdNumber } from "../schema/scalars";
import { Accounts } from "./accounts";
import { demoCredentials, seedDemoAccounts } from "./demo-accounts";
import { loadHubKeys } from "./keys";

const env = process.env.NODE_ENV;
afterEach(() => { process.env.NODE_ENV = env; });

describe("demo accounts", () => {
  it("covers citizens, employer operators, staff of every agency and one administrator", () => {
    const creds = demoCredentials();
    const citizens = creds.filter((c) => c.kind === "citizen");
    expect(citizens.length).toBeGreaterThan(5);
    for (const c of citizens) expect(checkIdNumber(c.idNumber!).ok).toBe(true);
    for (const e of creds.filter((c) => c.kind === "employer")) expect(checkCreditCode(e.creditCode!).ok).toBe(true);
    const staff = creds.filter((c) => c.kind === "staff");
    expect(new Set(staff.map((s) => s.agency))).toEqual(new Set(["social-insurance", "employment", "personnel", "labor-relations", "card"]));
    for (const s of staff) expect(s.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(staff.filter((s) => s.roles?.includes("admin")).length).toBe(1);
    expect(demoCredentials()).toEqual(creds); // the same on every run
  });

  it("seeds hashed passwords (argon2id) and writes the credentials file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-demo-"));
    const accounts = new Accounts(new MemoryStore(), "t");
    const creds = await seedDemoAccounts(accounts, { dataDir: dir });
    const one = creds.find((c) => c.kind === "employer")!;
    const stored = await accounts.byLogin(one.login);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await accounts.checkPassword(one.login, one.password)).toMatchObject({ login: one.login });
    expect(await accounts.checkPassword(one.login, "wrong")).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, "demo-credentials.json"), "utf8")).accounts).toHaveLength(creds.length);
  });

  it("refuses to seed in production", async () => {
    process.env.NODE_ENV = "production";
    await expect(seedDemoAccounts(new Accounts(new MemoryStore(), "t"), { writeFile: false })).rejects.toThrow(/production/);
  });
});

describe("hub keys", () => {
  it("generates development keys once into the data folder and reuses them", () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-keys-"));
    const a = loadHubKeys(dir);
    expect(existsSync(join(dir, "auth-keys.json"))).toBe(true);
    expect(loadHubKeys(dir)).toEqual(a);
    expect(a.jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
  });

  it("takes the keys from the environment when they are set", () => {
    const a = loadHubKeys(mkdtempSync(join(tmpdir(), "kb-keys-")));
    process.env.AUTH_SIGNING_JWKS = JSON.stringify(a.jwks);
    process.env.AUTH_COOKIE_KEYS = "k-new, k-old";
    process.env.NODE_ENV = "production";
    try {
      const dir = mkdtempSync(join(tmpdir(), "kb-keys-"));
      expect(loadHubKeys(dir)).toEqual({ jwks: a.jwks, cookieKeys: ["k-new", "k-old"] });
      expect(existsSync(join(dir, "auth-keys.json"))).toBe(false);
    } finally {
      delete process.env.AUTH_SIGNING_JWKS;
      delete process.env.AUTH_COOKIE_KEYS;
    }
  });

  it("refuses development keys in production", () => {
    process.env.NODE_ENV = "production";
    expect(() => loadHubKeys(mkdtempSync(join(tmpdir(), "kb-keys-")))).toThrow(/production/);
  });
});
