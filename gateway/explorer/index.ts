import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { EXPLORER_CLIENT_ID, explorerRedirectUri } from "../../auth/clients";
import { defaults, envString, isProduction } from "../../lib/config";
import { ErrorCode } from "../../lib/errors";
import { log } from "../../lib/log";
import { refuse } from "../http-front";
import { ensureExplorerBundle, EXPLORER_FILES, type ExplorerBundle } from "./build";
import type { ExplorerConfig } from "./client/config";

/**
 * The GraphQL explorer (GraphiQL 5) on `GET /graphql` for a browser: every file it loads comes from
 * the gateway (`/explorer/assets/<key>/…`, built from node_modules), so it works with no internet.
 * Its "sign in" gets a hub access token as the explorer's own public client (code + PKCE).
 */

export interface ExplorerOptions {
  /** The hub's issuer URL (`AUTH_ISSUER`). */
  hubUrl: string;
  /** The gateway's `/graphql` URL as browsers reach it (`GATEWAY_URL`); the redirect URI hangs off it. */
  publicUrl: string;
  /** Where the built bundle is cached (default `.cache/explorer`, or `GATEWAY_EXPLORER_CACHE`). */
  cacheDir?: string;
}

/**
 * Whether the gateway serves the explorer: `GATEWAY_EXPLORER=on|off`; unset, on in development and
 * off in production, where the schema's shape is for the teams that build on it, not for everyone.
 */
export function explorerEnabled(raw = process.env.GATEWAY_EXPLORER): boolean {
  if (raw === undefined || raw === "") return !isProduction();
  if (raw === "on") return true;
  if (raw === "off") return false;
  throw new Error(`GATEWAY_EXPLORER must be "on" or "off", got "${raw}"`);
}

/** The explorer's settings from the environment (the same variables the hub reads). */
export function explorerFromEnv(): ExplorerOptions | false {
  if (!explorerEnabled()) return false;
  return {
    hubUrl: envString("AUTH_ISSUER", `http://${defaults.host}:${defaults.ports.auth}`).replace(/\/$/, ""),
    publicUrl: envString("GATEWAY_URL", `http://${defaults.host}:${defaults.ports.gateway}/graphql`),
  };
}

/**
 * Only the gateway's own origin, plus the hub's for discovery and the token exchange. Styles may be
 * inline (Monaco and GraphiQL's components set them at run time; no script can be); the fonts and
 * icons are data: URLs inside the CSS.
 */
export function explorerCsp(hubOrigin?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "worker-src 'self'",
    `connect-src 'self'${hubOrigin ? ` ${hubOrigin}` : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function pageHeaders(res: Response, csp: string, opener?: "same-origin-allow-popups"): void {
  if (opener) res.set("Cross-Origin-Opener-Policy", opener);
  res.set({
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": csp,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
}

/** A browser navigation (HTML preferred over JSON) without an operation in its URL. */
export function wantsExplorerPage(req: Request): boolean {
  if (req.method !== "GET" || (req.query as { query?: unknown }).query !== undefined) return false;
  return req.accepts(["application/graphql-response+json", "application/json", "text/html"]) === "text/html";
}

export interface Explorer {
  /** On `/graphql`, before the front door: the page for a browser, `next()` for everything else. */
  page: RequestHandler;
  /** `/explorer/…`: the bundle's files and the sign-in callback. */
  router: Router;
  /** Builds the bundle now if it is not cached (start-up calls it without waiting). */
  warm(): Promise<ExplorerBundle>;
}

export function createExplorer(opts: ExplorerOptions): Explorer {
  const hubOrigin = new URL(opts.hubUrl).origin;
  let bundle: Promise<ExplorerBundle> | undefined;
  const warm = () => (bundle ??= ensureExplorerBundle(opts.cacheDir).catch((err) => { bundle = undefined; throw err; }));
  const assetsBase = (b: ExplorerBundle) => `/explorer/assets/${b.key}`;
  const config = (b: ExplorerBundle): ExplorerConfig => ({
    endpoint: new URL(opts.publicUrl).pathname,
    assets: assetsBase(b),
    hub: opts.hubUrl,
    clientId: EXPLORER_CLIENT_ID,
    redirectUri: explorerRedirectUri(opts.publicUrl),
    scope: "openid profile kuaiban api",
  });

  const withBundle = (send: (b: ExplorerBundle, res: Response) => void): RequestHandler => async (_req, res) => {
    let b: ExplorerBundle;
    try {
      b = await warm();
    } catch (err) {
      log.error({ err }, "the explorer bundle could not be built");
      return refuse(res, 503, ErrorCode.INTERNAL_SERVER_ERROR, "The explorer is not available: its bundle could not be built (npm run build:explorer)");
    }
    send(b, res);
  };

  const explorerPage = withBundle((b, res) => {
    // the page keeps a handle on the sign-in window it opens; nobody else keeps one on the page
    pageHeaders(res, explorerCsp(hubOrigin), "same-origin-allow-popups");
    res.send(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>快办 GraphQL 接口调试</title>
<link rel="stylesheet" href="${assetsBase(b)}/${EXPLORER_FILES.style}">
<script type="application/json" id="explorer-config">${escapeJson(config(b))}</script>
<script type="module" src="${assetsBase(b)}/${EXPLORER_FILES.script}"></script>
</head>
<body>
<div id="explorer-root"><noscript>此调试页面需要 JavaScript。The explorer needs JavaScript; the endpoint itself answers POST /graphql.</noscript></div>
</body>
</html>
`);
  });

  const callbackPage = withBundle((b, res) => {
    pageHeaders(res, explorerCsp());
    res.send(`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>登录 · 快办 GraphQL</title>
<script type="module" src="${assetsBase(b)}/${EXPLORER_FILES.callback}"></script></head>
<body><p id="note">正在返回调试页面… Returning to the explorer…</p></body>
</html>
`);
  });

  const router = express.Router();
  router.get("/explorer/callback", callbackPage);
  router.use("/explorer/assets/:key", async (req, res) => {
    let b: ExplorerBundle;
    try {
      b = await warm();
    } catch {
      return refuse(res, 503, ErrorCode.INTERNAL_SERVER_ERROR, "The explorer is not available");
    }
    if (req.params.key !== b.key) return refuse(res, 404, ErrorCode.NOT_FOUND, "No such explorer file");
    res.set("X-Content-Type-Options", "nosniff");
    statics(b)(req, res, () => refuse(res, 404, ErrorCode.NOT_FOUND, "No such explorer file"));
  });
  const servers = new Map<string, RequestHandler>();
  // content-keyed URLs: a browser keeps them until the bundle changes
  const statics = (b: ExplorerBundle) => {
    let s = servers.get(b.dir);
    if (!s) servers.set(b.dir, (s = express.static(b.dir, { index: false, immutable: true, maxAge: "365d", dotfiles: "ignore" })));
    return s;
  };

  const page: RequestHandler = (req, res, next) => (wantsExplorerPage(req) ? explorerPage(req, res, next) : next());
  return { page, router, warm };
}
