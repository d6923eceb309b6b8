import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { hubBearerAuthenticate } from "../../gateway/auth/authenticate";
import { MemoryStore, type Store } from "../../lib/store";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCatalogue } from "../../subgraphs/catalogue";
import { credOf, freePort, startStack, type Stack } from "../integration/auth-helpers";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { launchChromium } from "./support";
import { sharedTestStore } from "../support/store";

const store: Store = sharedTestStore();
let stack: Stack;
let agencies: AllAgencies;
let gateway: RunningGateway;
let gatewayUrl: string;
let browser: Browser;

beforeAll(async () => {
  // the hub registers the explorer with an exact redirect URI on the gateway's origin, so the
  // gateway's port is chosen first
  gatewayUrl = `http://127.0.0.1:${await freePort()}/graphql`;
  stack = await startStack(store, { settings: { gatewayUrl }, lazyGatewayUrl: () => gatewayUrl });
  const local = new MemoryStore();
  agencies = await startAllAgencies(local);
  gateway = await startGateway({
    port: Number(new URL(gatewayUrl).port), subgraphs: agencies.endpoints, store: local,
    authenticate: hubBearerAuthenticate({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway" }),
    explorer: { hubUrl: stack.hubUrl, publicUrl: gatewayUrl },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await agencies?.close();
  await stack?.close();
  await store.close();
});

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A context in which every request to a host off this machine fails the test (and is never sent). */
async function offlineContext(): Promise<{ ctx: BrowserContext; outside: string[] }> {
  const ctx = await browser.newContext();
  const outside: string[] = [];
  await ctx.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (/^(https?|wss?):$/.test(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) {
      outside.push(url.href);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  return { ctx, outside };
}

/** Content-Security-Policy refusals and uncaught errors on a page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => { if (msg.type() === "error" && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text()); });
  page.on("pageerror", (err) => problems.push(err.message));
  return problems;
}

/** Replaces the operation in GraphiQL's (Monaco) query editor and runs it. */
async function runQuery(page: Page, query: string): Promise<void> {
  await page.click(".graphiql-query-editor .monaco-editor .view-lines");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  // inserted as one text (a paste), so Monaco does not add closing brackets as it would when typing
  await page.keyboard.insertText(query);
  await page.click(".graphiql-execute-button");
}

/** Clicks the explorer's "sign in" and fills the hub's form in the window it opens, up to its closing. */
async function signInThroughPopup(page: Page, cred: { login: string; password: string }): Promise<void> {
  const opened = page.waitForEvent("popup");
  await page.click("#explorer-sign-in");
  const popup = await opened;
  await popup.waitForSelector("#password");
  expect(new URL(popup.url()).origin).toBe(stack.hubUrl);
  await popup.fill("#login", cred.login);
  await popup.fill("#password", cred.password);
  const closed = popup.waitForEvent("close");
  await popup.click("button[type=submit]");
  await closed;
}

const responseText = (page: Page) => page.locator(".graphiql-response .view-lines");

describe("the GraphQL explorer in a browser with no internet", () => {
  it("shows GraphiQL from the gateway, signs a citizen in through the hub and runs her person query, signs out, signs an operator in", async () => {
    const citizen = credOf(stack.creds, "citizen");
    const { ctx, outside } = await offlineContext();
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    const sent: { url: string; authorization?: string }[] = [];
    // every request of the page and of the sign-in windows it opens
    ctx.on("request", (req) => sent.push({ url: req.url(), authorization: req.headers().authorization }));

    const response = await page.goto(gatewayUrl);
    expect(response!.status()).toBe(200);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self';/);
    await page.waitForSelector(".graphiql-container .graphiql-query-editor .monaco-editor");
    expect(await page.textContent("#explorer-user")).toMatch(/未登录/);

    // anonymous: a person is not public
    await runQuery(page, `{ person(idNumber: "${citizen.idNumber}") { name } }`);
    await expect.poll(() => responseText(page).textContent()).toMatch(/UNAUTHENTICATED/);

    // sign in: the hub's own form in a window the explorer opens, as the explorer's public client
    await signInThroughPopup(page, citizen);
    await expect.poll(() => page.textContent("#explorer-user")).toContain(citizen.displayName);

    await runQuery(page, `{ person(idNumber: "${citizen.idNumber}") { name } }`);
    await expect.poll(() => responseText(page).textContent()).toContain(citizen.displayName);

    // the token went as a Bearer header to the gateway, and nowhere into a URL or the page's storage
    const withToken = sent.filter((r) => r.authorization?.startsWith("Bearer "));
    expect(withToken.length).toBeGreaterThan(0);
    expect(withToken.every((r) => r.url === gatewayUrl)).toBe(true);
    const token = withToken[0]!.authorization!.slice("Bearer ".length);
    expect(sent.some((r) => r.url.includes(token))).toBe(false);
    const storage = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
    expect(storage).not.toContain(token);
    // every request stayed on this machine, and the page ran within its Content-Security-Policy
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);

    // sign out: the token is forgotten at once and the hub session ends (the hub asks to confirm)
    const logoutOpened = page.waitForEvent("popup");
    await page.click("#explorer-sign-out");
    const logout = await logoutOpened;
    await logout.waitForSelector("button[name=logout]");
    const logoutClosed = logout.waitForEvent("close");
    await logout.click("button[name=logout]");
    await logoutClosed;
    expect(await page.textContent("#explorer-user")).toMatch(/未登录/);
    await runQuery(page, `{ person(idNumber: "${citizen.idNumber}") { name } }`);
    await expect.poll(() => responseText(page).textContent()).toMatch(/UNAUTHENTICATED/);

    // the next sign-in asks again (prompt=login), so a developer changes accounts: here an employer's operator
    const operator = credOf(stack.creds, "employer");
    await signInThroughPopup(page, operator);
    await expect.poll(() => page.textContent("#explorer-user")).toContain(operator.displayName);
    await runQuery(page, `{ employer(creditCode: "${operator.creditCode}") { name } }`);
    await expect.poll(() => responseText(page).textContent()).toContain(operator.displayName.replace(/ 经办人$/, ""));
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it("serves its files from the gateway with a strict policy, and the plain GraphQL answers elsewhere", async () => {
    const page = await (await fetch(gatewayUrl, { headers: { accept: "text/html" } })).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(2);
    for (const path of assets) {
      const res = await fetch(new URL(path, gatewayUrl));
      expect([path, res.status, res.headers.get("cache-control")]).toEqual([path, 200, "public, max-age=31536000, immutable"]);
    }
    expect((await fetch(new URL("/explorer/assets/0000000000000000/explorer.js", gatewayUrl))).status).toBe(404);
    const csp = (await fetch(gatewayUrl, { headers: { accept: "text/html" } })).headers.get("content-security-policy")!;
    expect(csp).toContain(`connect-src 'self' ${stack.hubUrl};`);
    expect(csp).toContain("default-src 'none'");
    // an API client asking for JSON gets GraphQL, not the page
    const json = await fetch(gatewayUrl, { headers: { accept: "application/json" } });
    expect(json.headers.get("content-type")).toMatch(/application\/json/);
    const post = await fetch(gatewayUrl, { method: "POST", headers: { "content-type": "application/json", accept: "text/html,application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(await post.json()).toEqual({ data: { __typename: "Query" } });
  });
});

describe("the explorer's registration at the hub", () => {
  it("is a public client with PKCE whose redirect URI matches exactly", async () => {
    const redirect = new URL("/explorer/callback", gatewayUrl).href;
    const authorize = (redirectUri: string, pkce = true) => fetch(`${stack.hubUrl}/auth?${new URLSearchParams({
      client_id: "kuaiban-explorer", redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "s",
      ...(pkce ? { code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" } : {}),
    })}`, { redirect: "manual" });
    // the registered address: on to the hub's sign-in
    const ok = await authorize(redirect);
    expect([ok.status, ok.headers.get("location")]).toEqual([303, expect.stringMatching(/^\/interaction\//)]);
    for (const near of [`${redirect}/x`, `${redirect}?a=1`, redirect.replace("127.0.0.1", "localhost"), new URL("/callback", gatewayUrl).href]) {
      const refused = await authorize(near);
      expect([near, refused.status, await refused.text()]).toEqual([near, 400, expect.stringContaining("invalid_redirect_uri")]);
    }
    // without PKCE the hub sends the error back to the (registered) explorer, not to a sign-in
    const noPkce = await authorize(redirect, false);
    expect(noPkce.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/explorer\/callback\?error=invalid_request/);
  });
});

describe("in production", () => {
  let catalogue: RunningSubgraph;
  const saved = { NODE_ENV: process.env.NODE_ENV, KUAIBAN_INTERNAL_SECRET: process.env.KUAIBAN_INTERNAL_SECRET, AUDIT_KEY: process.env.AUDIT_KEY, GATEWAY_EXPLORER: process.env.GATEWAY_EXPLORER };
  beforeAll(async () => {
    // production refuses to start without its secrets; these exist for this test only
    process.env.KUAIBAN_INTERNAL_SECRET ??= randomBytes(32).toString("hex");
    process.env.AUDIT_KEY ??= randomBytes(32).toString("hex");
    catalogue = await startCatalogue({ port: 0 });
    process.env.NODE_ENV = "production";
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await catalogue?.close();
  });

  async function explorerAnswer(setting: string | undefined) {
    if (setting === undefined) delete process.env.GATEWAY_EXPLORER; else process.env.GATEWAY_EXPLORER = setting;
    const gw = await startGateway({ port: 0, store: new MemoryStore(), subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
    try {
      const res = await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } });
      const callback = await fetch(`${gw.url}/explorer/callback`, { headers: { accept: "text/html" } });
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text(), callback: callback.status };
    } finally {
      await gw.close();
    }
  }

  it("serves no explorer unless GATEWAY_EXPLORER=on", async () => {
    const off = await explorerAnswer(undefined);
    expect(off.type).toMatch(/application\/json/);
    expect(off.body).not.toMatch(/<html|graphiql|explorer/i);
    expect(off.callback).toBe(404);
    expect((await explorerAnswer("off")).type).toMatch(/application\/json/);
    const on = await explorerAnswer("on");
    expect([on.status, on.type]).toEqual([200, "text/html; charset=utf-8"]);
    expect(on.body).toContain('id="explorer-config"');
    expect(on.callback).toBe(200);
  });
});
