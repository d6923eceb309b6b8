import { createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isProduction } from "../lib/config";
import { log } from "../lib/log";
import { demoData } from "../schema/demo";
import { Accounts, hashPassword, type Account } from "./accounts";
import { PARTNER_DEMO_CLIENT_ID, type PartnerClient } from "./partners";
import { base32, totpUri } from "./totp";

/**
 * DEMO SEED — development only. Demo passwords and TOTP secrets are derived from this public
 * constant so that every run (and every machine) gets the same credentials; that is exactly why
 * seeding refuses to run in production.
 */
const DEMO_SEED = "kuaiban-demo-accounts-NOT-A-SECRET";

const derive = (purpose: string, login: string) => createHmac("sha256", DEMO_SEED).update(`${purpose}:${login}`).digest();

export interface DemoCredential {
  login: string;
  password: string;
  kind: Account["kind"];
  displayName: string;
  idNumber?: string;
  creditCode?: string;
  roles?: string[];
  agency?: string;
  region?: string;
  totpSecret?: string;
  otpauthUri?: string;
}

const AGENCIES = [
  ["social-insurance", "社保经办员"],
  ["employment", "就业服务专员"],
  ["personnel", "人事管理员"],
  ["labor-relations", "劳动关系协调员"],
  ["card", "社保卡服务专员"],
] as const;

/** The demo accounts, without touching any store (tests use this list too). */
export function demoCredentials(): DemoCredential[] {
  const { people, employers } = demoData();
  const out: DemoCredential[] = [];
  const password = (login: string) => `Kb-${derive("password", login).toString("base64url").slice(0, 12)}`;
  const staff = (login: string, displayName: string, agency: string, region: string, roles: string[]): DemoCredential => {
    const totpSecret = base32(derive("totp", login).subarray(0, 20));
    return { login, password: password(login), kind: "staff", displayName, agency, region, roles, totpSecret, otpauthUri: totpUri(totpSecret, login) };
  };
  for (const p of people.filter((x) => x.stage !== "DECEASED_RETIREE").slice(0, 12)) {
    out.push({ login: p.idNumber, password: password(p.idNumber), kind: "citizen", displayName: p.name, idNumber: p.idNumber });
  }
  employers.slice(0, 3).forEach((e, i) => {
    const login = `op-${String(i + 1).padStart(2, "0")}`;
    out.push({ login, password: password(login), kind: "employer", displayName: `${e.name} 经办人`, creditCode: e.creditCode });
  });
  for (const [agency, title] of AGENCIES) out.push(staff(`staff-${agency}`, `${title}（太原市）`, agency, "太原市", ["operator"]));
  out.push(staff("staff-social-insurance-datong", "社保经办员（大同市）", "social-insurance", "大同市", ["operator"]));
  out.push(staff("admin", "系统管理员", "personnel", "省本级", ["admin"]));
  // 综合窗口 (the one window that accepts bundles for every agency), the provincial 行风办
  // (figures and progress, read-only) and the auditor (audit trail, data-access records)
  out.push(staff("clerk-taiyuan", "综合窗口受理员（太原市）", "window", "太原市", ["clerk"]));
  out.push(staff("supervisor", "行风办督查员（省本级）", "conduct-office", "省本级", ["supervisor"]));
  out.push(staff("auditor", "审计员（省本级）", "audit-office", "省本级", ["auditor"]));
  return out;
}

/** Every demo seed: its secrets derive from a public seed. */
function refuseInProduction(what: string): void {
  if (isProduction()) throw new Error(`${what} are for development only; they refuse to run in production`);
}

/**
 * The demo partner department for the `client_credentials` grant (development only, refuses in
 * production): its secret is derived from the public seed, like the demo passwords.
 */
export function demoPartnerClients(): PartnerClient[] {
  refuseInProduction("demo partner clients");
  return [{
    clientId: PARTNER_DEMO_CLIENT_ID,
    clientSecret: `kbp-${derive("partner", PARTNER_DEMO_CLIENT_ID).toString("base64url")}`,
    department: "省医疗保障局",
    scopes: ["person:read", "insurance:read"],
    ratePerMinute: 120,
  }];
}

/**
 * Seeds the demo accounts into the store and writes their credentials to
 * `<dataDir>/demo-credentials.json`. Refuses in production.
 */
export async function seedDemoAccounts(accounts: Accounts, opts: { dataDir?: string; writeFile?: boolean } = {}): Promise<DemoCredential[]> {
  refuseInProduction("demo accounts");
  const creds = demoCredentials();
  await Promise.all(creds.map(async (c) => {
    const id = `acc_demo_${derive("id", c.login).toString("hex").slice(0, 16)}`;
    const { password, otpauthUri: _uri, ...rest } = c;
    await accounts.save({ ...rest, id, passwordHash: await hashPassword(password) });
  }));
  if (opts.writeFile !== false) {
    const dir = opts.dataDir ?? ".data";
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "demo-credentials.json");
    const partnerClients = demoPartnerClients();
    writeFileSync(file, JSON.stringify({ warning: "DEMO ACCOUNTS — development only, never in production", accounts: creds, partnerClients }, null, 2), { mode: 0o600 });
    log.warn({ file, accounts: creds.length }, "seeded DEMO accounts; their credentials are in the file named here");
  }
  return creds;
}
