import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPortals } from "../../auth/clients";
import { startPortal, type RunningPortal } from "../../auth/portals";
import { startGateway, type RunningGateway } from "../../gateway";
import type { RunningSubgraph } from "../../lib/subgraph";
import { scenarioGuide } from "../../schema/catalogue/guides";
import { startCatalogue } from "../../subgraphs/catalogue";
import { launchChromium } from "./support";
import { sharedTestStore } from "../support/store";

/**
 * A bundle's guide in real Chromium, on screen and as printed: the print stylesheet applies (no
 * navigation, black on white), the page prints to A4, and nothing is fetched from off the machine.
 */
const prefix = `kb:test:guides-print:${randomUUID()}`;
const store = sharedTestStore();
let catalogue: RunningSubgraph;
let gateway: RunningGateway;
let portal: RunningPortal;
let browser: Browser;

beforeAll(async () => {
  catalogue = await startCatalogue({ port: 0, store, calendarPrefix: prefix });
  gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
  portal = await startPortal({ store, registration: demoPortals()[0]!, issuer: "http://127.0.0.1:1", port: 0, gatewayUrl: `${gateway.url}/graphql`, prefix });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await gateway?.close();
  await catalogue?.close();
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

describe("a printable guide in Chromium", () => {
  it("shows the 申领工亡人员有关待遇 guide on screen and prints it without navigation, to A4, loading nothing from outside", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    const res = await page.goto(`${portal.url}/guides/scenario/8`);
    expect(res?.status()).toBe(200);
    const g = scenarioGuide(8)!;
    await expect(page.locator("h1").textContent()).resolves.toBe(`“${g.name}”一件事`);
    expect(await page.locator("#item-list tbody tr").count()).toBe(g.items.length);
    expect(await page.locator("#material-list tbody tr").count()).toBe(g.materials.length);
    const styles = () => page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector("nav.crumbs")!).display,
      header: getComputedStyle(document.querySelector("body > header")!).backgroundColor,
      main: getComputedStyle(document.querySelector("main")!).boxShadow,
    }));
    const screen = await styles();
    expect(screen.nav).not.toBe("none");
    expect(screen.header).toBe("rgb(183, 28, 28)");
    await page.emulateMedia({ media: "print" });
    const printed = await styles();
    expect(printed).toEqual({ nav: "none", header: "rgba(0, 0, 0, 0)", main: "none" });
    const dir = join(tmpdir(), "kuaiban-test-artifacts");
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, "guide-scenario-8-print.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(requested.every((u) => u.startsWith(portal.url))).toBe(true);
    await page.close();
  });
});
