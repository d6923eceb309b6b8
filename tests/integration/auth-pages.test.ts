import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credOf, formOf, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;
beforeAll(async () => { stack = await startStack(store); });
afterAll(async () => { await stack?.close(); await store.close(); });

const hrefs = (body: string) => [...body.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

describe("the hub's pages end with a way forward", () => {
  it("offers 忘记密码 on the login page: a page saying what each kind of account does, with the way back", async () => {
    const b = new TestBrowser();
    const login = await b.go(`${stack.portals[0]!.url}/login`);
    const forgotHref = /<a id="forgot-password" href="([^"]+)"/.exec(login.body)![1]!;
    const uid = /\/interaction\/([^/]+)\/forgot-password$/.exec(forgotHref)![1]!;
    const forgot = await b.go(new URL(forgotHref, login.url).href);
    expect(forgot.status).toBe(200);
    for (const text of ["国家政务服务平台", "12333", "身份证件", "系统管理员", "恢复码"]) expect(forgot.body).toContain(text);
    expect(hrefs(forgot.body)).toContain(`/interaction/${uid}`);
    // and the way back still leads to the same sign-in
    const back = await b.go(new URL(`/interaction/${uid}`, login.url).href);
    expect(back.body).toContain('name="password"');
  });

  it("explains an expired sign-in page in Chinese, links back to every portal, and keeps the code in small print", async () => {
    const page = await new TestBrowser().go(`${stack.hubUrl}/interaction/gone-long-ago`);
    expect(page.status).toBe(400);
    expect(page.body).toContain("登录页面已过期");
    expect(page.body).toMatch(/<p class="muted">错误代码：<code id="error-code">SESSION_EXPIRED<\/code><\/p>/);
    for (const p of stack.portals) expect(hrefs(page.body)).toContain(`${p.url}/`);
  });

  it("gives the forged-form and OIDC error pages the same ways back", async () => {
    const b = new TestBrowser();
    const login = await b.go(`${stack.portals[0]!.url}/login`);
    const { action } = formOf(login.body);
    const forged = await b.go(new URL(action, login.url).href, { form: { login: "x", password: "y" } });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain("CSRF_TOKEN_INVALID");
    expect(hrefs(forged.body)).toContain(`${stack.portals[0]!.url}/`);
    const oidc = await new TestBrowser().go(`${stack.hubUrl}/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent("http://127.0.0.1:9/cb")}`);
    expect(oidc.status).toBe(400);
    expect(oidc.body).toContain("该应用未在统一身份认证登记");
    expect(oidc.body).toContain('id="error-code">invalid_client<');
    for (const p of stack.portals) expect(hrefs(oidc.body)).toContain(`${p.url}/`);
  });

  it("gives the portal's failed sign-in a way to sign in again and home", async () => {
    const b = new TestBrowser();
    await b.go(`${stack.portals[1]!.url}/login`);
    const failed = await b.go(`${stack.portals[1]!.url}/callback?code=forged&state=forged`);
    expect(failed.status).toBe(400);
    expect(failed.body).toContain('id="error-code">SIGN_IN_FAILED<');
    expect(hrefs(failed.body)).toEqual(expect.arrayContaining(["/login", "/"]));
  });

  it("shows a staff member's role and agency by name at the portal, never their codes", async () => {
    const b = new TestBrowser();
    const { currentTotp } = await import("../../auth/totp");
    const clerk = stack.creds.find((c) => c.login === "clerk-taiyuan")!;
    const home = await signIn(b, stack.portals[0]!.url, clerk, () => currentTotp(clerk.totpSecret!));
    expect(home.body).toContain(clerk.displayName);
    expect(home.body).toContain("综合窗口受理人员");
    expect(home.body).toContain("政务服务综合受理窗口");
    const text = home.body.replace(/<[^>]+>/g, " ");
    expect(text).not.toMatch(/\b(clerk|window)\b/);
  });
});

describe("large text (适老化)", () => {
  it("is switched on by a plain form, kept in a cookie on every page of the host, and switched off again", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen");
    const login = await b.go(`${stack.portals[0]!.url}/login`);
    expect(login.body).not.toContain('class="large-text"');
    const toggle = /<form class="text-size" method="post" action="([^"]+)">\s*<input name="size" type="hidden" value="(\w+)">\s*<input name="back" type="hidden" value="([^"]+)">/.exec(login.body)!;
    expect(toggle[2]).toBe("large");
    const res = await b.request(new URL(toggle[1]!, login.url).href, { form: { size: "large", back: toggle[3]!.replace(/&amp;/g, "&") } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(new URL(login.url).pathname);
    expect(res.headers.get("set-cookie")).toMatch(/kb_text_size=large; Max-Age=31536000; Path=\/; SameSite=Lax; HttpOnly/);
    const again = await b.go(login.url);
    expect(again.body).toContain('<html lang="zh-CN" class="large-text">');
    expect(again.body).toContain("恢复标准字号");
    // the same host's portal reads the same preference, and the sign-in still works
    const home = await signIn(b, stack.portals[0]!.url, citizen);
    expect(home.body).toContain('class="large-text"');
    const off = await b.request(`${stack.portals[0]!.url}/text-size`, { form: { size: "normal", back: "/" } });
    expect(off.headers.get("location")).toBe("/");
    expect((await b.go(`${stack.portals[0]!.url}/`)).body).not.toContain('class="large-text"');
  });

  it("returns only to a path on the same site", async () => {
    for (const back of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await new TestBrowser().request(`${stack.hubUrl}/interaction/help/text-size`, { form: { size: "large", back } });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/");
    }
  });
});
