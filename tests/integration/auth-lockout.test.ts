import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuth } from "../../auth";
import { recordsOf, verifyAudit } from "../../lib/audit";
import { credOf, formOf, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;
const LOCK_SEC = 3;
beforeAll(async () => { stack = await startStack(store, { settings: { lockoutSec: LOCK_SEC, maxAddressFailures: 12 } }); });
afterAll(async () => { await stack?.close(); await store.close(); });

/** One password attempt at the hub, starting from a portal's sign-in page. */
async function attempt(portalUrl: string, login: string, password: string) {
  const b = new TestBrowser();
  const page = await b.go(`${portalUrl}/login`);
  const { action, fields } = formOf(page.body);
  return b.go(new URL(action, page.url).href, { form: { ...fields, login, password } });
}

describe("lockout after repeated failures", () => {
  it("locks the account at the 5th failure; the right password is refused during the wait and accepted after it", async () => {
    const portal = stack.portals[0]!.url;
    const cred = credOf(stack.creds, "citizen", 5);
    for (let i = 1; i <= 4; i++) {
      const r = await attempt(portal, cred.login, "wrong-password");
      expect(r.status).toBe(401);
      expect(r.body).toContain("账号或密码不正确");
    }
    const fifth = await attempt(portal, cred.login, "wrong-password");
    expect(fifth.status).toBe(429);
    expect(fifth.body).toContain("该账号连续登录失败次数过多，已被暂时锁定");
    expect(fifth.body).toMatch(/请在 \d+ 分钟后再试/);

    const sixth = await attempt(portal, cred.login, cred.password);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toContain("已被暂时锁定");

    // every hub instance on the same store enforces the same wait
    const other = await startAuth({ store, port: 0, keys: stack.keys, upstream: false, seedDemo: false, prefix: `${stack.prefix}:auth`, auditStream: `${stack.prefix}:audit`, settings: { lockoutSec: LOCK_SEC }, portals: stack.portals.map((p) => p.registration) });
    try {
      const b = new TestBrowser();
      const p = stack.portals[0]!.registration;
      const params = new URLSearchParams({ client_id: p.clientId, response_type: "code", scope: "openid", redirect_uri: `${p.url}/callback`, code_challenge: "x".repeat(43), code_challenge_method: "S256" });
      const page = await b.go(`${other.url}/auth?${params}`);
      const { action, fields } = formOf(page.body);
      const r = await b.go(new URL(action, page.url).href, { form: { ...fields, login: cred.login, password: cred.password } });
      expect(r.status).toBe(429);
    } finally {
      await other.close();
    }

    await new Promise((r) => setTimeout(r, LOCK_SEC * 1000 + 300));
    const after = await attempt(portal, cred.login, cred.password);
    expect(after.url).toBe(`${portal}/`);
    expect(after.body).toContain(cred.displayName);
  });

  it("records failures and the lockout as audit events, without the login in clear", async () => {
    const entries = await store.xrange(`${stack.prefix}:audit`);
    const records = recordsOf(entries);
    const actions = records.map((r) => r.action);
    expect(actions).toContain("login.failure");
    expect(actions).toContain("lockout");
    expect(actions).toContain("login.success");
    expect(verifyAudit(records).ok).toBe(true);
    const cred = credOf(stack.creds, "citizen", 5);
    expect(JSON.stringify(entries)).not.toContain(cred.login);
  });

  it("limits a source address that tries many accounts", async () => {
    const portal = stack.portals[0]!.url;
    let last;
    // failures so far from this address: 5 (above); the address limit in this stack is 12
    for (let i = 0; i < 7; i++) last = await attempt(portal, `nobody-${i}`, "wrong");
    expect(last!.status).toBe(429);
    expect(last!.body).toContain("您所在网络的登录失败次数过多");
    const cred = credOf(stack.creds, "citizen", 6);
    const refused = await attempt(portal, cred.login, cred.password);
    expect(refused.status).toBe(429);
  });
});
