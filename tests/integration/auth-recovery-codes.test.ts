import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { recordsOf, subjectRef } from "../../lib/audit";
import { Accounts, hashPassword } from "../../auth/accounts";
import { Lockout } from "../../auth/lockout";
import { authSettings } from "../../auth/settings";
import { currentTotp } from "../../auth/totp";
import { formOf, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;
let accounts: Accounts;
// a small code limit, a large pending and address limit: these tests are about the account's code count
const settings = { maxAddressFailures: 1_000, maxTotpFailures: 4, maxPendingTotpFailures: 10, lockoutSec: 60 };
beforeAll(async () => {
  stack = await startStack(store, { settings });
  accounts = new Accounts(store, `${stack.prefix}:auth`);
});
afterAll(async () => { await stack?.close(); await store.close(); });

/** A new staff account enrolled through the pages; returns its login, password, TOTP secret and the recovery codes shown. */
async function enrolled() {
  const login = `staff-${randomUUID().slice(0, 8)}`;
  const password = "Correct-Horse-1";
  await accounts.save({ id: `acc_${login}`, login, kind: "staff", displayName: "恢复码测试员", passwordHash: await hashPassword(password), agency: "card", region: "太原市", roles: ["operator"] });
  const b = new TestBrowser();
  const page = await signIn(b, stack.portals[0]!.url, { login, password });
  const secret = /<span class="key" id="totp-key">([A-Z2-7 ]+)<\/span>/.exec(page.body)![1]!.replace(/ /g, "");
  const codes = [...page.body.matchAll(/<li><code>([A-Z2-9-]{19})<\/code><\/li>/g)].map((m) => m[1]!);
  // no way to skip the authenticator with a code shown for it before it is bound
  expect(page.body).not.toContain('name="recovery"');
  const f = formOf(page.body);
  const done = await b.go(new URL(f.action, page.url).href, { form: { ...f.fields, code: await currentTotp(secret) } });
  expect(done.body).toContain("恢复码测试员");
  return { login, password, secret, codes };
}

/** Password, then (on the code page) a recovery code instead of a code. */
async function withRecovery(cred: { login: string; password: string }, recovery: string, b = new TestBrowser()) {
  const codePage = await signIn(b, stack.portals[0]!.url, cred);
  if (!codePage.body.includes('name="recovery"')) return codePage;
  const f = formOf(codePage.body);
  return b.go(new URL(f.action, codePage.url).href, { form: { ...f.fields, recovery } });
}

const failures = async (login: string, reason: string) =>
  recordsOf(await store.xrange(`${stack.prefix}:audit`))
    .filter((r) => r.action === "login.failure" && r.detail?.reason === reason && r.subjects?.includes(subjectRef(`login:${login}`))).length;

describe("recovery codes", () => {
  it("are shown once at enrolment, work once each instead of a code, in any case and spacing", async () => {
    const cred = await enrolled();
    expect(cred.codes).toHaveLength(10);
    expect(await accounts.recoveryCodesLeft(`acc_${cred.login}`)).toBe(10);

    // typed in lower case without dashes: still the code
    const typed = cred.codes[3]!.toLowerCase().replace(/-/g, " ");
    const home = await withRecovery(cred, typed);
    expect(home.url).toBe(`${stack.portals[0]!.url}/`);
    expect(home.body).toContain("恢复码测试员");
    expect(await accounts.recoveryCodesLeft(`acc_${cred.login}`)).toBe(9);

    // the same code a second time: refused, and counted as a wrong code
    const again = await withRecovery(cred, cred.codes[3]!);
    expect(again.status).toBe(401);
    expect(again.body).toContain("恢复码不正确或已使用过");
    expect(again.body).not.toContain("恢复码测试员");
    expect(await failures(cred.login, "recovery-code")).toBe(1);

    // the codes page is not shown again on later sign-ins
    expect(again.body).not.toContain('id="recovery-codes"');
    // another code still works
    const other = await withRecovery(cred, cred.codes[0]!);
    expect(other.body).toContain("恢复码测试员");
  });

  it("share the lockout with wrong codes: wrong recovery codes and wrong TOTP codes lock the account together", async () => {
    const cred = await enrolled();
    const lockout = new Lockout(store, authSettings(settings), `${stack.prefix}:auth`);
    const b = new TestBrowser();
    let page = await signIn(b, stack.portals[0]!.url, cred);
    const statuses: number[] = [];
    const wrongTotp = ((Number(await currentTotp(cred.secret)) + 500_000) % 1_000_000).toString().padStart(6, "0");
    const attempts: Record<string, string>[] = [{ code: wrongTotp }, { recovery: "AAAA-BBBB-CCCC-DDDD" }, { code: wrongTotp }];
    for (const attempt of attempts) {
      const f = formOf(page.body);
      page = await b.go(new URL(f.action, page.url).href, { form: { ...f.fields, ...attempt } });
      statuses.push(page.status);
    }
    expect(statuses).toEqual([401, 401, 401]);
    expect(await lockout.failures("totp", cred.login)).toBe(3);
    // the fourth wrong one (a recovery code) reaches the limit of 4
    const f = formOf(page.body);
    const fourth = await b.go(new URL(f.action, page.url).href, { form: { ...f.fields, recovery: "not-a-code" } });
    expect(fourth.status).toBe(429);
    expect(fourth.body).toContain("已被暂时锁定");
    // locked: a right recovery code is not even asked for, and is not used up
    const locked = await withRecovery(cred, cred.codes[0]!);
    expect(locked.status).toBe(429);
    expect(await accounts.recoveryCodesLeft(`acc_${cred.login}`)).toBe(10);
  });

  it("are used once even when the same code arrives twice at the same moment", async () => {
    const login = `staff-${randomUUID().slice(0, 8)}`;
    const codes = ["ABCD-EFGH-JKMN-PQRS", "TUVW-XYZ2-3456-789A"];
    const account = accounts.withRecoveryCodes({ id: `acc_${login}`, login, kind: "staff", displayName: "并发", agency: "card", region: "太原市", roles: ["operator"] }, codes);
    await accounts.save(account);
    const results = await Promise.all(Array.from({ length: 8 }, () => accounts.useRecoveryCode(account, codes[0]!)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await accounts.recoveryCodesLeft(account.id)).toBe(1);
    expect(await accounts.useRecoveryCode((await accounts.byId(account.id))!, codes[1]!)).toBe(true);
    expect(await accounts.recoveryCodesLeft(account.id)).toBe(0);
    // only hashes are stored, salted per account: the same code hashes differently for another account
    const stored = (await store.get(`${stack.prefix}:auth:account:${account.id}`))!;
    expect(stored).not.toContain("ABCDEFGHJKMNPQRS");
    expect(Accounts.recoveryCodeHash("acc_a", "ABCDEFGHJKMNPQRS")).not.toBe(Accounts.recoveryCodeHash("acc_b", "ABCDEFGHJKMNPQRS"));
  });
});
