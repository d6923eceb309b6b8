import type { ClientMetadata } from "oidc-provider";
import { z } from "zod";
import { defaults, devOnlyDefault, envString, isProduction } from "../lib/config";
import { parseEnvList } from "./env-list";
import { SCOPES } from "./provider";

/** What a user's client may ask for: sign-in scopes, not the partners' read scopes. */
const userScope = SCOPES.join(" ");

export const SERVICE_HALL_CLIENT_ID = "portal-service-hall";
export const EMPLOYMENT_CLIENT_ID = "portal-employment";
export const CLI_CLIENT_ID = "kuaiban-cli";
export const DASHBOARD_CLIENT_ID = "dashboard";
export const EXPLORER_CLIENT_ID = "kuaiban-explorer";

export interface PortalRegistration {
  clientId: string;
  clientName: string;
  /** Where the portal is reached; its callback, logout and back-channel paths hang off it. */
  url: string;
  clientSecret: string;
}

const local = (port: number) => `http://${defaults.host}:${port}`;

/** The department's two demo portals as they run in development. */
export function demoPortals(): PortalRegistration[] {
  return [
    {
      clientId: SERVICE_HALL_CLIENT_ID, clientName: "网上服务大厅", url: local(defaults.ports.portalServiceHall),
      clientSecret: devOnlyDefault("AUTH_SECRET_PORTAL_SERVICE_HALL", "dev-only-service-hall-secret"),
    },
    {
      clientId: EMPLOYMENT_CLIENT_ID, clientName: "就业服务门户", url: local(defaults.ports.portalEmployment),
      clientSecret: devOnlyDefault("AUTH_SECRET_PORTAL_EMPLOYMENT", "dev-only-employment-portal-secret"),
    },
  ];
}

/**
 * The provincial dashboard (调度看板): a confidential client like a portal, at `DASHBOARD_URL` (its
 * public address; in development the local port). In production the hub knows it from
 * `AUTH_PORTALS` like any portal, with the same client id, address and secret.
 */
export function demoDashboard(): PortalRegistration {
  return {
    clientId: DASHBOARD_CLIENT_ID, clientName: "人社服务快办行动调度看板", url: envString("DASHBOARD_URL", local(defaults.ports.dashboard)),
    clientSecret: devOnlyDefault("AUTH_SECRET_DASHBOARD", "dev-only-dashboard-client-secret"),
  };
}

/** Shared by every client registered from the environment (portals, partners). */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, "clientId: 3–64 letters, digits, . _ -");
// a machine secret: long and random, not a password someone types
export const clientSecretSchema = z.string().min(32, "clientSecret: at least 32 characters");

const portalSchema = z.object({
  clientId: clientIdSchema,
  clientName: z.string().trim().min(1).max(64),
  url: z.string().url().refine((u) => !u.endsWith("/"), "url: without a trailing slash"),
  clientSecret: clientSecretSchema,
}).strict();

/**
 * The portals the hub serves: `AUTH_PORTALS` (a JSON list of {clientId, clientName, url,
 * clientSecret}) when set; otherwise the two demo portals and the dashboard in development and none in production,
 * where a demo portal's development secret and loopback URL have no place.
 */
export function portalsFromEnv(raw = process.env.AUTH_PORTALS): PortalRegistration[] {
  return parseEnvList("AUTH_PORTALS", raw, portalSchema) ?? (isProduction() ? [] : [...demoPortals(), demoDashboard()]);
}

/**
 * A portal as an OIDC client: exact redirect URIs (no wildcards, no prefixes), the back-channel
 * logout endpoint so single logout reaches it, refresh tokens for long-lived sessions.
 */
export function portalClient(p: PortalRegistration): ClientMetadata {
  return {
    client_id: p.clientId,
    client_secret: p.clientSecret,
    client_name: p.clientName,
    redirect_uris: [`${p.url}/callback`],
    post_logout_redirect_uris: [`${p.url}/`],
    backchannel_logout_uri: `${p.url}/backchannel-logout`,
    backchannel_logout_session_required: true,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    scope: userScope,
  };
}

/**
 * The public client for scripts and developers' tools (RFC 8252): no secret, PKCE, and a loopback
 * redirect whose port the hub ignores when matching, so a tool listens on any free port.
 */
export function cliClient(): ClientMetadata {
  return {
    client_id: CLI_CLIENT_ID,
    client_name: "快办命令行工具",
    application_type: "native",
    token_endpoint_auth_method: "none",
    redirect_uris: ["http://127.0.0.1/callback"],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    scope: userScope,
  };
}

/** Where the gateway's explorer receives the hub's answer, from the gateway's `/graphql` URL. */
export const explorerRedirectUri = (gatewayUrl: string) => new URL("/explorer/callback", gatewayUrl).href;

/**
 * The gateway's GraphQL explorer as a public browser client: no secret (its code runs in the page),
 * PKCE, and one exact redirect URI on the gateway's own origin, from which the hub also lets it call
 * the token endpoint (CORS for public clients follows their redirect URIs' origin).
 */
export function explorerClient(gatewayUrl: string): ClientMetadata {
  const redirect = explorerRedirectUri(gatewayUrl);
  return {
    client_id: EXPLORER_CLIENT_ID,
    client_name: "快办 GraphQL 接口调试",
    application_type: "web",
    token_endpoint_auth_method: "none",
    redirect_uris: [redirect],
    post_logout_redirect_uris: [redirect],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    scope: "openid profile kuaiban",
  };
}
