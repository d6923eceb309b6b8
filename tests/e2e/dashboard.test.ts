import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentTotp } from "../../auth/totp";
import type { DemoCredential } from "../../auth";
import { startDashboardStack, type DashboardStack } from "../../dashboard/testing/stack";
import type { Store } from "../../lib/store";
import { contactPoints } from "../../schema/catalogue";
import type { ReplaySummary } from "../../scripts/simulation/replay";
import { enterPassword, launchChromium } from "./support";
import { sharedTestStore } from "../support/store";

/**
 * The dashboard in real Chromium over simulated work: the hub (sessions on Redis) with the
 * dashboard registered as its client, the five agency systems, the one-thing engine and the real
 * gateway; a few months replayed through them on a fast clock; then staff sign in and look.
 */
const redis: Store = sharedTestStore();
// the last four months: the replay's clock starts then and joins real time at the end, so the
// cases still open are open now (and at risk or overdue as they would be)
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const TO = chinaDate(Date.now());
const FROM = chinaDate(Date.now() - 120 * 86_400_000);
const ARTIFACTS = join(process.cwd(), "test-artifacts");

let stack: DashboardStack | undefined;
let browser: Browser | undefined;
let dashboardUrl: string;
let summary: ReplaySummary;
let creds: DemoCredential[];

beforeAll(async () => {
  // four months replayed in about four seconds (longer when the machine is slower than the plan)
  stack = await startDashboardStack(redis, { from: FROM, to: TO, applications: 80, seconds: 4, drainMs: 3_000 });
  ({ dashboardUrl, summary, creds } = stack);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await redis.close();
});

/** A browser context where every request must go to 127.0.0.1: anything else is refused and recorded. */
async function localOnly(): Promise<{ ctx: BrowserContext; page: Page; external: string[] }> {
  const ctx = await browser!.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", acceptDownloads: true });
  const external: string[] = [];
  await ctx.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    external.push(url.href);
    return route.abort();
  });
  return { ctx, page: await ctx.newPage(), external };
}

async function signInStaff(page: Page, login: string) {
  const cred = creds.find((c) => c.login === login)!;
  await enterPassword(page, dashboardUrl, cred);
  await page.waitForSelector("#code");
  await page.fill("#code", await currentTotp(cred.totpSecret!));
  await page.click("button[type=submit]");
  await page.waitForURL(`${dashboardUrl}/`);
}

const tableOffices = (page: Page) => page.$$eval("#contact-points tbody tr", (rows) => rows.map((r) => r.getAttribute("data-office")));

describe("the provincial dashboard (调度看板) in a real browser", () => {
  it("replayed the months it shows through the system", () => {
    expect(summary.submitted, JSON.stringify(summary)).toBeGreaterThan(60);
    expect(summary.completed, JSON.stringify(summary)).toBeGreaterThan(0);
  });

  it("shows the supervisor all 23 contact points and four charts, with no request leaving the machine", async () => {
    const { ctx, page, external } = await localOnly();
    await signInStaff(page, "supervisor");
    await page.goto(`${dashboardUrl}/?from=${FROM}&to=${TO}`);
    expect(await tableOffices(page)).toEqual(contactPoints.map((c) => c.name));
    // the table's figures are the simulated applications, every one counted for one office
    const applications = await page.$$eval("#contact-points tbody tr td:nth-child(3)", (cells) => cells.map((c) => Number(c.textContent)));
    expect(applications.reduce((a, b) => a + b, 0)).toBe(summary.submitted);
    // cases were followed to 办结: completed bundles and on-time rates are there to show
    const completed = await page.$$eval("#contact-points tbody tr td:nth-child(4)", (cells) => cells.map((c) => Number(c.textContent)));
    expect(completed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const onTime = await page.$$eval("#contact-points tbody tr td:nth-child(7)", (cells) => cells.map((c) => c.textContent ?? ""));
    expect(onTime.some((t) => /%$/.test(t)), onTime.join(" ")).toBe(true);
    expect(await page.textContent("#contact-points caption")).toContain(`${FROM} 至 ${TO}`);
    // headers are headers, the period fields are labelled
    expect(await page.$$eval("#contact-points thead th[scope=col]", (th) => th.length)).toBe(12);
    expect(await page.getAttribute("label[for=from]", "for")).toBe("from");

    await page.waitForSelector("body[data-charts=drawn]", { timeout: 15_000 });
    for (const id of ["chart-speedup", "chart-ontime", "chart-trend", "chart-satisfaction"]) {
      expect(await page.getAttribute(`#${id}`, "data-drawn"), id).toBe("true");
      expect(await page.locator(`#${id} canvas`).count(), id).toBeGreaterThan(0);
      expect(await page.getAttribute(`#${id}`, "aria-label"), id).toBeTruthy();
    }
    // ECharts came from the dashboard itself
    expect(await page.$$eval("script[src]", (s) => s.map((x) => (x as HTMLScriptElement).src))).toEqual([`${dashboardUrl}/assets/echarts.min.js`, `${dashboardUrl}/assets/dashboard.js`]);
    // the token stays on the server: not in the page, not in a URL
    const html = await page.content();
    expect(html).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);

    mkdirSync(ARTIFACTS, { recursive: true });
    // what a 1366×768 laptop shows first, and the whole page
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-supervisor.png") });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-supervisor-full.png"), fullPage: true });

    // drill-down to an office: its figures, its items and its overdue / at-risk cases
    const busiest = contactPoints[applications.indexOf(Math.max(...applications))]!.name;
    await page.click(`#contact-points tr[data-office="${busiest}"] a`);
    await page.waitForSelector("#office-name");
    expect(await page.textContent("#office-name")).toBe(busiest);
    expect(await page.$$eval("#office-figures tbody tr", (rows) => rows.map((r) => r.getAttribute("data-office")))).toEqual([busiest]);
    // its overdue and at-risk cases, as the gateway lists them for the office (or none)
    expect(await page.locator("#at-risk, #at-risk-empty").count()).toBe(1);
    // its 差评 and their follow-up, as the supervisor may see them
    expect(await page.locator("#follow-ups, #follow-ups-empty").count()).toBe(1);
    await page.waitForSelector("body[data-charts=drawn]", { timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-office.png"), fullPage: true });

    // CSV of the table: UTF-8 with a BOM, the 23 rows
    const res = await page.request.get(`${dashboardUrl}/export.csv?from=${FROM}&to=${TO}`);
    expect(res.headers()["content-type"]).toContain("text/csv");
    const body = await res.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString("utf8").slice(1).trim().split("\r\n");
    expect(lines[0]).toMatch(/^联系点,层级,申请件数/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(contactPoints.map((c) => c.name));

    expect(external).toEqual([]);
    await ctx.close();
  });

  it("shows city staff only their city's contact points", async () => {
    const { ctx, page, external } = await localOnly();
    await signInStaff(page, "clerk-taiyuan");
    await page.goto(`${dashboardUrl}/?from=${FROM}&to=${TO}`);
    const taiyuan = contactPoints.filter((c) => c.name === "太原市" || c.parent === "太原市").map((c) => c.name);
    expect(await tableOffices(page)).toEqual(taiyuan);
    expect(await page.textContent("#scope")).toContain("太原市");
    await page.waitForSelector("body[data-charts=drawn]", { timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-city.png"), fullPage: true });
    // another city's office is not hers: the gateway refuses it and the page says so
    await page.goto(`${dashboardUrl}/office?office=${encodeURIComponent("大同市")}&from=${FROM}&to=${TO}`);
    expect(await page.locator("#office-figures").count()).toBe(0);
    expect(await page.textContent("#office-unavailable")).toContain("FORBIDDEN");
    expect(await page.locator("#at-risk, #follow-ups, #chart-speedup").count()).toBe(0);
    expect(external).toEqual([]);
    await ctx.close();
  });

  it("tells a resident the dashboard is for staff, and refuses a malformed period", async () => {
    const { ctx, page } = await localOnly();
    const citizen = creds.find((c) => c.kind === "citizen")!;
    await enterPassword(page, dashboardUrl, citizen);
    await page.waitForURL(`${dashboardUrl}/`);
    expect(await page.textContent("#staff-only")).toContain("仅供人社系统工作人员");
    expect(await page.locator("#contact-points").count()).toBe(0);
    await ctx.close();

    const staff = await localOnly();
    await signInStaff(staff.page, "admin");
    const bad = await staff.page.goto(`${dashboardUrl}/?from=2020-13-01&to=${TO}`);
    expect(bad!.status()).toBe(400);
    expect(await staff.page.textContent(".center .muted code")).toBe("INVALID_PERIOD");
    await staff.ctx.close();
  });
});
