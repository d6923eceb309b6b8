import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../lib/store";
import { currentTotp } from "../../auth/totp";
import { credOf, type Stack } from "../integration/auth-helpers";
import { enterPassword, startBrowserStack, type BrowserStack } from "./support";
import { sharedTestStore } from "../support/store";

const store: Store = sharedTestStore();
let running: BrowserStack | undefined;
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  running = await startBrowserStack(store);
  ({ stack, browser } = running);
});

afterAll(async () => {
  await running?.close();
  await store.close();
});

describe("single sign-on in a real browser", () => {
  it("signs in at one portal, is signed in at the other without a password, and logs out of both", async () => {
    const [hall, employment] = stack.portals;
    const citizen = credOf(stack.creds, "citizen");
    const ctx = await browser.newContext();
    const page = await ctx.newPage();

    await page.goto(`${hall!.url}/`);
    await page.click("#login");
    await page.waitForSelector("#password");
    await page.fill("#login", citizen.login);
    await page.fill("#password", citizen.password);
    await page.click("button[type=submit]");
    await page.waitForURL(`${hall!.url}/`);
    expect(await page.textContent("#user-name")).toBe(citizen.displayName);
    // the user's own data, fetched from the gateway with the user's access token
    const myData = (await page.textContent("#my-data")) ?? "";
    expect(myData).toContain(citizen.displayName);
    // what the five systems know of her, through the gateway with her own token
    expect(myData).toMatch(/养老保险（正常）/);
    expect(myData).toMatch(/社会保障卡\s*正常使用/);

    // opening the other portal is enough: it signs in silently at the hub, no password asked
    await page.goto(`${employment!.url}/`);
    await page.waitForURL(`${employment!.url}/`);
    await page.waitForSelector("#user-name");
    expect(await page.locator("#password").count()).toBe(0);
    expect(await page.textContent("#user-name")).toBe(citizen.displayName);

    await page.click("#logout");
    await page.waitForSelector("button[name=logout]");
    await page.click("button[name=logout]");
    await page.waitForURL(`${employment!.url}/`);
    expect(await page.textContent("#status")).toContain("您尚未登录");

    await page.goto(`${hall!.url}/`);
    expect(await page.textContent("#status")).toContain("您尚未登录");
    await ctx.close();
  });

  it("logs out without the ID token or the ID number in any URL the browser visits", async () => {
    const hall = stack.portals[0]!;
    const citizen = credOf(stack.creds, "citizen", 1);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await enterPassword(page, hall.url, citizen);
    await page.waitForURL(`${hall.url}/`);
    const visited: string[] = [];
    page.on("request", (r) => visited.push(r.url()));
    page.on("framenavigated", (f) => visited.push(f.url()));
    await page.click("#logout");
    await page.waitForSelector("button[name=logout]");
    await page.click("button[name=logout]");
    await page.waitForURL(`${hall.url}/`);
    expect(await page.textContent("#status")).toContain("您尚未登录");
    expect(visited.some((u) => u.includes("/session/end"))).toBe(true);
    for (const u of visited) {
      expect(u).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
      expect(u).not.toContain("id_token_hint");
      expect(decodeURIComponent(u)).not.toContain(citizen.idNumber!);
    }
    await ctx.close();
  });

  it("asks staff for the TOTP code and refuses a wrong one", async () => {
    const hall = stack.portals[0]!;
    const staff = credOf(stack.creds, "staff", 2);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await enterPassword(page, hall.url, staff);
    await page.waitForSelector("#code");
    const right = await currentTotp(staff.totpSecret!);
    await page.fill("#code", ((Number(right) + 500_000) % 1_000_000).toString().padStart(6, "0"));
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=alert]");
    expect(await page.textContent("[role=alert]")).toContain("动态验证码不正确");
    expect(page.url()).not.toContain(hall.url);

    await page.fill("#code", await currentTotp(staff.totpSecret!));
    await page.click("button[type=submit]");
    await page.waitForURL(`${hall.url}/`);
    expect(await page.textContent("#user-name")).toBe(staff.displayName);
    await ctx.close();
  });
});
