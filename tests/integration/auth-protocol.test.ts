import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../../lib/errors";
import { createTokenVerifier, storeGrantRevocation } from "../../gateway/auth/verify-token";
import { credOf, formOf, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;
beforeAll(async () => { stack = await startStack(store); });
afterAll(async () => { await stack?.close(); await store.close(); });

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

/** Runs the native client's authorization request through sign-in; returns the code from the loopback redirect. */
async function cliCode(b: TestBrowser, redirectUri: string, challenge: string) {
  const cred = credOf(stack.creds, "citizen", 4);
  const params = new URLSearchParams({
    client_id: "kuaiban-cli", response_type: "code", scope: "openid offline_access api", redirect_uri: redirectUri,
    code_challenge: challenge, code_challenge_method: "S256", state: "s1",
  });
  const base = redirectUri.replace(/\/callback$/, "");
  let next = `${stack.hubUrl}/auth?${params}`;
  let form: Record<string, string> | undefined;
  for (let i = 0; i < 10 && !next.startsWith(base); i++) {
    const res = await b.request(next, form ? { form } : {});
    form = undefined;
    if (res.status === 200) {
      const body = await res.text();
      const f = formOf(body);
      form = { ...f.fields, login: cred.login, password: cred.password };
      next = new URL(f.action, next).href;
      continue;
    }
    next = new URL(res.headers.get("location")!, next).href;
  }
  return new URL(next).searchParams.get("code")!;
}

const token = (body: Record<string, string>) => fetch(`${stack.hubUrl}/token`, {
  method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString(),
}).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));

describe("the hub as an OpenID provider", () => {
  it("publishes discovery and JWKS", async () => {
    const meta = (await (await fetch(`${stack.hubUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(stack.hubUrl);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.end_session_endpoint).toBe(`${stack.hubUrl}/session/end`);
    const jwks = (await (await fetch(String(meta.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]!.d).toBeUndefined(); // public parts only
  });

  it("refuses a redirect URI that is not registered, without redirecting", async () => {
    const { challenge } = pkce();
    for (const redirect of ["https://evil.example/callback", `${stack.portals[0]!.url}/callback/../evil`, `${stack.portals[0]!.url}/callback?x=1`, `${stack.portals[1]!.url}/callback`]) {
      const params = new URLSearchParams({ client_id: "portal-service-hall", response_type: "code", scope: "openid", redirect_uri: redirect, code_challenge: challenge, code_challenge_method: "S256" });
      const res = await fetch(`${stack.hubUrl}/auth?${params}`, { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("invalid_redirect_uri");
    }
  });

  it("requires PKCE", async () => {
    const params = new URLSearchParams({ client_id: "portal-service-hall", response_type: "code", scope: "openid", redirect_uri: `${stack.portals[0]!.url}/callback` });
    const res = await fetch(`${stack.hubUrl}/auth?${params}`, { redirect: "manual" });
    expect(new URL(res.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });

  it("accepts the native client's loopback redirect on any port (RFC 8252), and nothing else", async () => {
    const b = new TestBrowser();
    const { challenge } = pkce();
    expect(await cliCode(b, "http://127.0.0.1:53127/callback", challenge)).toBeTruthy();
    expect(await cliCode(b, "http://127.0.0.1:40001/callback", challenge)).toBeTruthy();
    const params = new URLSearchParams({ client_id: "kuaiban-cli", response_type: "code", scope: "openid", redirect_uri: "http://example.com:40001/callback", code_challenge: challenge, code_challenge_method: "S256" });
    expect((await fetch(`${stack.hubUrl}/auth?${params}`, { redirect: "manual" })).status).toBe(400);
  });

  it("makes the user sign in for the native client even when a hub session exists", async () => {
    const b = new TestBrowser();
    const cred = credOf(stack.creds, "citizen", 4);
    const { signIn } = await import("./auth-helpers");
    await signIn(b, stack.portals[0]!.url, cred);
    const { challenge } = pkce();
    const params = new URLSearchParams({ client_id: "kuaiban-cli", response_type: "code", scope: "openid api", redirect_uri: "http://127.0.0.1:50508/callback", code_challenge: challenge, code_challenge_method: "S256" });
    let url = `${stack.hubUrl}/auth?${params}`;
    let res = await b.request(url);
    while (res.status === 303 && !res.headers.get("location")!.startsWith("http://127.0.0.1:50508")) {
      url = new URL(res.headers.get("location")!, url).href;
      res = await b.request(url);
    }
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="password"');
  });

  it("issues access tokens the gateway's verifier accepts, with the principal's claims", async () => {
    const b = new TestBrowser();
    const { verifier, challenge } = pkce();
    const redirect = "http://127.0.0.1:50505/callback";
    const code = await cliCode(b, redirect, challenge);
    const res = await token({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "kuaiban-cli", code_verifier: verifier });
    expect(res.status).toBe(200);
    const verify = createTokenVerifier({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway" });
    const cred = credOf(stack.creds, "citizen", 4);
    expect(await verify(res.body.access_token!)).toMatchObject({ kind: "citizen", idNumber: cred.idNumber });
    const [h, p, s] = res.body.access_token!.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), id_number: "11010519491231002X" })).toString("base64url")}.${s}`;
    await expect(verify(tampered)).rejects.toSatisfy((err) => codeOf(err) === "UNAUTHENTICATED");
    // the ID token is not an access token
    await expect(verify(res.body.id_token!)).rejects.toSatisfy((err) => codeOf(err) === "UNAUTHENTICATED");
  });

  it("refreshes tokens, rotating the refresh token", async () => {
    const b = new TestBrowser();
    const { verifier, challenge } = pkce();
    const redirect = "http://127.0.0.1:50507/callback";
    const code = await cliCode(b, redirect, challenge);
    const first = await token({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "kuaiban-cli", code_verifier: verifier });
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token!, client_id: "kuaiban-cli" });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const verify = createTokenVerifier({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway" });
    expect((await verify(refreshed.body.access_token!)).kind).toBe("citizen");
    // the old one is spent
    expect((await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token!, client_id: "kuaiban-cli" })).body.error).toBe("invalid_grant");
  });

  it("refuses a replayed authorization code and revokes the grant's tokens", async () => {
    const b = new TestBrowser();
    const { verifier, challenge } = pkce();
    const redirect = "http://127.0.0.1:50506/callback";
    const code = await cliCode(b, redirect, challenge);
    const exchange = { grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "kuaiban-cli", code_verifier: verifier };
    const first = await token(exchange);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTruthy();
    const verify = createTokenVerifier({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway", isGrantRevoked: storeGrantRevocation(store, `${stack.prefix}:auth`) });
    expect((await verify(first.body.access_token!)).kind).toBe("citizen");

    const replay = await token(exchange);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    // the refresh token from the first exchange is dead, and so is the access token for a verifier that checks revocation
    const refresh = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token!, client_id: "kuaiban-cli" });
    expect(refresh.body.error).toBe("invalid_grant");
    await expect(verify(first.body.access_token!)).rejects.toSatisfy((err) => codeOf(err) === "UNAUTHENTICATED");
  });

  it("keeps one grant's records under one hash tag", async () => {
    const keys = await store.keys(`${stack.prefix}:auth:oidc:{g:*`);
    expect(keys.length).toBeGreaterThan(0);
    const tags = new Map<string, Set<string>>();
    for (const k of keys) {
      const tag = /\{g:([^}]+)\}/.exec(k)![1]!;
      if (!tags.has(tag)) tags.set(tag, new Set());
      tags.get(tag)!.add(k.split("}:")[1]!.split(":")[0]!);
    }
    // some grant has its Grant record, its member set and its refresh token together
    expect([...tags.values()].some((models) => models.has("Grant") && models.has("members") && models.has("RefreshToken"))).toBe(true);
  });
});
