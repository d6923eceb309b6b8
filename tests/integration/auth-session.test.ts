import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credOf, logOutAt, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const IDLE = 3;
const ABSOLUTE = 6;
let stack: Stack;
beforeAll(async () => { stack = await startStack(store, { settings: { idleTimeoutSec: IDLE, absoluteTimeoutSec: ABSOLUTE } }); });
afterAll(async () => { await stack?.close(); await store.close(); });

const needsPassword = async (b: TestBrowser, portalUrl: string) => (await b.go(`${portalUrl}/login`)).body.includes('name="password"');

describe("hub session policy (shortened clock)", () => {
  it("ends a session left idle longer than the idle timeout", async () => {
    const b = new TestBrowser();
    await signIn(b, stack.portals[0]!.url, credOf(stack.creds, "citizen", 7));
    await sleep(1000);
    expect(await needsPassword(b, stack.portals[1]!.url)).toBe(false);
    await sleep((IDLE + 1.2) * 1000);
    expect(await needsPassword(b, stack.portals[0]!.url)).toBe(true);
  });

  it("ends an active session at the absolute limit", async () => {
    const b = new TestBrowser();
    const portal = stack.portals[0]!.url;
    await signIn(b, portal, credOf(stack.creds, "citizen", 8));
    // active every 2 s, well inside the idle limit
    for (let t = 0; t < 2; t++) {
      await sleep(2000);
      expect(await needsPassword(b, portal)).toBe(false);
    }
    await sleep((ABSOLUTE - 4 + 1.5) * 1000);
    expect(await needsPassword(b, portal)).toBe(true);
  });

  it("sets the hub session cookie HttpOnly and SameSite=Lax", async () => {
    const b = new TestBrowser();
    const res = await signIn(b, stack.portals[0]!.url, credOf(stack.creds, "citizen", 9));
    expect(res.status).toBe(200);
    // re-run the last hop that set the session cookie and read its attributes
    const params = new URLSearchParams({ client_id: "portal-service-hall", response_type: "code", scope: "openid", redirect_uri: `${stack.portals[0]!.url}/callback`, code_challenge: "x".repeat(43), code_challenge_method: "S256" });
    const r = await fetch(`${stack.hubUrl}/auth?${params}`, { redirect: "manual", headers: { cookie: b.cookieHeader() } });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("kb_hub_session="))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(cookie).not.toMatch(/secure/i); // plain HTTP in tests; behind TLS with TRUST_PROXY=1 it is Secure
  });

  it("marks cookies Secure behind a TLS-terminating proxy", async () => {
    const { startAuth } = await import("../../auth");
    const hub = await startAuth({ store, port: 0, keys: stack.keys, upstream: false, seedDemo: false, prefix: `${stack.prefix}:auth`, settings: { trustProxy: true }, portals: stack.portals.map((p) => p.registration) });
    try {
      const b = new TestBrowser();
      const p = stack.portals[0]!.registration;
      const params = new URLSearchParams({ client_id: p.clientId, response_type: "code", scope: "openid", redirect_uri: `${p.url}/callback`, code_challenge: "x".repeat(43), code_challenge_method: "S256" });
      const r = await fetch(`${hub.url}/auth?${params}`, { redirect: "manual", headers: { "x-forwarded-proto": "https", cookie: b.cookieHeader() } });
      const cookie = r.headers.getSetCookie().find((c) => c.startsWith("kb_hub_interaction="))!;
      expect(cookie).toMatch(/secure/i);
      expect(cookie).toMatch(/httponly/i);
    } finally {
      await hub.close();
    }
  });

  it("a portal that is down does not block single logout", async () => {
    const b = new TestBrowser();
    const [hall, employment] = stack.portals;
    await signIn(b, hall!.url, credOf(stack.creds, "citizen", 10));
    await b.go(`${employment!.url}/login`);
    await hall!.close();
    const started = Date.now();
    const out = await logOutAt(b, employment!.url);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(out.body).toContain("您尚未登录");
    expect(await needsPassword(b, employment!.url)).toBe(true);
  });
});
