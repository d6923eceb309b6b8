import express from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import { defaults, devOnlyDefault, envString, isProduction } from "../lib/config";
import { listen } from "../lib/http";
import { log } from "../lib/log";
import { ErrorCode, codeOf } from "../lib/errors";
import { STORE_RETRY_AFTER_SECONDS } from "../lib/store/outage";
import { errorPage } from "./views/pages";
import { httpMetrics, metricsRoute } from "../lib/metrics";
import { readyHandler, storeCheck } from "../lib/readiness";
import type { Store } from "../lib/store";
import { Accounts } from "./accounts";
import { createAuditor } from "./audit";
import { cliClient, explorerClient, portalClient, portalsFromEnv, type PortalRegistration } from "./clients";
import { dataKeysFromEnv } from "./data-key";
import { demoPartnerClients, seedDemoAccounts } from "./demo-accounts";
import { interactionRouter } from "./interactions";
import { loadHubKeys, type HubKeys } from "./keys";
import { Lockout } from "./lockout";
import { partnerClient, partnersFromEnv, type PartnerClient } from "./partners";
import { createProvider } from "./provider";
import { assertHubSecrets } from "./secrets";
import { authSettings, type AuthSettings } from "./settings";
import { createUpstream, type UpstreamOptions } from "./upstream";

import { startUpstreamIdp } from "./upstream-idp";
import { startDemoPortals } from "./portals";

export { startUpstreamIdp } from "./upstream-idp";
export { startPortal, startDemoPortals } from "./portals";
export { demoCredentials, demoPartnerClients, seedDemoAccounts, type DemoCredential } from "./demo-accounts";
export { parsePartnerClients, PARTNER_DEMO_CLIENT_ID, type PartnerClient } from "./partners";
export { assertHubSecrets, HUB_SECRETS } from "./secrets";
export { Accounts } from "./accounts";

export interface AuthDeps {
  store: Store;
  /** 0 picks a free port; default 4400 (`AUTH_PORT`). */
  port?: number;
  /** Public base URL of the hub; defaults to where it listens. Behind a proxy, the https URL. */
  issuer?: string;
  settings?: Partial<AuthSettings>;
  /** The portals registered as clients; default: `AUTH_PORTALS`, else the two demo portals on 4401/4402 in development (none in production). */
  portals?: PortalRegistration[];
  /** Register the command-line client (`npm run token`); default: not in production. */
  cliClient?: boolean;
  /**
   * Register the gateway's explorer (redirect on `settings.gatewayUrl`'s origin); default: not in
   * production unless `GATEWAY_EXPLORER=on`, as the gateway serves it.
   */
  explorerClient?: boolean;
  /** The national platform; `false` turns federated sign-in off. Default: the stand-in on 4410. */
  upstream?: Omit<UpstreamOptions, "redirectUri"> | false;
  keys?: HubKeys;
  /** Seed demo accounts (development only; refuses in production). Default: not in production. */
  seedDemo?: boolean;
  /** Key prefix in the store; tests use their own. */
  prefix?: string;
  /** The stream sign-in events go to (default `kb:audit:auth`). */
  auditStream?: string;
  /**
   * Partner departments for the client_credentials grant. Default: `AUTH_PARTNER_CLIENTS`, plus
   * the demo partner (`partner-demo`) when demo data is seeded (development only).
   */
  partners?: PartnerClient[];
  /** Register the demo partner; default: as `seedDemo`. Refuses in production. */
  seedDemoPartner?: boolean;
}

export interface RunningAuth {
  url: string;
  port: number;
  accounts: Accounts;
  close(): Promise<void>;
}

/** The default upstream as configured by the environment (the stand-in in development). */
export function upstreamFromEnv(): Omit<UpstreamOptions, "redirectUri"> {
  return {
    issuer: envString("AUTH_UPSTREAM_ISSUER", `http://${defaults.host}:${defaults.ports.upstreamIdp}`),
    clientId: envString("AUTH_UPSTREAM_CLIENT_ID", "kuaiban-hub"),
    clientSecret: devOnlyDefault("AUTH_UPSTREAM_CLIENT_SECRET", "dev-only-upstream-client-secret"),
  };
}

/**
 * Starts the SSO hub: the OpenID provider, its sign-in pages and the federated sign-in through the
 * national platform. All state is in `store`, so any number of instances can share it.
 */
export async function startAuth(deps: AuthDeps): Promise<RunningAuth> {
  const settings = authSettings(deps.settings);
  const prefix = deps.prefix ?? "kb:auth";
  const seedDemo = deps.seedDemo ?? !isProduction();
  // Everything secret is read before a port is opened: in production a hub without its keys must
  // never answer, not even with an error.
  assertHubSecrets({
    keysGiven: Boolean(deps.keys),
    also: deps.upstream === undefined ? ["AUTH_UPSTREAM_CLIENT_SECRET"] : [],
  });
  const keys = deps.keys ?? loadHubKeys(settings.dataDir);
  const data = dataKeysFromEnv();
  const upstreamOpts = deps.upstream === undefined ? upstreamFromEnv() : deps.upstream;
  const partnerList = deps.partners ?? [...partnersFromEnv(), ...((deps.seedDemoPartner ?? seedDemo) ? demoPartnerClients() : [])];
  const partners = new Map(partnerList.map(({ clientSecret: _secret, ...info }) => [info.clientId, info]));
  const portals = deps.portals ?? portalsFromEnv();
  if (isProduction() && !portals.length) log.warn("no portals registered (AUTH_PORTALS is empty): only partner clients can get tokens");
  const clients = [...portals.map(portalClient), ...((deps.cliClient ?? !isProduction()) ? [cliClient()] : []),
    ...((deps.explorerClient ?? (!isProduction() || process.env.GATEWAY_EXPLORER === "on")) ? [explorerClient(settings.gatewayUrl)] : []), ...partnerList.map(partnerClient)];
  const ids = clients.map((c) => c.client_id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`client id ${dup} is registered twice (a partner may not take a portal's id)`);

  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  // The port is opened first because the issuer defaults to the address it gets; until the hub is
  // set up, a request is told to come back instead of reaching a handler that does not exist yet.
  const notYet = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
    res.end(JSON.stringify({ error: "temporarily_unavailable", code: "STARTING", error_description: "the SSO hub is starting" }));
  };
  const listening = await listen((req, res) => (app ?? notYet)(req, res), deps.port ?? Number(envString("AUTH_PORT", String(defaults.ports.auth))), { name: "auth" });
  try {
    const issuer = (deps.issuer ?? envString("AUTH_ISSUER", listening.url)).replace(/\/$/, "");
    const accounts = new Accounts(deps.store, prefix, data);
    const audit = createAuditor(deps.store, deps.auditStream);
    const lockout = new Lockout(deps.store, settings, prefix);
    if (seedDemo) await seedDemoAccounts(accounts, { dataDir: settings.dataDir });

    const upstream = upstreamOpts ? createUpstream(deps.store, { ...upstreamOpts, redirectUri: `${issuer}/upstream/callback` }, prefix) : undefined;

    const provider = createProvider({ issuer, store: deps.store, accounts, audit, keys, settings, clients, partners, prefix });
    const { router, upstreamCallback } = interactionRouter({
      provider, store: deps.store, accounts, lockout, audit, upstream, csrfKey: keys.cookieKeys[0]!, prefix,
      maxPendingTotpFailures: settings.maxPendingTotpFailures, portals: portals.map((p) => ({ name: p.clientName, url: p.url })),
    });

    const web = express();
    web.disable("x-powered-by");
    web.set("trust proxy", settings.trustProxy);
    web.use(httpMetrics("auth", ["/auth", "/token", "/interaction", "/session", "/jwks", "/me", "/health", "/healthz", "/ready", "/metrics", "/.well-known"]));
    web.get(["/health", "/healthz"], (_req, res) => { res.json({ ok: true }); });
    web.get("/ready", readyHandler([
      storeCheck(deps.store),
      { name: "signing keys", check: () => (keys.jwks.keys.length ? { ok: true, detail: { keys: keys.jwks.keys.length } } : { ok: false, reason: "no signing key loaded" }) },
    ]));
    web.get("/metrics", metricsRoute());
    web.get("/logout", (_req, res) => { res.redirect(303, "/session/end"); });
    web.use("/interaction", router);
    if (upstream) web.get("/upstream/callback", upstreamCallback);
    web.use(provider.callback());
    // the sign-in pages' own routes: a store outage is a 503 page, not an error with a stack
    web.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (codeOf(err) !== ErrorCode.STORE_UNAVAILABLE || res.headersSent) return next(err);
      res.status(503).set("retry-after", String(STORE_RETRY_AFTER_SECONDS)).type("html")
        .send(errorPage(ErrorCode.STORE_UNAVAILABLE, "统一身份认证暂时无法访问，请稍后再试。"));
    });
    app = web;
    log.info({ issuer, clients: ids }, "SSO hub listening");
    return { url: issuer, port: listening.port, accounts, close: listening.close };
  } catch (err) {
    await listening.close();
    throw err;
  }
}

/**
 * Everything of the sign-in side for the one-process development start: the national platform
 * stand-in (4410, development only), the hub (4400, demo accounts seeded) and the two demo portals
 * (4401, 4402), all on the one `store`. Never exits the process; `close()` stops all of it.
 */
export async function startAuthStack(deps: { store: Store; gatewayUrl?: string }): Promise<{ hubUrl: string; close(): Promise<void> }> {
  const started: { close(): Promise<void> }[] = [];
  try {
    if (!isProduction()) started.push(await startUpstreamIdp());
    const hub = await startAuth({ store: deps.store });
    started.push(hub);
    started.push(await startDemoPortals({ store: deps.store, issuer: hub.url, gatewayUrl: deps.gatewayUrl }));
    return { hubUrl: hub.url, close: async () => { for (const s of started.reverse()) await s.close(); } };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw err;
  }
}
