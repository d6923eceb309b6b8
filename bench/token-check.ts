import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { MemoryStore, createStore, type Store } from "../lib/store";
import { startAuth, demoCredentials, type DemoCredential } from "../auth";
import { signInAsCli } from "../auth/cli/sign-in";
import { SharedSessionStore } from "../auth/session-store";
import { createTokenVerifier } from "../gateway/auth/verify-token";
import { log } from "../lib/log";

log.level = process.env.LOG_LEVEL ?? "warn";

/*
 * npm run bench:auth [-- --hub http://127.0.0.1:4400 --seconds 5 --concurrency 8]
 *  1. the gateway's per-request token check (ops/s of the verifier on a real hub token);
 *  2. hub sign-ins per second: the whole authorization-code flow with a password (authorization
 *     request, sign-in page, password check, code, token exchange), `concurrency` at a time;
 *  3. session checks per second: a portal reading its session from the shared store.
 * Without --hub it starts a hub in this process (on REDIS_URL when set, otherwise the embedded store).
 */
const { values } = parseArgs({ options: { hub: { type: "string" }, seconds: { type: "string" }, concurrency: { type: "string" } } });
const seconds = Number(values.seconds ?? 5);
const concurrency = Number(values.concurrency ?? 8);

let hubUrl = values.hub;
let closeHub = async () => {};
let store: Store | undefined;
const prefix = `kb:bench:${randomBytes(4).toString("hex")}`;
if (!hubUrl) {
  store = process.env.REDIS_URL ? createStore() : new MemoryStore();
  const hub = await startAuth({ store, port: 0, upstream: false, seedDemo: true, prefix, auditStream: `${prefix}:audit` });
  hubUrl = hub.url;
  closeHub = hub.close;
}
const citizens = demoCredentials().filter((c) => c.kind === "citizen");

// 1. token checks
const tokens = await signInAsCli({ hubUrl, login: citizens[0]!.login, password: citizens[0]!.password });
async function checksPerSecond(cacheSize: number): Promise<number> {
  const verify = createTokenVerifier({ issuer: hubUrl!, audience: process.env.AUTH_API_AUDIENCE ?? "urn:kuaiban:gateway", cacheSize });
  await verify(tokens.access_token); // fetches the JWKS once
  for (let i = 0; i < 2_000; i++) await verify(tokens.access_token); // warm-up
  let checks = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) await verify(tokens.access_token);
    checks += 500;
  }
  return checks / ((performance.now() - start) / 1000);
}
const fullChecksPerSec = await checksPerSecond(0); // signature verified every time
const cachedChecksPerSec = await checksPerSecond(10_000); // the gateway's default

// 2. sign-ins
async function signInOnce(cred: DemoCredential): Promise<void> {
  const cookies = new Map<string, string>();
  const req = async (url: string, form?: Record<string, string>) => {
    const res = await fetch(url, {
      method: form ? "POST" : "GET", redirect: "manual",
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) { const p = line.split(";")[0]!; const eq = p.indexOf("="); cookies.set(p.slice(0, eq), p.slice(eq + 1)); }
    return res;
  };
  const verifier = randomBytes(32).toString("base64url");
  const redirect = "http://127.0.0.1:1/callback";
  const params = new URLSearchParams({
    client_id: "kuaiban-cli", response_type: "code", scope: "openid api", redirect_uri: redirect, prompt: "login",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256",
  });
  let url = `${hubUrl}/auth?${params}`;
  let res = await req(url);
  url = new URL(res.headers.get("location")!, url).href;
  const page = await (await req(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  res = await req(new URL(action, url).href, { _csrf: csrf, login: cred.login, password: cred.password });
  // resume → (the native client's implied consent step) → back to the loopback redirect
  url = new URL(res.headers.get("location")!, url).href;
  for (let hop = 0; hop < 6 && !url.startsWith(redirect); hop++) {
    res = await req(url);
    url = new URL(res.headers.get("location")!, url).href;
  }
  const back = new URL(url);
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`no code: ${back.href}`);
  const tok = await fetch(`${hubUrl}/token`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "kuaiban-cli", code_verifier: verifier }).toString(),
  });
  if (tok.status !== 200) throw new Error(`token endpoint: ${tok.status}`);
}

let logins = 0;
let failures = 0;
const loginEnd = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
  let i = w;
  while (performance.now() < loginEnd) {
    try { await signInOnce(citizens[i++ % citizens.length]!); logins++; } catch (err) { failures++; if (failures < 3) console.error((err as Error).message); }
  }
}));
const loginsPerSec = logins / ((performance.now() - started) / 1000);

// 3. session checks: what every portal request does first, read its session from the shared store
//    (Redis with REDIS_URL), `concurrency` at a time, as concurrent requests would.
const sessionStore = store ?? (process.env.REDIS_URL ? createStore() : new MemoryStore());
const sessions = new SharedSessionStore(sessionStore, `${prefix}:session`, 30 * 60_000);
const sid = randomBytes(16).toString("hex");
await new Promise<void>((resolve, reject) => sessions.set(sid, { cookie: { originalMaxAge: 1_800_000 } as never, user: { sub: "bench" } } as never, (err) => (err ? reject(err) : resolve())));
const readSession = () => new Promise<void>((resolve, reject) => sessions.get(sid, (err, sess) => (err || !sess ? reject(err ?? new Error("session lost")) : resolve())));
let sessionChecks = 0;
const sessionEnd = performance.now() + seconds * 1000;
const sessionStart = performance.now();
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (performance.now() < sessionEnd) { await readSession(); sessionChecks++; }
}));
const sessionChecksPerSec = sessionChecks / ((performance.now() - sessionStart) / 1000);

console.log(JSON.stringify({
  hub: hubUrl, store: store?.kind ?? "external hub",
  tokenChecksPerSec: { signatureEveryTime: Math.round(fullChecksPerSec), withVerifiedTokenCache: Math.round(cachedChecksPerSec) },
  microsecondsPerTokenCheck: { signatureEveryTime: Number((1e6 / fullChecksPerSec).toFixed(1)), withVerifiedTokenCache: Number((1e6 / cachedChecksPerSec).toFixed(2)) },
  hubLoginsPerSec: Number(loginsPerSec.toFixed(1)), loginConcurrency: concurrency, loginFailures: failures,
  sessionChecksPerSec: Math.round(sessionChecksPerSec), sessionStore: sessionStore.kind,
  seconds, node: process.version, cpus: (await import("node:os")).availableParallelism(),
}, null, 2));
await closeHub();
if (sessionStore !== store) {
  await new Promise<void>((resolve) => sessions.destroy(sid, () => resolve()));
  await sessionStore.close();
}
if (store) {
  // leave nothing of this run behind in a shared Redis
  const keys = await store.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await store.del(...keys.slice(i, i + 500));
  await store.close();
}
