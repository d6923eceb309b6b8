import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordsOf } from "../../lib/audit";
import { currentTotp } from "../../auth/totp";
import { credOf, formOf, hubSessionCookie, logOutAt, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;

beforeAll(async () => { stack = await startStack(store); });
afterAll(async () => { await stack?.close(); await store.close(); });

describe("single sign-on across portals", () => {
  it("signs a citizen in at one portal and into the other without a password", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen");
    const [hall, employment] = stack.portals;
    const home = await signIn(b, hall!.url, citizen);
    expect(home.url).toBe(`${hall!.url}/`);
    expect(home.body).toContain(citizen.displayName);
    b.hops.length = 0;
    const second = await b.go(`${employment!.url}/login`);
    expect(second.url).toBe(`${employment!.url}/`);
    expect(second.body).toContain(citizen.displayName);
    expect(b.hops.some((h) => h.url.includes("/interaction/"))).toBe(false);
  });

  it("signs the user in at a portal just by opening it, and shows a stranger the signed-out page", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen", 1);
    const stranger = await new TestBrowser().go(`${stack.portals[1]!.url}/`);
    expect(stranger.url).toBe(`${stack.portals[1]!.url}/`);
    expect(stranger.body).toContain("您尚未登录");
    await signIn(b, stack.portals[0]!.url, citizen);
    const opened = await b.go(`${stack.portals[1]!.url}/`);
    expect(opened.body).toContain(citizen.displayName);
  });

  it("requires the TOTP code for staff and refuses a wrong one", async () => {
    const b = new TestBrowser();
    const staff = credOf(stack.creds, "staff");
    const hall = stack.portals[0]!;
    const wrong = await signIn(b, hall.url, staff, async () => ((Number(await currentTotp(staff.totpSecret!)) + 500_000) % 1_000_000).toString().padStart(6, "0"));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain("动态验证码不正确");
    expect(b.cookies.has("kb_hub_session")).toBe(false);
    const b2 = new TestBrowser();
    const ok = await signIn(b2, hall.url, staff, () => currentTotp(staff.totpSecret!));
    expect(ok.url).toBe(`${hall.url}/`);
    expect(ok.body).toContain(staff.displayName);
  });

  it("enrols a staff account without a second factor yet (inline QR code, key in groups of four, recovery codes), then signs in", async () => {
    const { Accounts } = await import("../../auth/accounts");
    const { hashPassword } = await import("../../auth/accounts");
    const accounts = new Accounts(store, `${stack.prefix}:auth`);
    await accounts.save({ id: "acc_new_staff", login: "staff-new", kind: "staff", displayName: "新员工", passwordHash: await hashPassword("Correct-Horse-1"), agency: "card", region: "太原市", roles: ["operator"] });
    const b = new TestBrowser();
    const page = await signIn(b, stack.portals[0]!.url, { login: "staff-new", password: "Correct-Horse-1" });
    // the address is only in the QR code, drawn on the page; never as text, never as an image from elsewhere
    expect(page.body).not.toContain("otpauth");
    expect(page.body).toMatch(/<div class="qr" role="img" aria-label="[^"]+"><svg /);
    expect(page.body).not.toContain("<img");
    const grouped = /<span class="key" id="totp-key">([A-Z2-7 ]+)<\/span>/.exec(page.body)![1]!;
    expect(grouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const secret = grouped.replace(/ /g, "");
    const codes = [...page.body.matchAll(/<li><code>([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const f = formOf(page.body);
    const done = await b.go(new URL(f.action, page.url).href, { form: { ...f.fields, code: await currentTotp(secret) } });
    expect(done.body).toContain("新员工");
    const saved = (await accounts.byLogin("staff-new"))!;
    expect(saved.totpSecret).toBe(secret);
    // stored hashed only: no code appears in the stored record
    expect(saved.recoveryCodeHashes).toHaveLength(10);
    const record = (await store.get(`${stack.prefix}:auth:account:${saved.id}`))!;
    for (const c of codes) expect(record).not.toContain(c.replace(/-/g, ""));
  });

  it("refuses a sign-in form without the anti-forgery token", async () => {
    const b = new TestBrowser();
    const page = await b.go(`${stack.portals[0]!.url}/login`);
    const { action } = formOf(page.body);
    const res = await b.go(new URL(action, page.url).href, { form: { login: credOf(stack.creds, "citizen").login, password: credOf(stack.creds, "citizen").password } });
    expect(res.status).toBe(403);
    expect(res.body).toContain("CSRF_TOKEN_INVALID");
  });

  it("rotates the hub session id at sign-in", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen", 1);
    await signIn(b, stack.portals[0]!.url, citizen);
    const before = hubSessionCookie(b);
    expect(before).toBeTruthy();
    // sign in again in the same browser (forced by prompt=login): the session id must change
    const auth = b.hops.find((h) => h.url.includes("/auth?"))!.url;
    const page = await b.go(`${auth}&prompt=login`);
    const { action, fields } = formOf(page.body);
    await b.go(new URL(action, page.url).href, { form: { ...fields, login: citizen.login, password: citizen.password } });
    const after = hubSessionCookie(b);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });

  it("rotates the portal's session id at sign-in", async () => {
    const b = new TestBrowser();
    const hall = stack.portals[0]!;
    await b.go(`${hall.url}/login`);
    const before = b.cookies.get("kb.portal-service-hall");
    expect(before).toBeTruthy();
    await signIn(b, hall.url, credOf(stack.creds, "citizen", 1));
    expect(b.cookies.get("kb.portal-service-hall")).not.toBe(before);
  });

  it("logging out at one portal signs the user out of the hub and of every portal", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen", 2);
    const [hall, employment] = stack.portals;
    await signIn(b, hall!.url, citizen);
    await b.go(`${employment!.url}/login`);
    b.hops.length = 0;
    const out = await logOutAt(b, employment!.url);
    expect(out.url).toBe(`${employment!.url}/`);
    expect(out.body).toContain("您尚未登录");
    // no URL on the way carries the ID token (it holds the ID number) or the ID number
    const seen = b.hops.flatMap((h) => [h.url, h.location ?? ""]);
    expect(seen.some((u) => u.includes("/session/end"))).toBe(true);
    for (const u of seen) {
      expect(u).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
      expect(u).not.toContain("id_token_hint");
      expect(decodeURIComponent(u)).not.toContain(citizen.idNumber!);
    }
    expect((await b.go(`${hall!.url}/`)).body).toContain("您尚未登录");
    // and the hub asks for the password again
    expect((await b.go(`${hall!.url}/login`)).body).toContain('name="password"');
    const logouts = recordsOf(await store.xrange(`${stack.prefix}:audit`)).filter((r) => r.action === "logout");
    expect(logouts.some((r) => r.actor.startsWith("acc_"))).toBe(true);
  });

  it("refuses an end-session request naming another portal's logout page", async () => {
    const [hall, employment] = stack.portals;
    const params = new URLSearchParams({ client_id: hall!.registration.clientId, post_logout_redirect_uri: `${employment!.url}/` });
    const res = await fetch(`${stack.hubUrl}/session/end?${params}`, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it("signs in through the national platform and links the citizen by ID number", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen", 3);
    const page = await b.go(`${stack.portals[0]!.url}/login`);
    const national = await b.go(`${stack.hubUrl}${/href="(\/interaction\/[^"]+\/upstream)"/.exec(page.body)![1]}`);
    expect(national.url.startsWith(stack.upstreamUrl)).toBe(true);
    const f = formOf(national.body);
    const home = await b.go(new URL(f.action, national.url).href, { form: { ...f.fields, id_number: citizen.idNumber!, password: "gjzwfw-demo-2020" } });
    expect(home.url).toBe(`${stack.portals[0]!.url}/`);
    expect(home.body).toContain(citizen.displayName);
  });
});

describe("second factor", () => {
  it("does not accept the same TOTP code twice", async () => {
    const staff = credOf(stack.creds, "staff", 3);
    const code = await currentTotp(staff.totpSecret!);
    const first = await signIn(new TestBrowser(), stack.portals[0]!.url, staff, async () => code);
    expect(first.body).toContain(staff.displayName);
    const again = await signIn(new TestBrowser(), stack.portals[0]!.url, staff, async () => code);
    expect(again.status).toBe(401);
    expect(again.body).toContain("已使用过");
  });
});

describe("national platform unavailable", () => {
  it("says so on the sign-in page, and password sign-in still works", async () => {
    const { startAuth } = await import("../../auth");
    const { freePort } = await import("./auth-helpers");
    const dead = await freePort();
    const hub = await startAuth({
      store, port: 0, keys: stack.keys, seedDemo: false, prefix: `${stack.prefix}:auth`,
      upstream: { issuer: `http://127.0.0.1:${dead}`, clientId: "kuaiban-hub", clientSecret: "x" },
      portals: stack.portals.map((p) => p.registration),
    });
    try {
      const b = new TestBrowser();
      const p = stack.portals[0]!.registration;
      const params = new URLSearchParams({ client_id: p.clientId, response_type: "code", scope: "openid", redirect_uri: `${p.url}/callback`, code_challenge: "x".repeat(43), code_challenge_method: "S256" });
      const page = await b.go(`${hub.url}/auth?${params}`);
      const refused = await b.go(`${hub.url}${/href="(\/interaction\/[^"]+\/upstream)"/.exec(page.body)![1]}`);
      expect(refused.status).toBe(503);
      expect(refused.body).toContain("国家政务服务平台暂时无法访问");
      expect(refused.body).toContain('name="password"');
    } finally {
      await hub.close();
    }
  });
});
