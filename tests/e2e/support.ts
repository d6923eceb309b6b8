import { chromium, type Browser, type Page } from "playwright-core";
import { MemoryStore, type Store } from "../../lib/store";
import type { PartnerClient } from "../../auth";
import { hubBearerAuthenticate } from "../../gateway/auth/authenticate";
import { startGateway } from "../../gateway";
import { startAllAgencies } from "../support/agency-stack";
import { startStack, type Stack } from "../integration/auth-helpers";

/** Debian's Chromium: `npx playwright install` cannot download a browser on these machines. */
export const launchChromium = (): Promise<Browser> => chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

export interface BrowserStack {
  stack: Stack;
  /** The real gateway's GraphQL endpoint, trusting the hub. */
  gatewayUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Hub and portals on `store` (Redis), the real gateway over the five agency systems trusting the
 * hub, and Chromium. `partners` are registered the way production registers them, through
 * `AUTH_PARTNER_CLIENTS`.
 */
export async function startBrowserStack(store: Store, opts: { partners?: PartnerClient[] } = {}): Promise<BrowserStack> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => { for (const c of closers.reverse()) await c().catch(() => undefined); };
  try {
    const gateway = { url: "" };
    if (opts.partners) process.env.AUTH_PARTNER_CLIENTS = JSON.stringify(opts.partners);
    let stack: Stack;
    try {
      // the portals need the gateway's URL, the gateway needs the hub's: the portals read it lazily
      stack = await startStack(store, { lazyGatewayUrl: () => gateway.url });
    } finally {
      delete process.env.AUTH_PARTNER_CLIENTS;
    }
    closers.push(() => stack.close());
    // the agencies' and gateway's own state (rate limits, audit, cache) stays in this process
    const localStore = new MemoryStore();
    const agencies = await startAllAgencies(localStore);
    closers.push(() => agencies.close());
    const authenticate = hubBearerAuthenticate({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway" });
    const gw = await startGateway({ port: 0, subgraphs: agencies.endpoints, authenticate, store: localStore });
    closers.push(() => gw.close());
    gateway.url = `${gw.url}/graphql`;
    const browser = await launchChromium();
    closers.push(() => browser.close());
    return { stack, gatewayUrl: gateway.url, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Opens the portal's sign-in (the hub's page) and submits the password; the caller waits for what follows. */
export async function enterPassword(page: Page, portalUrl: string, cred: { login: string; password: string }): Promise<void> {
  await page.goto(`${portalUrl}/login`);
  await page.waitForSelector("#password");
  await page.fill("#login", cred.login);
  await page.fill("#password", cred.password);
  await page.click("button[type=submit]");
}
