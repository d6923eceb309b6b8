import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore, RedisStore, type Store } from "../../lib/store";
import { hubBearerAuthenticate } from "../../gateway/auth/authenticate";
import { startGateway } from "../../gateway";
import { startAllAgencies } from "../support/agency-stack";
import { credOf, startStack, type Stack } from "../integration/auth-helpers";

const store: Store = new RedisStore(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
let stack: Stack;
let browser: Browser;
let gatewayUrl = "";
const closers: (() => Promise<unknown>)[] = [];
const partner = { clientId: "partner-e2e-yibao", clientSecret: `e2e-${"s".repeat(40)}`, department: "省医疗保障局", scopes: ["person:read", "insurance:read"] };

beforeAll(async () => {
  // the hub registers partners from the environment, as in production
  process.env.AUTH_PARTNER_CLIENTS = JSON.stringify([partner]);
  const gateway = { url: "" };
  try {
    stack = await startStack(store, { lazyGatewayUrl: () => gateway.url });
  } finally {
    delete process.env.AUTH_PARTNER_CLIENTS;
  }
  const authenticate = hubBearerAuthenticate({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway" });
  const localStore = new MemoryStore();
  const agencies = await startAllAgencies(localStore);
  closers.push(() => agencies.close());
  const gw = await startGateway({ port: 0, subgraphs: agencies.endpoints, authenticate, store: localStore });
  closers.push(() => gw.close());
  gateway.url = gatewayUrl = `${gw.url}/graphql`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
  for (const c of closers.reverse()) await c().catch(() => undefined);
  await stack?.close();
  await store.close();
});

async function partnerToken(): Promise<string> {
  const res = await fetch(`${stack.hubUrl}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${partner.clientId}:${partner.clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "person:read insurance:read" }).toString(),
  });
  const body = (await res.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`no partner token: ${body.error}`);
  return body.access_token;
}

describe("我的数据被谁查看 in a real browser", () => {
  it("shows the resident a partner department's read of her data, with its purpose", async () => {
    const citizen = credOf(stack.creds, "citizen", 9);
    const read = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await partnerToken()}`, "x-purpose": encodeURIComponent("医保待遇核验"), "x-case-id": "YB-2026-0042" },
      body: JSON.stringify({ query: `{ person(idNumber: ${JSON.stringify(citizen.idNumber)}) { name socialInsurance { enrolments { insurance status } } } }` }),
    });
    const answer = (await read.json()) as { data?: { person?: unknown }; errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.map((e) => e.extensions?.code) ?? [], JSON.stringify(answer.errors)).toEqual([]);
    expect(answer.data?.person).toBeTruthy();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const hall = stack.portals[0]!;
    await page.goto(`${hall.url}/`);
    await page.click("#login");
    await page.waitForSelector("#password");
    await page.fill("#login", citizen.login);
    await page.fill("#password", citizen.password);
    await page.click("button[type=submit]");
    await page.waitForURL(`${hall.url}/`);
    await page.click("#data-access-link");
    await page.waitForURL(`${hall.url}/data-access`);
    await page.waitForSelector("#data-access, #data-access-empty, #data-access-unavailable");
    expect(await page.locator("#data-access").count(), (await page.textContent("main")) ?? "").toBe(1);
    const partnerRow = page.locator("tr.data-access-record", { hasText: "医保待遇核验" }).first();
    expect(await partnerRow.count()).toBe(1);
    expect(await partnerRow.locator(".actor").textContent()).toContain("合作部门");
    expect(await partnerRow.locator(".actor").textContent()).toContain("省医疗保障局");
    expect(await partnerRow.locator(".case-id").textContent()).toBe("YB-2026-0042");
    expect(await partnerRow.locator(".systems").textContent()).toContain("社会保险经办");
    expect(await partnerRow.locator(".at").textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // newest first: the partner's read came before her own look at the home page
    const purposes = await page.locator("tr.data-access-record .purpose").allTextContents();
    expect(purposes).toContain("医保待遇核验");
    await ctx.close();
  });
});
