import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type Provider from "oidc-provider";
import QRCode from "qrcode";
import { log } from "../lib/log";
import type { Store } from "../lib/store";
import { needsSecondFactor, type Account, type Accounts } from "./accounts";
import type { Auditor } from "./audit";
import type { Lockout, LockState } from "./lockout";
import { authenticate, createPassport, type PendingSecondFactor } from "./strategies";
import { base32, keyGroups, newRecoveryCodes, totpUri } from "./totp";
import { UpstreamError, type Upstream } from "./upstream";
import { prefsFrom, textSizeAnswer, type PagePrefs, type Way } from "./views/html";
import { errorPage, forgotPasswordPage, loginPage, totpPage } from "./views/pages";

export interface InteractionDeps {
  provider: Provider;
  store: Store;
  accounts: Accounts;
  lockout: Lockout;
  audit: Auditor;
  upstream?: Upstream;
  csrfKey: string;
  prefix: string;
  /** Wrong codes a pending second factor takes before the password is asked again (settings). */
  maxPendingTotpFailures: number;
  /** The portals' home pages, offered as the way back from the hub's error pages. */
  portals?: { name: string; url: string }[];
}

/** Where the hub's text-size toggle posts (under /interaction, the only path the hub's own router has). */
export const HUB_TEXT_SIZE_PATH = "/interaction/help/text-size";
/** The hub's pages' preference and own path, from the request. */
export const hubPrefs = (cookieHeader: string | undefined, here: string): PagePrefs => prefsFrom(cookieHeader, here, HUB_TEXT_SIZE_PATH);

/** A pending second factor lasts this long after the password was right. */
const PENDING_TTL_MS = 10 * 60_000;
const TOO_MANY_CODES = "动态验证码错误次数过多，请重新输入密码登录。";

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;
interface Locals { details: Details; clientName: string; nativeClient: boolean; pending?: PendingSecondFactor & { recoveryCodes?: string[] } }
interface SavedPending { accountId: string; enrolSecret?: string; recoveryCodes?: string[] }

const lockMessage = (lock: Extract<LockState, { locked: true }>) => {
  const minutes = Math.max(1, Math.ceil(lock.retryAfterSec / 60));
  return lock.scope === "account"
    ? `该账号连续登录失败次数过多，已被暂时锁定。请在 ${minutes} 分钟后再试。`
    : `您所在网络的登录失败次数过多，已被暂时限制。请在 ${minutes} 分钟后再试。`;
};

/**
 * The sign-in pages oidc-provider sends browsers to (`/interaction/:uid`), as small named steps:
 * load the interaction (bound to the browser by its cookie), check the anti-forgery token, check
 * the lockout, authenticate with a passport strategy, then a second factor for staff, then finish.
 */
export function interactionRouter(d: InteractionDeps): { router: Router; upstreamCallback: express.RequestHandler } {
  const passport = createPassport(d.accounts, d.upstream);
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "8kb" });
  const mfaKey = (uid: string) => `${d.prefix}:mfa:${uid}`;
  const mfaFailKey = (uid: string) => `${d.prefix}:mfa-fail:${uid}`;

  // Stateless anti-forgery token: bound to the interaction, which is bound to this browser's cookie.
  const csrfToken = (uid: string) => createHmac("sha256", d.csrfKey).update(`csrf:${uid}`).digest("base64url");

  const noCache = (_req: Request, res: Response, next: NextFunction) => {
    res.set("cache-control", "no-store");
    res.set("x-frame-options", "DENY");
    res.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self' http: https:; frame-ancestors 'none'");
    next();
  };

  const portalWays: Way[] = (d.portals ?? []).map((p) => ({ label: `返回${p.name}`, href: `${p.url.replace(/\/$/, "")}/` }));
  const prefs = (req: Request, here?: string) => hubPrefs(req.headers.cookie, here ?? (req.method === "GET" ? req.originalUrl : `/interaction/${String(req.params.uid ?? "")}`));
  const sendError = (req: Request, res: Response, status: number, code: string, message: string, hint?: string) => {
    res.status(status).type("html").send(errorPage(code, message, { ways: portalWays, prefs: prefs(req), hint }));
  };

  const loadInteraction = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const details = await d.provider.interactionDetails(req, res);
      if (details.uid !== req.params.uid) throw new Error("interaction mismatch");
      const client = await d.provider.Client.find(String(details.params.client_id));
      (res.locals as Locals).details = details;
      (res.locals as Locals).clientName = client?.clientName ?? String(details.params.client_id);
      (res.locals as Locals).nativeClient = client?.applicationType === "native";
      next();
    } catch {
      sendError(req, res, 400, "SESSION_EXPIRED", "登录页面已过期（超过 30 分钟未完成，或已在其他页面完成登录）。", "请返回您要办理业务的门户，重新点击“登录”。");
    }
  };

  const checkCsrf = (req: Request, res: Response, next: NextFunction) => {
    const given = Buffer.from(String(req.body?._csrf ?? ""));
    const expected = Buffer.from(csrfToken(String(req.params.uid)));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      sendError(req, res, 403, "CSRF_TOKEN_INVALID", "页面已失效或请求来源不可信，本次提交未被处理。", "请返回门户重新登录；如您是从其他网站的链接进入的，请直接打开门户网址。");
      return;
    }
    next();
  };

  const renderLogin = (req: Request, res: Response, extra: { error?: string; login?: string; status?: number } = {}) => {
    const uid = String(req.params.uid);
    res.status(extra.status ?? 200).type("html").send(loginPage({
      action: `/interaction/${uid}/login`, csrf: csrfToken(uid), clientName: (res.locals as Locals).clientName,
      login: extra.login, error: extra.error, upstreamUrl: d.upstream ? `/interaction/${uid}/upstream` : undefined,
      forgotUrl: `/interaction/${uid}/forgot-password`, prefs: prefs(req, `/interaction/${uid}`),
    }));
  };

  const finish = async (req: Request, res: Response, account: Account, amr: string[], reason = amr.join("+")) => {
    await d.audit({ type: "login.success", accountId: account.id, accountKind: account.kind, login: account.login, address: req.ip, clientId: String((res.locals as Locals).details.params.client_id), reason });
    await d.provider.interactionFinished(req, res, { login: { accountId: account.id, amr, acr: amr.length > 1 ? "urn:kuaiban:mfa" : "urn:kuaiban:pwd" } }, { mergeWithLastSubmission: false });
  };

  const showStart = async (req: Request, res: Response) => {
    const { details, nativeClient } = res.locals as Locals;
    if (details.prompt.name === "login") return renderLogin(req, res);
    const { accountId } = details.session ?? {};
    if (!accountId) return renderLogin(req, res);
    // Any program on the machine can use the native client's id with a loopback redirect
    // (RFC 8252 §8.6), so it never rides on an existing hub session: the user signs in for it.
    if (nativeClient && !details.lastSubmission?.login) return renderLogin(req, res);
    // Consent is implied for the department's own clients (see loadExistingGrant); what still
    // reaches here (the native client always gets a consent prompt) is granted as requested.
    const grant = details.grantId ? await d.provider.Grant.find(details.grantId) : undefined;
    const g = grant ?? new d.provider.Grant({ accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) g.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) g.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) g.addResourceScope(resource, scopes.join(" "));
    await d.provider.interactionFinished(req, res, { consent: { grantId: await g.save() } }, { mergeWithLastSubmission: true });
  };

  const checkLockout = async (req: Request, res: Response, next: NextFunction) => {
    const login = String(req.body?.login ?? "").trim();
    const lock = await d.lockout.check(login, req.ip ?? "");
    if (!lock.locked) return next();
    await d.audit({ type: "lockout", login, address: req.ip, reason: `still-locked:${lock.scope}` });
    renderLogin(req, res, { error: lockMessage(lock), login, status: 429 });
  };

  const passwordStep = async (req: Request, res: Response) => {
    const login = String(req.body?.login ?? "").trim();
    // counted before it is checked, so concurrent guesses cannot pass the limit
    const attempt = await d.lockout.begin("password", login, req.ip ?? "");
    if (attempt.locked) {
      await d.audit({ type: "lockout", login, address: req.ip, reason: `still-locked:${attempt.scope}` });
      return renderLogin(req, res, { error: lockMessage(attempt), login, status: 429 });
    }
    const { account } = await authenticate(passport, "password", req);
    if (!account) {
      const lock = await d.lockout.failed("password", login, req.ip ?? "", attempt.n);
      await d.audit({ type: "login.failure", login, address: req.ip, reason: "password" });
      if (lock.locked) await d.audit({ type: "lockout", login, address: req.ip, reason: lock.scope });
      return renderLogin(req, res, { error: lock.locked ? lockMessage(lock) : "账号或密码不正确。", login, status: lock.locked ? 429 : 401 });
    }
    await d.lockout.succeeded("password", login);
    if (!needsSecondFactor(account)) return finish(req, res, account, ["pwd"]);
    // enrolment brings its recovery codes; they count only once the authenticator is bound
    const pending: SavedPending = account.totpSecret
      ? { accountId: account.id }
      : { accountId: account.id, enrolSecret: base32(randomBytes(20)), recoveryCodes: newRecoveryCodes(randomBytes) };
    // a fresh second factor (and a fresh count of its wrong codes) per password entry; the
    // account's own count of wrong codes carries on (see Lockout)
    await d.store.del(mfaFailKey(String(req.params.uid)));
    await d.store.set(mfaKey(String(req.params.uid)), JSON.stringify(pending), { ttlMs: PENDING_TTL_MS });
    res.redirect(303, `/interaction/${req.params.uid}/totp`);
  };

  const loadPending = async (req: Request, res: Response, next: NextFunction) => {
    const raw = await d.store.get(mfaKey(String(req.params.uid)));
    const saved = raw ? (JSON.parse(raw) as SavedPending) : undefined;
    const account = saved ? await d.accounts.byId(saved.accountId) : undefined;
    if (!account) return res.redirect(303, `/interaction/${req.params.uid}`);
    (res.locals as Locals).pending = { account, enrolSecret: saved?.enrolSecret, recoveryCodes: saved?.recoveryCodes };
    next();
  };

  const renderTotp = async (req: Request, res: Response, error?: string, status = 200) => {
    const uid = String(req.params.uid);
    const { pending } = res.locals as Locals;
    let enrol;
    if (pending?.enrolSecret) {
      // the otpauth:// address goes only into the QR code (drawn here as inline SVG), never as text
      const uri = totpUri(pending.enrolSecret, pending.account.login);
      const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
      enrol = { qrSvg, secretGroups: keyGroups(pending.enrolSecret), recoveryCodes: pending.recoveryCodes ?? [] };
    }
    res.status(status).type("html").send(totpPage({
      action: `/interaction/${uid}/totp`, csrf: csrfToken(uid), error, enrol,
      recovery: !pending?.enrolSecret && Boolean(pending?.account.recoveryCodeHashes?.length),
      forgotUrl: `/interaction/${uid}/forgot-password`, prefs: prefs(req, `/interaction/${uid}/totp`),
    }));
  };

  /**
   * Drops the pending second factor: the user starts over with the password. Its count of wrong
   * codes stays until it expires, so attempts already under way are still counted past the limit.
   */
  const dropPending = async (req: Request, res: Response, login: string, status: number, error: string) => {
    await d.store.del(mfaKey(String(req.params.uid)));
    renderLogin(req, res, { error, login, status });
  };

  const totpStep = async (req: Request, res: Response) => {
    const { pending } = res.locals as Locals;
    const login = pending!.account.login;
    const uid = String(req.params.uid);
    const lock = await d.lockout.check(login, req.ip ?? "");
    if (lock.locked) return dropPending(req, res, login, 429, lockMessage(lock));
    // both counts are taken before the code is checked (see Lockout): this pending sign-in's, and
    // the account's across sign-ins, which the password step does not reset
    const tries = await d.store.incr(mfaFailKey(uid), { ttlMs: PENDING_TTL_MS });
    if (tries > d.maxPendingTotpFailures) return dropPending(req, res, login, 401, TOO_MANY_CODES);
    const attempt = await d.lockout.begin("totp", login, req.ip ?? "");
    if (attempt.locked) return dropPending(req, res, login, 429, lockMessage(attempt));
    // a recovery code stands in for a code (never during enrolment) and is counted like one
    const recovery = pending!.enrolSecret ? "" : String(req.body?.recovery ?? "").trim();
    const account = recovery
      ? ((await d.accounts.useRecoveryCode(pending!.account, recovery)) ? pending!.account : undefined)
      : (await authenticate(passport, "totp", req)).account;
    if (!account) {
      const locked = await d.lockout.failed("totp", login, req.ip ?? "", attempt.n);
      await d.audit({ type: "login.failure", accountId: pending!.account.id, accountKind: "staff", login, address: req.ip, reason: recovery ? "recovery-code" : "totp" });
      if (locked.locked) {
        await d.audit({ type: "lockout", login, address: req.ip, reason: `totp:${locked.scope}` });
        return dropPending(req, res, login, 429, lockMessage(locked));
      }
      if (tries >= d.maxPendingTotpFailures) return dropPending(req, res, login, 401, TOO_MANY_CODES);
      return renderTotp(req, res, recovery ? "恢复码不正确或已使用过，请检查后重新输入。" : "动态验证码不正确，请重新输入。", 401);
    }
    if (recovery) {
      await d.lockout.succeeded("totp", login);
      await d.store.del(mfaKey(uid), mfaFailKey(uid));
      return finish(req, res, account, ["pwd", "otp"], "pwd+recovery-code");
    }
    // a code is good for its whole time step: once used, not again (someone watching over a
    // shoulder must not be able to replay it)
    const fresh = await d.store.set(`${d.prefix}:totp-used:${account.id}:${String(req.body?.code).trim()}`, "1", { ttlMs: 120_000, nx: true });
    if (!fresh) return renderTotp(req, res, "该动态验证码已使用过，请等待下一个验证码。", 401);
    await d.lockout.succeeded("totp", login);
    if (pending!.enrolSecret) await d.accounts.save(d.accounts.withRecoveryCodes({ ...account, totpSecret: pending!.enrolSecret }, pending!.recoveryCodes ?? []));
    await d.store.del(mfaKey(uid), mfaFailKey(uid));
    await finish(req, res, account, ["pwd", "otp"]);
  };

  const upstreamStart = async (req: Request, res: Response) => {
    try {
      res.redirect(303, (await d.upstream!.start(String(req.params.uid))).href);
    } catch {
      renderLogin(req, res, { error: "国家政务服务平台暂时无法访问，请稍后再试或使用账号密码登录。", status: 503 });
    }
  };

  const wrap = (fn: (req: Request, res: Response, next: NextFunction) => unknown) =>
    (req: Request, res: Response, next: NextFunction) => { Promise.resolve(fn(req, res, next)).catch(next); };

  // the text-size toggle (a preference cookie, no sign-in state) and 忘记密码 (what to do, per kind of account)
  const forgot = (req: Request, res: Response) => {
    const uid = String(req.params.uid ?? "");
    const back = /^[\w-]{1,64}$/.test(uid) ? `/interaction/${uid}` : undefined;
    res.type("html").send(forgotPasswordPage({ back, prefs: prefs(req) }));
  };

  router.use(noCache);
  router.post("/help/text-size", form, (req, res) => {
    const { setCookie, location } = textSizeAnswer(req.body ?? {}, req.secure);
    res.set("set-cookie", setCookie).redirect(303, location);
  });
  router.get("/:uid/forgot-password", forgot);
  router.get("/:uid", wrap(loadInteraction), wrap(showStart));
  router.post("/:uid/login", form, wrap(checkCsrf), wrap(loadInteraction), wrap(checkLockout), wrap(passwordStep));
  router.get("/:uid/totp", wrap(loadInteraction), wrap(loadPending), wrap((req, res) => renderTotp(req, res)));
  router.post("/:uid/totp", form, wrap(checkCsrf), wrap(loadInteraction), wrap(loadPending), wrap(totpStep));
  if (d.upstream) router.get("/:uid/upstream", wrap(loadInteraction), wrap(upstreamStart));
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error({ err }, "sign-in step failed");
    sendError(req, res, 500, "INTERNAL_SERVER_ERROR", "系统繁忙，本次登录未能完成。", "请稍后返回门户重新登录。");
  });

  // The platform returns to one fixed, exactly registered URI, outside /interaction/<uid> (whose
  // cookie it therefore does not get): the interaction is found from the state instead.
  const upstreamCallback = wrap(async (req: Request, res: Response) => {
    res.set("cache-control", "no-store");
    try {
      const { account, info } = await authenticate(passport, "upstream", req);
      const uid = (info as { uid?: string })?.uid;
      const interaction = uid ? await d.provider.Interaction.find(uid) : undefined;
      if (!account || !interaction) throw new UpstreamError("UPSTREAM_STATE_UNKNOWN", "interaction gone");
      interaction.result = { login: { accountId: account.id, amr: ["fed"], acr: "urn:kuaiban:national-platform" } };
      await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
      await d.audit({ type: "login.success", accountId: account.id, accountKind: account.kind, address: req.ip, clientId: interaction.params.client_id as string, reason: "national-platform" });
      res.redirect(303, interaction.returnTo);
    } catch (err) {
      const code = err instanceof UpstreamError ? err.code : "UPSTREAM_UNAVAILABLE";
      log.warn({ code, err: (err as Error).message }, "national platform sign-in failed");
      sendError(req, res, 502, code, "通过国家政务服务平台登录未成功。", "请返回门户重新登录，或改用账号密码登录。");
    }
  });

  return { router, upstreamCallback };
}
