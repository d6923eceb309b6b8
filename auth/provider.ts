import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { READ_SCOPES } from "../lib/access/scopes";
import { ErrorCode, codeOf } from "../lib/errors";
import { log } from "../lib/log";
import { STORE_RETRY_AFTER_SECONDS } from "../lib/store/outage";
import type { Store } from "../lib/store";
import type { Accounts } from "./accounts";
import { principalClaims } from "./accounts";
import { createAdapterFactory } from "./adapter";
import type { Auditor } from "./audit";
import type { HubKeys } from "./keys";
import type { PartnerInfo } from "./partners";
import type { AuthSettings } from "./settings";
import { hubPrefs } from "./interactions";
import type { Way } from "./views/html";
import { errorPage, loggedOutPage, logoutPage } from "./views/pages";

/** What the user sees for the protocol errors a browser can meet; the code itself is stable. */
const ERROR_TEXT: Record<string, string> = {
  invalid_redirect_uri: "回调地址未在统一身份认证登记，已拒绝跳转。",
  invalid_client: "该应用未在统一身份认证登记。",
  invalid_request: "请求参数不正确，可能是链接已过期或不完整。",
  session_not_found: "登录会话已失效，请重新登录。",
  access_denied: "访问被拒绝。",
  login_required: "请先登录。",
  STORE_UNAVAILABLE: "统一身份认证暂时无法访问，请稍后再试。",
  invalid_scope: "应用请求的权限未经登记。",
  unauthorized_client: "该应用无权使用这种登录方式。",
  server_error: "系统繁忙，请求未能完成。",
};
/** The page's own path when it was a GET (the text-size toggle returns there), else the hub's start. */
const hereOf = (ctx: KoaContextWithOIDC) => (ctx.method === "GET" ? ctx.originalUrl : "/");

export interface ProviderDeps {
  issuer: string;
  store: Store;
  accounts: Accounts;
  audit: Auditor;
  keys: HubKeys;
  settings: AuthSettings;
  clients: Configuration["clients"];
  /** Partner clients (client_credentials), by client id; their tokens carry department and scopes. */
  partners?: ReadonlyMap<string, PartnerInfo>;
  prefix: string;
}

/** The scopes a user's sign-in asks for (portals, the CLI). */
export const SCOPES = ["openid", "offline_access", "profile", "kuaiban"];
/** Every scope the hub knows: the partners' read scopes too, so a client asking beyond its allow-list gets invalid_scope. */
const ALL_SCOPES = [...SCOPES, ...READ_SCOPES];

export function createProvider(d: ProviderDeps): Provider {
  const { settings } = d;
  const now = () => Math.floor(Date.now() / 1000);
  const partners = d.partners ?? new Map<string, PartnerInfo>();
  // the way back from the hub's own pages: each portal's home page
  const portalWays: Way[] = (d.clients ?? []).flatMap((c) => {
    const home = (c.post_logout_redirect_uris as string[] | undefined)?.[0];
    return home && c.client_name ? [{ label: `返回${String(c.client_name)}`, href: home }] : [];
  });
  const portalOrigins = new Set((d.clients ?? []).flatMap((c) => (c.backchannel_logout_uri ? [new URL(String(c.backchannel_logout_uri)).origin] : [])));

  const configuration: Configuration = {
    adapter: createAdapterFactory(d.store, { prefix: d.prefix, revokedGrantTtlSec: settings.accessTokenTtlSec }),
    clients: d.clients,
    jwks: d.keys.jwks as Configuration["jwks"],
    cookies: {
      keys: d.keys.cookieKeys,
      // browsers share cookies across ports of one host: names of our own keep the hub apart from
      // other providers on the same host (the national platform stand-in in development)
      names: { session: "kb_hub_session", interaction: "kb_hub_interaction", resume: "kb_hub_resume" },
      long: { httpOnly: true, sameSite: "lax", signed: true },
      short: { httpOnly: true, sameSite: "lax", signed: true },
    },
    scopes: ALL_SCOPES,
    claims: {
      openid: ["sub"],
      profile: ["name"],
      kuaiban: ["kind", "id_number", "credit_code", "roles", "agency", "region"],
    },
    // portals read the user from the ID token: their access tokens are for the gateway, not userinfo
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const account = await d.accounts.byId(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.displayName, ...principalClaims(account) };
        },
      };
    },
    pkce: { required: () => true },
    responseTypes: ["code"],
    features: {
      devInteractions: { enabled: false },
      // a client revokes its own tokens only (another's is refused, not silently ignored)
      revocation: {
        enabled: true,
        async allowedPolicy(_ctx, client, token) {
          if (token.clientId !== client.clientId) throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
          return true;
        },
      },
      // partner departments' machine-to-machine access (see partners.ts)
      clientCredentials: { enabled: true },
      // a client learns about its own tokens only: another client's answers "inactive", as if unknown
      // (without this any confidential client, a partner department's among them, could read who a
      // citizen's portal token belongs to and what it may do)
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = "html";
          ctx.body = logoutPage(form, ctx.oidc.client?.clientName, hubPrefs(ctx.get("cookie"), hereOf(ctx)));
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = "html";
          ctx.body = loggedOutPage({ ways: portalWays, prefs: hubPrefs(ctx.get("cookie"), hereOf(ctx)) });
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => settings.apiAudience,
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, resource, client) {
          if (resource !== settings.apiAudience) throw new errors.InvalidTarget();
          const partner = partners.get(client.clientId);
          const server = {
            audience: settings.apiAudience,
            accessTokenTTL: settings.accessTokenTtlSec,
            accessTokenFormat: "jwt" as const,
            jwt: { sign: { alg: "RS256" as const } },
          };
          if (!partner) return { ...server, scope: "api" };
          // a partner names what it needs; anything beyond its registration is refused, not
          // silently dropped, so a misconfigured partner learns of it at once
          const requested = String(ctx.oidc.params?.scope ?? "").split(" ").filter(Boolean);
          if (!requested.length) throw new errors.InvalidScope("scope must name the read scopes needed", "");
          const refused = requested.find((s) => !(partner.scopes as string[]).includes(s));
          if (refused) throw new errors.InvalidScope("requested scope is not allowed", refused);
          return { ...server, scope: partner.scopes.join(" ") };
        },
      },
    },
    // Back-channel logout only ever calls the statically registered portals (no dynamic client
    // registration), which in development sit on loopback where the default SSRF guard refuses.
    fetch(url, options) {
      const target = new URL(url instanceof Request ? url.url : url);
      if (portalOrigins.has(target.origin)) delete (options as { dispatcher?: unknown }).dispatcher;
      return globalThis.fetch(url, options);
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind === "ClientCredentials") {
        const partner = partners.get(String(token.clientId));
        // `sub` and `client_id` are the client id, `scope` the granted scopes (RFC 9068)
        return partner ? { kind: "partner", department: partner.department, ...(partner.ratePerMinute ? { rate_per_minute: partner.ratePerMinute } : {}) } : undefined;
      }
      if (token.kind !== "AccessToken" || !token.accountId) return undefined;
      const account = await d.accounts.byId(token.accountId);
      // gid lets a verifier honour grant revocation (code replay, logout) before the token expires
      return account ? { ...principalClaims(account), gid: token.grantId } : undefined;
    },
    // Every registered client is one of the department's own portals: consent is implied, so the
    // grant covers what the client asked for.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx as KoaContextWithOIDC;
      const client = oidc.client!;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(client.clientId);
      const grant = (grantId ? await oidc.provider.Grant.find(grantId) : undefined)
        ?? new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope([...oidc.requestParamScopes].filter((s) => s !== "api").join(" "));
      grant.addOIDCClaims(["sub", "name", "kind", "id_number", "credit_code", "roles", "agency", "region"]);
      grant.addResourceScope(settings.apiAudience, "api");
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      // Both limits at once: the session record expires at the earlier of (last use + idle) and
      // (sign-in + absolute); oidc-provider re-saves it, with this TTL, on every use.
      Session(_ctx, session) {
        const loginTs = (session as { loginTs?: number }).loginTs;
        const idle = settings.idleTimeoutSec;
        if (!loginTs) return idle;
        return Math.max(1, Math.min(idle, loginTs + settings.absoluteTimeoutSec - now()));
      },
      Interaction: 30 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      AccessToken: settings.accessTokenTtlSec,
      // a partner's token lives as long as a user's: the gateway re-checks nothing else before it expires
      ClientCredentials: settings.accessTokenTtlSec,
      RefreshToken(_ctx, token) {
        const remaining = token.iat ? token.iat + settings.refreshTokenTtlSec - now() : settings.refreshTokenTtlSec;
        return Math.max(1, remaining);
      },
      Grant: settings.refreshTokenTtlSec,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async renderError(ctx, out) {
      const code = ctx.state.storeUnavailable ? ErrorCode.STORE_UNAVAILABLE : String(out.error ?? "server_error");
      ctx.type = "html";
      ctx.body = errorPage(code, ERROR_TEXT[code] ?? "请求无法完成。", { ways: portalWays, prefs: hubPrefs(ctx.get("cookie"), hereOf(ctx)) });
    },
  };

  const provider = new Provider(d.issuer, configuration);
  provider.proxy = settings.trustProxy !== false;
  // the hub's pages (logout confirmation, errors) must not be framed by another site
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.state.storeUnavailable) {
      // the store (sessions, grants, accounts) is unreachable: "come back shortly", not a server error
      ctx.status = 503;
      ctx.set("retry-after", String(STORE_RETRY_AFTER_SECONDS));
      if (ctx.type !== "text/html") ctx.body = { error: "temporarily_unavailable", code: ErrorCode.STORE_UNAVAILABLE, error_description: "the sign-in service cannot reach its store; try again shortly" };
    }
    if (ctx.type === "text/html") {
      ctx.set("x-frame-options", "DENY");
      ctx.set("content-security-policy", "frame-ancestors 'none'");
    }
  });

  // Whether a session was ended (rather than only one portal) is known only here.
  provider.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    void d.audit({ type: "logout", accountId: ctx.oidc.session?.accountId, clientId: ctx.oidc.client?.clientId, address: ctx.ip });
  });
  // Which partner obtained which scopes, and who was refused, goes into the same trail as sign-ins.
  provider.on("grant.success", (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.grant_type !== "client_credentials") return;
    const clientId = ctx.oidc.client?.clientId;
    const scope = (ctx.oidc.entities as { ClientCredentials?: { scope?: string } }).ClientCredentials?.scope ?? "";
    void d.audit({ type: "partner.token", accountId: `client:${clientId}`, accountKind: "partner", clientId, address: ctx.ip, reason: scope });
  });
  provider.on("grant.error", (ctx: KoaContextWithOIDC, err: { error?: string }) => {
    if (ctx.oidc?.params?.grant_type !== "client_credentials") return;
    const clientId = ctx.oidc.client?.clientId ?? String(ctx.oidc.params?.client_id ?? "").slice(0, 64);
    void d.audit({ type: "partner.refused", accountId: clientId ? `client:${clientId}` : undefined, accountKind: "partner", clientId: clientId || undefined, address: ctx.ip, reason: err.error ?? "error" });
  });
  provider.on("backchannel.error", (_ctx: unknown, err: Error, client: { clientId: string }) => {
    log.warn({ client: client.clientId, err: err.message }, "back-channel logout did not reach a portal; the logout went on");
  });
  provider.on("server_error", (ctx: KoaContextWithOIDC, err: Error) => {
    // a store outage is logged once by the store, not once per request
    if (codeOf(err) === ErrorCode.STORE_UNAVAILABLE) { ctx.state.storeUnavailable = true; return; }
    log.error({ err }, "hub server error");
  });
  provider.on("grant.revoked", (_ctx: unknown, grantId: string) => log.info({ grantId }, "grant revoked"));
  return provider;
}
