import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import { credOf, logOutAt, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";

const store = new RedisStore(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
let stack: Stack;
beforeAll(async () => { stack = await startStack(store); });
afterAll(async () => { await stack?.close(); await store.close(); });

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

describe("logout without tokens in URLs", () => {
  it("ends the session at the hub and at every portal, and no URL on the way carries the ID token or the ID number", async () => {
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen", 8);
    const [hall, employment] = stack.portals;
    await signIn(b, hall!.url, citizen);
    await b.go(`${employment!.url}/login`);
    b.hops.length = 0;
    const out = await logOutAt(b, hall!.url);
    expect(out.url).toBe(`${hall!.url}/`);
    expect(out.body).toContain("您尚未登录");
    const seen = b.hops.flatMap((h) => [h.url, h.location ?? ""]);
    expect(seen.some((u) => u.includes("/session/end"))).toBe(true);
    for (const u of seen) {
      expect(u).not.toMatch(JWT);
      expect(u).not.toContain("id_token_hint");
      expect(decodeURIComponent(u)).not.toContain(citizen.idNumber!);
    }
    // single logout still reached the other portal, and the hub asks for the password again
    expect((await b.go(`${employment!.url}/`)).body).toContain("您尚未登录");
    expect((await b.go(`${hall!.url}/login`)).body).toContain('name="password"');
  });

  it("refuses an end-session request naming another portal's logout page", async () => {
    const [hall, employment] = stack.portals;
    const params = new URLSearchParams({ client_id: hall!.registration.clientId, post_logout_redirect_uri: `${employment!.url}/` });
    const res = await fetch(`${stack.hubUrl}/session/end?${params}`, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });
});
