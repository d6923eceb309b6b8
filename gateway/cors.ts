import cors from "cors";
import type { RequestHandler } from "express";
import { defaults, isProduction } from "../lib/config";

/**
 * Cross-origin access to `/graphql` for the department's own browser apps (the portals, the
 * dashboard) on other origins, with the `cors` package: exact origins only, credentials allowed,
 * preflights answered 204 and cached by the browser. A request from any other origin gets no CORS
 * header at all, so its preflight falls through to the front door, which refuses an OPTIONS.
 */

/** Every request header the gateway reads, and those Apollo's CSRF check accepts as proof of a preflight. */
export const CORS_ALLOWED_HEADERS = [
  "authorization", // hub access tokens
  "content-type", // application/json (not a "simple" request: always preflighted)
  "accept", // application/graphql-response+json
  "x-api-key", // partner keys
  "x-purpose", // why staff and partners read a person
  "x-case-id", // the case a read belongs to
  "apollo-require-preflight", // Apollo Server's CSRF prevention for GET
  "x-apollo-operation-name",
] as const;

/** Response headers a browser app may read beyond the safelisted ones. */
export const CORS_EXPOSED_HEADERS = ["retry-after"] as const;

/** A browser may reuse a preflight this long (Chromium caps it at 2 hours). */
export const CORS_MAX_AGE_SEC = 600;

const local = (port: number) => `http://${defaults.host}:${port}`;

/**
 * The origins allowed by default: in development the two demo portals and the dashboard (ports
 * shifted by `KUAIBAN_PORT_OFFSET`); in production none, as no demo app runs there.
 */
export function defaultCorsOrigins(): string[] {
  return isProduction() ? [] : [local(defaults.ports.portalServiceHall), local(defaults.ports.portalEmployment), local(defaults.ports.dashboard)];
}

/**
 * `GATEWAY_CORS_ORIGINS`: comma-separated exact origins (`https://ggfw.rst.example.gov.cn`), or
 * `none`; it replaces the default. Anything that is not a bare origin (a path, a trailing slash,
 * a wildcard) stops start-up, because a near-miss would silently lock an app out or let others in.
 */
export function corsOriginsFromEnv(raw: string | undefined = process.env.GATEWAY_CORS_ORIGINS): string[] {
  if (raw === undefined || raw.trim() === "") return defaultCorsOrigins();
  if (raw.trim() === "none") return [];
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => {
    const url = URL.parse(e);
    return !url || (url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== e;
  });
  if (bad.length) throw new Error(`GATEWAY_CORS_ORIGINS: not an origin (scheme://host[:port], nothing after it): ${bad.join(", ")}`);
  return entries;
}

/** The CORS step for `/graphql`; put it before the front door so a preflight never reaches it. */
export function corsStep(origins: readonly string[] = corsOriginsFromEnv()): RequestHandler {
  const allowed = new Set(origins);
  const withCors = cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ["GET", "POST"],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: CORS_MAX_AGE_SEC,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    // the answer differs by origin even where it carries no CORS header: no cache may mix them up
    res.vary("Origin");
    withCors(req, res, next);
  };
}
