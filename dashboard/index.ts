import { fromRoot } from "../lib/paths";
import type { NextFunction, Request, Response } from "express";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPortal, type PortalContext, type RunningPortal } from "../auth/portals";
import type { PortalUser } from "../auth/portals/gateway-client";
import { demoDashboard, type PortalRegistration } from "../auth/clients";
import { defaults } from "../lib/config";
import type { Store } from "../lib/store";
import { isContactPoint } from "../schema/catalogue";
import { contactPointsCsv } from "./csv";
import { fetchOffice, fetchOverview, fetchTable } from "./figures";
import { periodFrom, presets } from "./period";
import { errorPage, officePage, overviewPage, signInPage, staffOnlyPage } from "./views";

export interface DashboardOptions {
  store: Store;
  /** The hub's issuer URL. */
  issuer: string;
  /** The gateway's GraphQL URL (or a function giving it, when the gateway starts later). */
  gatewayUrl?: string | (() => string);
  /** Default: the development registration on 4420 (`AUTH_SECRET_DASHBOARD`). */
  registration?: PortalRegistration;
  port?: number;
  /** Key prefix of its sessions in the store (tests use their own). */
  prefix?: string;
}

const here = fromRoot("dashboard");
const echartsFile = createRequire(import.meta.url).resolve("echarts/dist/echarts.min.js");
const scriptFile = join(here, "assets", "dashboard.js");

/** Province-wide staff see every contact point; everyone else on the staff is held to their own city by the gateway. */
const PROVINCE = "省本级";

// Only the dashboard's own origin: its scripts, its styles, its data. A page that tried to load
// anything from elsewhere (a CDN, a font service) would be refused by the browser.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * 调度看板, the provincial dashboard: a confidential client of the hub signed in like the portals
 * (the portal's sign-in, sessions and single logout, reused), for staff only. Every figure comes
 * from the gateway, asked server-side with the signed-in user's own token; the page never sees a
 * token. ECharts is served from this app, so the dashboard works with no internet access.
 */
export async function startDashboard(o: DashboardOptions): Promise<RunningPortal> {
  const registration = o.registration ?? demoDashboard();
  return startPortal({
    store: o.store, registration, issuer: o.issuer, gatewayUrl: o.gatewayUrl,
    port: o.port ?? defaults.ports.dashboard, prefix: o.prefix ?? "kb:dashboard", dataAccessPage: false,
    routes: (app, ctx) => dashboardRoutes(app, ctx),
  });
}

function dashboardRoutes(app: import("express").Express, ctx: PortalContext): void {
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.set({ "content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
    next();
  });
  app.get("/assets/echarts.min.js", (_req, res) => { res.set("cache-control", "public, max-age=86400"); res.type("js").sendFile(echartsFile); });
  app.get("/favicon.ico", (_req, res) => { res.status(204).end(); });
  app.get("/assets/dashboard.js", (_req, res) => { res.set("cache-control", "no-cache"); res.type("js").sendFile(scriptFile); });

  /** The signed-in staff member and her token; otherwise the page that says why not, already sent. */
  const staff = async (req: Request, res: Response): Promise<{ user: PortalUser; token: string } | undefined> => {
    res.set("cache-control", "no-store");
    const user = req.session.user;
    if (!user) { res.type("html").send(signInPage()); return undefined; }
    if (user.kind !== "staff") { res.status(403).type("html").send(staffOnlyPage(user, req.session.csrf)); return undefined; }
    const token = await ctx.tokenOrSignOut(req, res);
    return token ? { user, token } : undefined;
  };
  const badPeriod = (req: Request, res: Response, user: PortalUser, refusal: { code: string; message: string }) =>
    res.status(400).type("html").send(errorPage(refusal.code, refusal.message, user, req.session.csrf));

  app.get("/", ctx.wrap(async (req, res) => {
    const who = await staff(req, res);
    if (!who) return;
    const asked = periodFrom(req.query);
    if (!asked.ok) { badPeriod(req, res, who.user, asked); return; }
    const province = who.user.region === PROVINCE;
    const overview = await fetchOverview(ctx.gateway(), who.token, asked.period, province ? null : who.user.region ?? null);
    res.type("html").send(overviewPage({
      user: who.user, csrf: req.session.csrf, period: asked.period, presets: presets(), overview,
      scope: province ? "全省 23 个联系点" : `${who.user.region}（本市联系点）`,
    }));
  }));

  app.get("/office", ctx.wrap(async (req, res) => {
    const who = await staff(req, res);
    if (!who) return;
    const office = typeof req.query.office === "string" ? req.query.office : "";
    if (!isContactPoint(office)) {
      res.status(400).type("html").send(errorPage("UNKNOWN_OFFICE", "没有这个联系点，请从看板的联系点表格中选择。", who.user, req.session.csrf));
      return;
    }
    const asked = periodFrom(req.query);
    if (!asked.ok) { badPeriod(req, res, who.user, asked); return; }
    const view = await fetchOffice(ctx.gateway(), who.token, asked.period, office);
    res.type("html").send(officePage({ user: who.user, csrf: req.session.csrf, period: asked.period, presets: presets(), office, view }));
  }));

  app.get("/export.csv", ctx.wrap(async (req, res) => {
    const who = await staff(req, res);
    if (!who) return;
    const asked = periodFrom(req.query);
    if (!asked.ok) { badPeriod(req, res, who.user, asked); return; }
    const table = await fetchTable(ctx.gateway(), who.token, asked.period);
    if (!table.ok) { res.status(table.code === "FORBIDDEN" ? 403 : 503).type("html").send(errorPage(table.code, table.message, who.user, req.session.csrf)); return; }
    const name = `联系点推进情况_${asked.period.from}_${asked.period.to}.csv`;
    res.set("content-disposition", `attachment; filename="contact-points_${asked.period.from}_${asked.period.to}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.type("text/csv; charset=utf-8").send(contactPointsCsv(table.value));
  }));
}
