import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Accounts, hashPassword } from "../../auth/accounts";
import { currentTotp } from "../../auth/totp";
import { ALL_LABELLED_CODES } from "../../lib/labels";
import type { Store } from "../../lib/store";
import { credOf, type Stack } from "../integration/auth-helpers";
import { enterPassword, startBrowserStack, type BrowserStack } from "./support";
import { sharedTestStore } from "../support/store";

/**
 * Every page of the hub and of the two demo portals, in real Chromium at a desktop (1366 px) and
 * a phone (375 px) width: axe-core finds no serious or critical violation, every button, link and
 * field is at least 44 × 44 px on the phone, form controls' borders reach 3:1, the footer names
 * the 主办单位 and 12333, and no role or agency code shows as text.
 */
const store: Store = sharedTestStore();
let running: BrowserStack | undefined;
let stack: Stack;
let browser: Browser;
const ARTIFACTS = join(process.cwd(), "test-artifacts", "pages");
const WIDTHS = [1366, 375] as const;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  running = await startBrowserStack(store);
  ({ stack, browser } = running);
});
afterAll(async () => {
  await running?.close();
  await store.close();
});

interface Finding { page: string; width: number; what: string }
const findings: Finding[] = [];
const checked: string[] = [];

/** What the page shows that must not be: axe's serious and critical violations, small targets, faint borders, raw codes. */
async function audit(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
    checked.push(`${name}@${width}`);
    // only violations are reported in detail (passes and incomplete results cost time and are not read)
    const axe = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
    for (const v of axe.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
      findings.push({ page: name, width, what: `axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}` });
    }
    const problems = await page.evaluate(({ codes, phone }) => {
      const out: string[] = [];
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
      };
      const targets = Array.from(document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")).filter(visible);
      if (phone) {
        for (const el of targets) {
          const r = el.getBoundingClientRect();
          if (r.height < 43.5 || r.width < 43.5) out.push(`target ${el.outerHTML.slice(0, 80)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
        }
      }
      // WCAG 1.4.11: a field's border against what is behind it
      const lum = (c: string) => {
        const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const behind = (el: Element): string => {
        for (let e: Element | null = el.parentElement; e; e = e.parentElement) {
          const bg = getComputedStyle(e).backgroundColor;
          if (bg && !/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) return bg;
        }
        return "rgb(255, 255, 255)";
      };
      for (const el of Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea")).filter(visible)) {
        const [a, b] = [lum(getComputedStyle(el).borderTopColor), lum(behind(el))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 3) out.push(`border of #${el.id} is ${ratio.toFixed(2)}:1`);
      }
      const text = document.body.innerText;
      for (const code of codes) if (new RegExp(`(^|[^A-Za-z-])${code}([^A-Za-z-]|$)`).test(text)) out.push(`shows the code "${code}"`);
      if (text.includes("otpauth")) out.push("shows an otpauth address");
      const footer = document.querySelector("footer")?.textContent ?? "";
      if (!footer.includes("主办单位") || !footer.includes("12333")) out.push("footer lacks 主办单位 or 12333");
      return out;
    }, { codes: ALL_LABELLED_CODES, phone: width === 375 });
    for (const what of problems) findings.push({ page: name, width, what });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

async function fresh(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  return { ctx, page: await ctx.newPage() };
}

describe("the hub's and the portals' pages", () => {
  it("pass axe (no serious or critical violation), have 44 px targets and 3:1 borders at 375 px, a footer, and show no codes", async () => {
    const [hall, employment] = stack.portals;

    // signed out: both portals, the hub's login and 忘记密码, a citizen signed in, her data-access page, logout
    {
      const { ctx, page } = await fresh();
      for (const p of [hall!, employment!]) {
        await page.goto(`${p.url}/`);
        await page.waitForSelector("#status");
        await audit(page, `portal-${p.registration.clientId}-signed-out`);
      }
      await page.goto(`${hall!.url}/login`);
      await page.waitForSelector("#password");
      await audit(page, "hub-login");
      await page.click("#forgot-password");
      await page.waitForSelector("text=忘记密码怎么办");
      await audit(page, "hub-forgot-password");
      await page.click("text=返回登录");
      await page.waitForSelector("#password");

      const citizen = credOf(stack.creds, "citizen");
      await enterPassword(page, hall!.url, citizen);
      await page.waitForURL(`${hall!.url}/`);
      await page.waitForSelector("#my-data");
      await audit(page, "portal-hall-citizen");
      await page.goto(`${hall!.url}/data-access`);
      await page.waitForSelector("#data-access, #data-access-empty");
      await audit(page, "portal-hall-data-access");
      await page.goto(`${hall!.url}/`);
      await page.click("#logout");
      await page.waitForSelector("button[name=logout]");
      await audit(page, "hub-logout-confirm");
      await page.click("button[name=logout]");
      await page.waitForURL(`${hall!.url}/`);
      await ctx.close();
    }

    // staff: the code page, the recovery-code choice, signed in at the other portal
    {
      const { ctx, page } = await fresh();
      const staff = credOf(stack.creds, "staff");
      await enterPassword(page, employment!.url, staff);
      await page.waitForSelector("#code");
      await audit(page, "hub-totp");
      await page.fill("#code", ((Number(await currentTotp(staff.totpSecret!)) + 500_000) % 1_000_000).toString().padStart(6, "0"));
      await page.click("form:has(#code) button[type=submit]");
      await page.waitForSelector("[role=alert]");
      await audit(page, "hub-totp-wrong-code");
      await page.fill("#code", await currentTotp(staff.totpSecret!));
      await page.click("form:has(#code) button[type=submit]");
      await page.waitForURL(`${employment!.url}/`);
      await page.waitForSelector("#user-name");
      await audit(page, "portal-employment-staff");
      // the hub's own logged-out page (no portal to return to)
      await page.goto(`${stack.hubUrl}/session/end`);
      await page.click("button[name=logout]");
      await page.waitForSelector("text=您已安全退出");
      await audit(page, "hub-logged-out");
      await ctx.close();
    }

    // enrolment: a staff account without an authenticator yet; then sign-in offering a recovery code
    {
      const accounts = new Accounts(store, `${stack.prefix}:auth`);
      await accounts.save({ id: "acc_a11y_staff", login: "staff-a11y", kind: "staff", displayName: "新入职审计人员", passwordHash: await hashPassword("Correct-Horse-1"), agency: "audit-office", region: "省本级", roles: ["auditor"] });
      const { ctx, page } = await fresh();
      await enterPassword(page, hall!.url, { login: "staff-a11y", password: "Correct-Horse-1" });
      await page.waitForSelector("#totp-key");
      await audit(page, "hub-totp-enrolment");
      const secret = (await page.textContent("#totp-key"))!.replace(/\s/g, "");
      await page.fill("#code", await currentTotp(secret));
      await page.click("form:has(#code) button[type=submit]");
      await page.waitForURL(`${hall!.url}/`);
      await ctx.close();
      const again = await fresh();
      await enterPassword(again.page, hall!.url, { login: "staff-a11y", password: "Correct-Horse-1" });
      await again.page.waitForSelector("#code");
      await again.page.click("#use-recovery summary");
      await again.page.waitForSelector("#recovery");
      await audit(again.page, "hub-totp-recovery");
      await again.ctx.close();
    }

    // error pages: the hub's (expired sign-in page, OIDC error) and the portal's (failed callback)
    {
      const { ctx, page } = await fresh();
      await page.goto(`${stack.hubUrl}/interaction/no-such-interaction`);
      expect(await page.textContent("#error-code")).toBe("SESSION_EXPIRED");
      await audit(page, "hub-error-session-expired");
      await page.goto(`${stack.hubUrl}/auth?client_id=unknown-client&response_type=code&scope=openid&redirect_uri=${encodeURIComponent("http://127.0.0.1:9/cb")}`);
      await page.waitForSelector("#error-code");
      await audit(page, "hub-error-oidc");
      await page.goto(`${hall!.url}/login`);
      await page.waitForSelector("#password");
      await page.goto(`${hall!.url}/callback?code=forged&state=forged`);
      expect(await page.textContent("#error-code")).toBe("SIGN_IN_FAILED");
      await audit(page, "portal-error-sign-in-failed");
      await ctx.close();
    }

    // large text (适老化): the login page with the toggle on, still passing at both widths
    {
      const { ctx, page } = await fresh();
      await page.goto(`${hall!.url}/login`);
      await page.waitForSelector("#password");
      await page.click("#text-size");
      await page.waitForSelector("html.large-text #password");
      await audit(page, "hub-login-large-text");
      await ctx.close();
    }

    expect(checked.length).toBe(17 * WIDTHS.length);
    expect(findings).toEqual([]);
  }, 180_000); // 17 pages at two widths, axe on each: about 25 s alone, several times that beside other test files
});
