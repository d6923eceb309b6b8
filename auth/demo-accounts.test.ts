import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../lib/store";
import { checkCreditCode, checkIdNumber } from "../schema/scalars";
import { Accounts } from "./accounts";
import { demoCredentials, demoPartnerClients, seedDemoAccounts } from "./demo-accounts";
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
    const operators = staff.filter((s) => s.roles?.includes("operator"));
    expect(new Set(operators.map((s) => s.agency))).toEqual(new Set(["social-insurance", "employment", "personnel", "labor-relations", "card"]));
    for (const s of staff) expect(s.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(staff.filter((s) => s.roles?.includes("admin")).length).toBe(1);
    // one demo login per role, each with its office and region
    const byLogin = new Map(staff.map((s) => [s.login, s]));
    expect(byLogin.get("clerk-taiyuan")).toMatchObject({ roles: ["clerk"], agency: "window", region: "太原市" });
    expect(byLogin.get("supervisor")).toMatchObject({ roles: ["supervisor"], agency: "conduct-office", region: "省本级" });
    expect(byLogin.get("auditor")).toMatchObject({ roles: ["auditor"], agency: "audit-office", region: "省本级" });
    for (const login of ["clerk-taiyuan", "supervisor", "auditor"]) expect(byLogin.get(login)!.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
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
    const file = JSON.parse(readFileSync(join(dir, "demo-credentials.json"), "utf8"));
    expect(file.accounts).toHaveLength(creds.length);
    expect(file.accounts.map((a: { login: string }) => a.login)).toEqual(expect.arrayContaining(["clerk-taiyuan", "supervisor", "auditor"]));
    expect(file.partnerClients).toEqual([expect.objectContaining({ clientId: "partner-demo", department: "省医疗保障局", scopes: ["person:read", "insurance:read"] })]);
    expect(file.partnerClients[0].clientSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("stores TOTP secrets sealed: the stored record does not contain the secret", async () => {
    const store = new MemoryStore();
    const accounts = new Accounts(store, "t");
    const creds = await seedDemoAccounts(accounts, { writeFile: false });
    for (const c of creds.filter((x) => x.totpSecret)) {
      const stored = await accounts.byLogin(c.login);
      expect(stored!.totpSecret).toBe(c.totpSecret);
      const raw = (await store.get(`t:account:${stored!.id}`))!;
      expect(raw).not.toContain(c.totpSecret!);
      expect(JSON.parse(raw).totpSecret).toBeUndefined();
      expect(JSON.parse(raw).totpSecretSealed).toMatch(/^v1\./);
    }
  });

  it("refuses the demo partner client in production", async () => {
    process.env.NODE_ENV = "production";
    expect(() => demoPartnerClients()).toThrow(/production/);
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
