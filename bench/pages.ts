/**
 * What the hub's and portals' pages cost to render, per page, in this process (no HTTP): the
 * login page, the TOTP enrolment page (QR code drawn as SVG, ten recovery codes), a staff home
 * page and a full data-access page, and a recovery-code check against an account's ten hashes.
 *
 *   npm run bench:pages [-- --iterations 2000]
 */
import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { Accounts } from "../auth/accounts";
import { dataAccessPage, homePage } from "../auth/portals/views";
import { base32, keyGroups, newRecoveryCodes, totpUri } from "../auth/totp";
import { prefsFrom } from "../auth/views/html";
import { loginPage, totpPage } from "../auth/views/pages";
import { MemoryStore } from "../lib/store";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const iterations = arg("iterations", 2000);
const prefs = prefsFrom("kb_text_size=large", "/interaction/abc", "/interaction/help/text-size");

async function time(name: string, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < Math.min(200, iterations); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(3);
  console.log(`${name.padEnd(34)} p50 ${q(0.5)} ms  p99 ${q(0.99)} ms`);
}

const secret = base32(randomBytes(20));
const codes = newRecoveryCodes(randomBytes);
const staff = { sub: "s", name: "社保经办员（太原市）", kind: "staff" as const, roles: ["operator"], agency: "social-insurance", region: "太原市" };
const rows: [string, string][] = [["所属业务", "social-insurance"], ["服务区域", "太原市"], ["角色", "operator"]];
const records = Array.from({ length: 20 }, (_, i) => ({
  id: `r${i}`, at: new Date(Date.UTC(2026, 11, 1, 2, i)).toISOString(), actorKind: i % 2 ? "staff" : "partner",
  actor: i % 2 ? "业务经办人员 · 太原市" : "合作部门 partner · 省医疗保障局", department: i % 2 ? "social-insurance" : "省医疗保障局",
  purpose: "医保待遇核验", caseId: `YB-2026-${i}`, systems: ["social-insurance", "card"], fields: ["Person.name", "Person.socialInsurance"],
}));

await time("login page", () => loginPage({ action: "/interaction/abc/login", csrf: "x".repeat(43), clientName: "网上服务大厅", forgotUrl: "/interaction/abc/forgot-password", upstreamUrl: "/interaction/abc/upstream", prefs }));
await time("TOTP enrolment page (QR as SVG)", async () => totpPage({
  action: "/interaction/abc/totp", csrf: "x".repeat(43), prefs,
  enrol: { qrSvg: await QRCode.toString(totpUri(secret, "staff-new"), { type: "svg", margin: 2, errorCorrectionLevel: "M" }), secretGroups: keyGroups(secret), recoveryCodes: codes },
}));
await time("staff home page", () => homePage("就业服务门户", staff, { ok: true, rows }, "csrf", [{ name: "网上服务大厅", url: "http://127.0.0.1:4401" }], { prefs }));
await time("data-access page (20 reads)", () => dataAccessPage("网上服务大厅", { ...staff, kind: "citizen" }, { ok: true, nodes: records, endCursor: "c", hasNextPage: true }, prefs));

const accounts = new Accounts(new MemoryStore(), "bench");
const account = accounts.withRecoveryCodes({ id: "acc_bench", login: "b", kind: "staff", displayName: "b" }, codes);
await time("recovery code check (wrong code)", () => accounts.useRecoveryCode(account, "AAAA-BBBB-CCCC-DDDD"));
