import express from "express";
import { createHash, createHmac, generateKeyPairSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { defaults, devOnlyDefault, isProduction } from "../../lib/config";
import { listen } from "../../lib/http";
import { log } from "../../lib/log";
import { MemoryStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { createAdapterFactory } from "../adapter";
import { html, page } from "../views/html";

export interface UpstreamIdpOptions {
  port?: number;
  /** The hubs allowed to use it (their base URLs); each registers `<hub>/upstream/callback`. */
  hubUrls?: string[];
  clientId?: string;
  clientSecret?: string;
}

/**
 * A stand-in for the national government-service platform (国家政务服务平台), for development and
 * tests only: an OpenID provider whose users are the demo people, signing in with their ID number
 * and one shared demo password. It keeps its state in memory, as an external system would keep
 * its own.
 */
export async function startUpstreamIdp(opts: UpstreamIdpOptions = {}): Promise<{ url: string; port: number; password: string; close(): Promise<void> }> {
  if (isProduction()) throw new Error("the national platform stand-in is for development only and refuses to run in production");
  const password = devOnlyDefault("UPSTREAM_DEMO_PASSWORD", "gjzwfw-demo-2020");
  const people = new Map(demoData().people.map((p) => [p.idNumber, p]));
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const listening = await listen((req, res) => app!(req, res), opts.port ?? defaults.ports.upstreamIdp, { name: "upstream-idp" });
  const issuer = listening.url;
  const hubUrls = opts.hubUrls ?? [`http://${defaults.host}:${defaults.ports.auth}`];
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const csrfKey = randomBytes(32).toString("hex");
  const csrf = (uid: string) => createHmac("sha256", csrfKey).update(uid).digest("base64url");
  const subjectOf = (idNumber: string) => createHash("sha256").update(`national:${idNumber}`).digest("hex").slice(0, 24);
  const bySubject = new Map([...people.keys()].map((id) => [subjectOf(id), id]));

  const configuration: Configuration = {
    // its own in-process state, as an external platform keeps its own
    adapter: createAdapterFactory(new MemoryStore(), { prefix: "national" }),
    clients: [{
      client_id: opts.clientId ?? "kuaiban-hub",
      client_secret: opts.clientSecret ?? devOnlyDefault("AUTH_UPSTREAM_CLIENT_SECRET", "dev-only-upstream-client-secret"),
      client_name: "山西人社统一身份认证",
      redirect_uris: hubUrls.map((u) => `${u.replace(/\/$/, "")}/upstream/callback`),
      grant_types: ["authorization_code"], response_types: ["code"],
    }],
    jwks: { keys: [{ ...(privateKey.export({ format: "jwk" }) as object), kid: "national-demo", alg: "RS256", use: "sig" }] } as Configuration["jwks"],
    cookies: {
      keys: [randomBytes(32).toString("hex")],
      names: { session: "national_session", interaction: "national_interaction", resume: "national_resume" },
    },
    ttl: { Session: 60 * 60, Interaction: 30 * 60, Grant: 60 * 60, AccessToken: 10 * 60, IdToken: 10 * 60, AuthorizationCode: 60 },
    claims: { openid: ["sub"], profile: ["name", "id_number"] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    async findAccount(_ctx, sub) {
      const idNumber = bySubject.get(sub);
      const person = idNumber ? people.get(idNumber) : undefined;
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: person.name, id_number: person.idNumber }) };
    },
    async loadExistingGrant(ctx) {
      const { oidc } = ctx as KoaContextWithOIDC;
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope("openid profile");
      grant.addOIDCClaims(["sub", "name", "id_number"]);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
  };
  const provider = new Provider(issuer, configuration);

  const loginForm = (uid: string, error?: string) => page("国家政务服务平台（开发环境模拟）", html`
    <h1>国家政务服务平台 统一身份认证</h1>
    <p class="muted">开发与测试环境模拟服务，仅含演示人员。</p>
    ${error ? html`<div class="alert" role="alert">${error}</div>` : ""}
    <form method="post" action="/interaction/${uid}/login">
      <input type="hidden" name="_csrf" value="${csrf(uid)}">
      <label for="id_number">身份证号</label><input type="text" id="id_number" name="id_number" required>
      <label for="password">密码</label><input type="password" id="password" name="password" required>
      <button type="submit">登录</button>
    </form>`, { brand: "国家政务服务平台" });

  const web = express();
  web.get("/interaction/:uid", async (req, res) => {
    try {
      const details = await provider.interactionDetails(req, res);
      res.set("cache-control", "no-store").type("html").send(loginForm(details.uid));
    } catch { res.status(400).type("html").send(page("出错了", html`<p>登录页面已过期。</p>`)); }
  });
  web.post("/interaction/:uid/login", express.urlencoded({ extended: false }), async (req, res) => {
    try {
      const uid = String(req.params.uid);
      const given = Buffer.from(String(req.body?._csrf ?? ""));
      const expected = Buffer.from(csrf(uid));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) { res.status(403).send("CSRF_TOKEN_INVALID"); return; }
      await provider.interactionDetails(req, res);
      const idNumber = String(req.body?.id_number ?? "").trim().toUpperCase();
      if (!people.has(idNumber) || String(req.body?.password ?? "") !== password) {
        res.status(401).type("html").send(loginForm(uid, "身份证号或密码不正确。"));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: subjectOf(idNumber) } }, { mergeWithLastSubmission: false });
    } catch (err) {
      log.warn({ err: (err as Error).message }, "national platform stand-in: sign-in failed");
      res.status(400).type("html").send(page("出错了", html`<p>登录页面已过期。</p>`));
    }
  });
  web.use(provider.callback());
  app = web;
  log.warn({ issuer }, "national platform STAND-IN listening (development only)");
  return { url: issuer, port: listening.port, password, close: listening.close };
}
