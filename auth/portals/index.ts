import express, { type NextFunction, type Request, type Response } from "express";
import session from "express-session";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { randomBytes, timingSafeEqual } from "node:crypto";
import * as client from "openid-client";
import { defaults, devOnlyDefault } from "../../lib/config";
import { listen } from "../../lib/http";
import { log } from "../../lib/log";
import type { Store } from "../../lib/store";
import { demoPortals, SERVICE_HALL_CLIENT_ID, type PortalRegistration } from "../clients";
import { authSettings } from "../settings";
import { SharedSessionStore } from "../session-store";
import { fetchDataAccess, fetchOwnData, type PortalUser } from "./gateway-client";
import { prefsFrom, textSizeAnswer } from "../views/html";
import { dataAccessPage, homePage, portalErrorPage, PORTAL_TEXT_SIZE_PATH } from "./views";
import { guidesRouter } from "./guides";
import { httpMetrics, metricsRoute } from "../../lib/metrics";
import { httpCheck, readyHandler, storeCheck } from "../../lib/readiness";

declare module "express-session" {
  interface SessionData {
    user?: PortalUser;
    /** No ID token: it is needed for nothing after sign-in (logout goes without it) and holds the ID number. */
    tokens?: { accessToken: string; refreshToken?: string; expiresAt: number };
    hubSid?: string;
    loginAt?: number;
    csrf?: string;
    pending?: { verifier: string; state: string; nonce: string; silent?: boolean };
    /** A silent sign-in (prompt=none) was tried in this browser session and the hub had none. */
    ssoChecked?: boolean;
  }
}

export interface PortalOptions {
  store: Store;
  registration: PortalRegistration;
  /** The hub's issuer URL. */
  issuer: string;
  port?: number;
  /** The gateway's GraphQL URL (or a function giving it, when it starts after the portal). */
  gatewayUrl?: string | (() => string);
  idleTimeoutSec?: number;
  absoluteTimeoutSec?: number;
  trustProxy?: boolean | string;
  otherPortals?: { name: string; url: string }[];
  prefix?: string;
  /** Serve 「我的数据被谁查看」 (`/data-access`); default: on the 网上服务大厅 only. */
  dataAccessPage?: boolean;
  /** Serve the public service guides (`/guides`); default: on the 网上服务大厅 only. */
  guides?: boolean;
  /**
   * The application's own pages on top of the sign-in (login, callback, logout, back-channel
   * logout, token refresh): mounted before the portal's home page, so they may replace it.
   */
  routes?: (app: express.Express, ctx: PortalContext) => void;
}

/** What an application mounted on a portal's sign-in gets to work with. */
export interface PortalContext {
  title: string;
  /** The gateway's GraphQL URL. */
  gateway(): string;
  /** The signed-in user's access token (refreshed when due); when none can be had, the session ends and the response is answered. */
  tokenOrSignOut(req: Request, res: Response): Promise<string | undefined>;
  /** Wraps an async handler so its failure reaches the error page. */
  wrap(fn: (req: Request, res: Response) => Promise<unknown>): (req: Request, res: Response, next: NextFunction) => void;
}

export interface RunningPortal { url: string; port: number; close(): Promise<void> }

const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/**
 * A demo department portal: a confidential OIDC client of the hub (authorization code + PKCE),
 * a server-side session, back-channel logout, and a home page showing the user's own data from
 * the gateway.
 */
export async function startPortal(o: PortalOptions): Promise<RunningPortal> {
  const reg = o.registration;
  const settings = authSettings();
  const idleSec = o.idleTimeoutSec ?? settings.idleTimeoutSec;
  const absoluteSec = o.absoluteTimeoutSec ?? settings.absoluteTimeoutSec;
  const gatewayUrl = o.gatewayUrl ?? settings.gatewayUrl;
  const prefix = `${o.prefix ?? "kb:portal"}:${reg.clientId}`;
  const bySidKey = (sid: string) => `${prefix}:by-hub-sid:${sid}`;
  const sessions = new SharedSessionStore(o.store, `${prefix}:session`, idleSec * 1000);

  let discovered: Promise<client.Configuration> | undefined;
  // Discovered on first use, so portals and hub can start in any order.
  const oidc = () => {
    discovered ??= client.discovery(new URL(o.issuer), reg.clientId, undefined, client.ClientSecretBasic(reg.clientSecret), {
      execute: o.issuer.startsWith("http:") ? [client.allowInsecureRequests] : [],
    }).catch((err: unknown) => { discovered = undefined; throw err; });
    return discovered;
  };
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", o.trustProxy ?? settings.trustProxy);
  app.use(httpMetrics(reg.clientId, ["/", "/callback", "/login", "/logout", "/guides", "/data-access", "/health", "/ready", "/metrics"]));
  app.get("/health", (_req, res) => { res.json({ ok: true }); });
  app.get("/ready", readyHandler([storeCheck(o.store), httpCheck("SSO hub", `${o.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`)]));
  app.get("/metrics", metricsRoute());
  // the public service guides need no session, so they come before one is made
  if (o.guides ?? reg.clientId === SERVICE_HALL_CLIENT_ID) app.use(guidesRouter({ gatewayUrl: () => (typeof gatewayUrl === "function" ? gatewayUrl() : gatewayUrl) }));
  app.use(session({
    name: `kb.${reg.clientId}`,
    secret: devOnlyDefault("PORTAL_SESSION_SECRET", "dev-only-portal-session-secret"),
    store: sessions,
    resave: false,
    saveUninitialized: false,
    rolling: true, // each request pushes the idle limit out
    proxy: (o.trustProxy ?? settings.trustProxy) !== false,
    cookie: { httpOnly: true, sameSite: "lax", secure: "auto", maxAge: idleSec * 1000 },
  }));
  const form = express.urlencoded({ extended: false, limit: "8kb" });
  const wrap = (fn: (req: Request, res: Response) => Promise<unknown>) =>
    (req: Request, res: Response, next: NextFunction) => { fn(req, res).catch(next); };
  const title = reg.clientName;
  const withDataAccess = o.dataAccessPage ?? reg.clientId === SERVICE_HALL_CLIENT_ID;
  const gateway = () => (typeof gatewayUrl === "function" ? gatewayUrl() : gatewayUrl);
  /** The reader's text size, and this page (when it was a GET) for the toggle to return to. */
  const prefs = (req: Request) => prefsFrom(req.headers.cookie, req.method === "GET" ? req.originalUrl : "/", PORTAL_TEXT_SIZE_PATH);
  const errorPage = (req: Request, code: string, message: string) => portalErrorPage(title, code, message, prefs(req));

  // The absolute limit: a session older than this ends however active it is.
  app.use((req, _res, next) => {
    if (req.session.loginAt && Date.now() - req.session.loginAt > absoluteSec * 1000) {
      req.session.destroy(() => next());
      return;
    }
    next();
  });

  /** A fresh access token, refreshing it when it is about to expire; undefined when that fails. */
  const accessToken = async (req: Request): Promise<string | undefined> => {
    const t = req.session.tokens;
    if (!t) return undefined;
    if (t.expiresAt - 30_000 > Date.now()) return t.accessToken;
    if (!t.refreshToken) return undefined;
    try {
      const fresh = await client.refreshTokenGrant(await oidc(), t.refreshToken);
      req.session.tokens = { ...t, accessToken: fresh.access_token, refreshToken: fresh.refresh_token ?? t.refreshToken, expiresAt: Date.now() + (fresh.expiresIn() ?? 60) * 1000 };
      return fresh.access_token;
    } catch {
      return undefined;
    }
  };

  /** The access token of a signed-in user; when it cannot be had any more, the portal session ends (answered here). */
  const tokenOrSignOut = async (req: Request, res: Response): Promise<string | undefined> => {
    const token = await accessToken(req);
    if (!token) req.session.destroy(() => res.redirect(303, "/"));
    return token;
  };

  o.routes?.(app, { title, gateway, tokenOrSignOut, wrap });

  app.get("/", wrap(async (req, res) => {
    res.set("cache-control", "no-store");
    const user = req.session.user;
    // Someone signed in at the hub through another portal is signed in here on arrival: one
    // silent round trip (prompt=none) per browser session, after which the page just shows
    // "not signed in".
    if (!user && !req.session.ssoChecked) {
      req.session.ssoChecked = true;
      try {
        res.redirect(303, await startSignIn(req, true));
      } catch {
        res.type("html").send(homePage(title, undefined, undefined, undefined, o.otherPortals ?? [], { prefs: prefs(req) }));
      }
      return;
    }
    let data;
    if (user) {
      const token = await tokenOrSignOut(req, res);
      if (!token) return;
      data = await fetchOwnData(gateway(), token, user);
    }
    res.type("html").send(homePage(title, user, data, req.session.csrf, o.otherPortals ?? [], { dataAccess: withDataAccess, prefs: prefs(req) }));
  }));

  if (withDataAccess) {
    app.get("/data-access", wrap(async (req, res) => {
      res.set("cache-control", "no-store");
      const user = req.session.user;
      if (!user) { res.redirect(303, "/login"); return; }
      const token = await tokenOrSignOut(req, res);
      if (!token) return;
      const after = typeof req.query.after === "string" && req.query.after.length <= 512 ? req.query.after : undefined;
      // only a resident has reads of her own to see
      const result = user.kind === "citizen" ? await fetchDataAccess(gateway(), token, after) : undefined;
      res.type("html").send(dataAccessPage(title, user, result, prefs(req)));
    }));
  }

  const startSignIn = async (req: Request, silent: boolean): Promise<string> => {
    const cfg = await oidc();
    const pending = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), silent };
    req.session.pending = pending;
    return client.buildAuthorizationUrl(cfg, {
      redirect_uri: `${reg.url}/callback`,
      scope: "openid profile kuaiban offline_access api",
      state: pending.state, nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: "S256",
      ...(silent ? { prompt: "none" } : {}),
    }).href;
  };

  app.get("/login", wrap(async (req, res) => {
    res.redirect(303, await startSignIn(req, false));
  }));

  app.get("/callback", wrap(async (req, res) => {
    const pending = req.session.pending;
    if (!pending) { res.redirect(303, "/"); return; }
    if (pending.silent && typeof req.query.error === "string" && req.query.state === pending.state) {
      // the hub has no session for this browser: show the page signed out
      req.session.pending = undefined;
      res.redirect(303, "/");
      return;
    }
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(await oidc(), new URL(req.originalUrl, reg.url), {
        pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      });
    } catch (err) {
      log.warn({ client: reg.clientId, err: (err as Error).message }, "portal sign-in callback refused");
      res.status(400).type("html").send(errorPage(req, "SIGN_IN_FAILED", "登录未能完成（登录链接已过期，或在其他窗口中已完成登录）。"));
      return;
    }
    const c = tokens.claims()!;
    const user: PortalUser = {
      sub: c.sub, name: String(c.name ?? ""), kind: c.kind as PortalUser["kind"],
      idNumber: c.id_number as string | undefined, creditCode: c.credit_code as string | undefined,
      roles: c.roles as string[] | undefined, agency: c.agency as string | undefined, region: c.region as string | undefined,
    };
    // a new session id at sign-in, so an id planted before it is worth nothing afterwards
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.user = user;
    req.session.hubSid = c.sid as string | undefined;
    req.session.loginAt = Date.now();
    req.session.csrf = randomBytes(24).toString("base64url");
    req.session.tokens = {
      accessToken: tokens.access_token, refreshToken: tokens.refresh_token,
      expiresAt: Date.now() + (tokens.expiresIn() ?? 60) * 1000,
    };
    if (req.session.hubSid) {
      await o.store.sadd(bySidKey(req.session.hubSid), req.session.id);
      await o.store.pexpire(bySidKey(req.session.hubSid), absoluteSec * 1000);
    }
    req.session.save(() => res.redirect(303, "/"));
  }));

  app.post("/logout", form, wrap(async (req, res) => {
    const given = Buffer.from(String(req.body?._csrf ?? ""));
    const expected = Buffer.from(req.session.csrf ?? "-");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).type("html").send(errorPage(req, "CSRF_TOKEN_INVALID", "页面已失效，本次操作未被处理。"));
      return;
    }
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    // No id_token_hint: the ID token holds the person's ID number, and a URL ends up in browser
    // history, proxy logs and Referer headers. The hub knows the session from its own cookie and
    // the portal from client_id, which is all its single logout needs (it asks the user to
    // confirm, then ends the hub session and tells every portal of it over the back channel).
    const url = client.buildEndSessionUrl(await oidc(), { client_id: reg.clientId, post_logout_redirect_uri: `${reg.url}/` });
    res.redirect(303, url.href);
  }));

  // The hub tells us a hub session ended: every portal session that came from it ends too.
  app.post("/backchannel-logout", form, wrap(async (req, res) => {
    res.set("cache-control", "no-store");
    try {
      const cfg = await oidc();
      jwks ??= createRemoteJWKSet(new URL(cfg.serverMetadata().jwks_uri!));
      const { payload } = await jwtVerify(String(req.body?.logout_token ?? ""), jwks, {
        issuer: cfg.serverMetadata().issuer, audience: reg.clientId, maxTokenAge: "5 minutes",
      });
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events?.[BACKCHANNEL_EVENT] || "nonce" in payload || typeof payload.sid !== "string") throw new Error("not a logout token");
      const ids = await o.store.smembers(bySidKey(payload.sid));
      await Promise.all(ids.map((id) => new Promise<void>((resolve) => sessions.destroy(id, () => resolve()))));
      await o.store.del(bySidKey(payload.sid));
      res.status(200).end();
    } catch (err) {
      log.warn({ client: reg.clientId, err: (err as Error).message }, "back-channel logout token refused");
      res.status(400).json({ error: "invalid_request" });
    }
  }));

  // the text-size toggle: a preference cookie, then back to the page it was pressed on
  app.post(PORTAL_TEXT_SIZE_PATH, form, (req, res) => {
    const { setCookie, location } = textSizeAnswer(req.body ?? {}, req.secure);
    res.set("set-cookie", setCookie).redirect(303, location);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error({ err, client: reg.clientId }, "portal request failed");
    res.status(503).type("html").send(errorPage(req, "AUTH_UNAVAILABLE", "统一身份认证暂时无法访问，请稍后再试。"));
  });

  const listening = await listen(app, o.port ?? 0, { name: reg.clientId });
  log.info({ url: listening.url, client: reg.clientId }, "demo portal listening");
  return { url: listening.url, port: listening.port, close: listening.close };
}

/** The two demo portals on their development ports (4401, 4402), each linking to the other. */
export async function startDemoPortals(deps: { store: Store; issuer?: string; gatewayUrl?: string }): Promise<{ close(): Promise<void>; urls: string[] }> {
  const issuer = deps.issuer ?? `http://${defaults.host}:${defaults.ports.auth}`;
  const regs = demoPortals();
  const ports = [defaults.ports.portalServiceHall, defaults.ports.portalEmployment];
  const running = await Promise.all(regs.map((registration, i) => startPortal({
    store: deps.store, registration, issuer, port: ports[i], gatewayUrl: deps.gatewayUrl,
    otherPortals: regs.filter((r) => r !== registration).map((r) => ({ name: r.clientName, url: r.url })),
  })));
  return { urls: running.map((r) => r.url), close: async () => { await Promise.all(running.map((r) => r.close())); } };
}
