import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../lib/store";
import type { PartnerClient } from "../../auth";
import { credOf, type Stack } from "../integration/auth-helpers";
import { enterPassword, startBrowserStack, type BrowserStack } from "./support";
import { sharedTestStore } from "../support/store";

const store: Store = sharedTestStore();
let running: BrowserStack | undefined;
let stack: Stack;
let browser: Browser;
let gatewayUrl = "";
const partner: PartnerClient = { clientId: "partner-e2e-yibao", clientSecret: `e2e-${"s".repeat(40)}`, department: "省医疗保障局", scopes: ["person:read", "insurance:read"] };

beforeAll(async () => {
  running = await startBrowserStack(store, { partners: [partner] });
  ({ stack, browser, gatewayUrl } = running);
});

afterAll(async () => {
  await running?.close();
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
    await enterPassword(page, hall.url, citizen);
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
    // newest first: her own look at the home page, after sign-in, comes before the partner's earlier read
    const actors = await page.locator("tr.data-access-record .actor").allTextContents();
    const purposes = await page.locator("tr.data-access-record .purpose").allTextContents();
    expect(actors[0]!.trim()).toBe("本人");
    expect(purposes.indexOf("医保待遇核验")).toBeGreaterThan(0);
    await ctx.close();
  });
});
