import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordsOf, subjectRef } from "../../lib/audit";
import { currentTotp } from "../../auth/totp";
import { Lockout } from "../../auth/lockout";
import { authSettings } from "../../auth/settings";
import { credOf, formOf, startStack, TestBrowser, type Stack } from "./auth-helpers";
import type { DemoCredential } from "../../auth";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;
// a high address limit keeps these tests about the account's counts
const settings = { maxAddressFailures: 1_000, lockoutSec: 60 };
beforeAll(async () => { stack = await startStack(store, { settings }); });
afterAll(async () => { await stack?.close(); await store.close(); });

const wrongCode = async (c: DemoCredential) => ((Number(await currentTotp(c.totpSecret!)) + 500_000) % 1_000_000).toString().padStart(6, "0");

/** Opens the hub's sign-in page from the portal: a fresh interaction in a fresh browser. */
async function loginForm(b = new TestBrowser()) {
  const page = await b.go(`${stack.portals[0]!.url}/login`);
  return { b, page, ...formOf(page.body) };
}

/** The password step; returns the TOTP page when the password was right. */
async function password(c: DemoCredential, b = new TestBrowser()) {
  const f = await loginForm(b);
  const page = await b.go(new URL(f.action, f.page.url).href, { form: { ...f.fields, login: c.login, password: c.password } });
  return { b, page };
}

async function code(b: TestBrowser, totpPage: { url: string; body: string }, value: string) {
  const f = formOf(totpPage.body);
  return b.go(new URL(f.action, totpPage.url).href, { form: { ...f.fields, code: value } });
}

const failuresOf = async (login: string, reason: string) =>
  recordsOf(await store.xrange(`${stack.prefix}:audit`))
    .filter((r) => r.action === "login.failure" && r.detail?.reason === reason && r.subjects?.includes(subjectRef(`login:${login}`))).length;

describe("second factor failures", () => {
  it("locks the account after 10 wrong codes even when the password is entered again between them", async () => {
    const staff = credOf(stack.creds, "staff", 0);
    const statuses: number[] = [];
    // today's attack: 4 wrong codes, password again, 4 more, … (16 wrong codes used to lock nothing)
    for (let round = 0; round < 4 && !statuses.includes(429); round++) {
      const { b, page } = await password(staff);
      if (!page.body.includes('name="code"')) { statuses.push(page.status); break; }
      let current = page;
      for (let i = 0; i < 4; i++) {
        current = await code(b, current, await wrongCode(staff));
        statuses.push(current.status);
        if (!current.body.includes('name="code"')) break;
      }
    }
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses[9]).toBe(429);
    expect(statuses.length).toBe(10);
    // the account is locked: the right password and then the right code are refused
    const { page } = await password(staff);
    expect(page.status).toBe(429);
    expect(page.body).toContain("已被暂时锁定");
    expect(page.body).not.toContain('name="code"');
  });

  it("drops a pending second factor after 5 wrong codes: the right code no longer finishes it", async () => {
    const staff = credOf(stack.creds, "staff", 1);
    const { b, page } = await password(staff);
    let current = page;
    for (let i = 1; i <= 4; i++) {
      current = await code(b, current, await wrongCode(staff));
      expect(current.status).toBe(401);
      expect(current.body).toContain("动态验证码不正确");
    }
    const fifth = await code(b, current, await wrongCode(staff));
    expect(fifth.status).toBe(401);
    expect(fifth.body).toContain("动态验证码错误次数过多，请重新输入密码登录");
    expect(fifth.body).toContain('name="password"');
    // the TOTP form of that pending sign-in, replayed with the right code, gets the password page
    const replay = await code(b, current, await currentTotp(staff.totpSecret!));
    expect(replay.body).toContain('name="password"');
    expect(replay.url.startsWith(stack.portals[0]!.url)).toBe(false);
    expect(b.cookies.has("kb_hub_session")).toBe(false);
    // starting over with the password works (5 wrong codes are below the account's limit of 10)
    const again = await password(staff);
    const done = await code(again.b, again.page, await currentTotp(staff.totpSecret!));
    expect(done.url).toBe(`${stack.portals[0]!.url}/`);
    expect(done.body).toContain(staff.displayName);
  });

  it("checks at most 5 of 20 concurrent wrong codes on one pending sign-in", async () => {
    const staff = credOf(stack.creds, "staff", 2);
    const { b, page } = await password(staff);
    const wrong = await wrongCode(staff);
    const results = await Promise.all(Array.from({ length: 20 }, () => code(b, page, wrong)));
    // each is refused: a wrong code, or (once the pending sign-in is dropped) back to the password
    for (const r of results) expect(r.status === 401 || r.body.includes('name="password"')).toBe(true);
    expect(results.some((r) => r.url.startsWith(stack.portals[0]!.url))).toBe(false);
    expect(await failuresOf(staff.login, "totp")).toBe(5);
    const replay = await code(b, page, await currentTotp(staff.totpSecret!));
    expect(replay.body).toContain('name="password"');
  });
});

describe("password lockout under concurrent attempts", () => {
  it("20 concurrent wrong passwords: exactly 4 refusals, then the lock; 5 checks; no lost increments", async () => {
    const citizen = credOf(stack.creds, "citizen", 7);
    const forms = await Promise.all(Array.from({ length: 20 }, () => loginForm()));
    const results = await Promise.all(forms.map((f) =>
      f.b.go(new URL(f.action, f.page.url).href, { form: { ...f.fields, login: citizen.login, password: "wrong-password" } })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(4);
    expect(statuses.filter((s) => s === 429).length).toBe(16);
    expect(await failuresOf(citizen.login, "password")).toBe(5);
    const lockout = new Lockout(store, authSettings(settings), `${stack.prefix}:auth`);
    expect(await lockout.failures("password", citizen.login)).toBe(20);
    const right = await password(citizen);
    expect(right.page.status).toBe(429);
  });
});
