import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { startAuth, startPortal, startUpstreamIdp, demoCredentials, type DemoCredential } from "../../auth";
import { loadHubKeys, type HubKeys } from "../../auth/keys";
import type { AuthSettings } from "../../auth/settings";
import type { PortalRegistration } from "../../auth/clients";
import type { Store } from "../../lib/store";
// the hub must know its portals' URLs before they listen
export { freePort } from "../../lib/net";
import { freePort } from "../../lib/net";


/**
 * A minimal browser for protocol tests: a cookie jar (cookies are per host, as browsers keep them
 * across ports) and manual redirects so each hop can be inspected.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly hops: { url: string; status: number; location?: string }[] = [];

  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "); }

  private absorb(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    this.absorb(res);
    this.hops.push({ url, status: res.status, location: res.headers.get("location") ?? undefined });
    return res;
  }

  /** Follows redirects (as a browser does, POST → GET on 302/303) up to the first page. */
  async go(url: string, init: { form?: Record<string, string> } = {}): Promise<{ url: string; status: number; body: string }> {
    let res = await this.request(url, init);
    let current = url;
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      current = new URL(res.headers.get("location")!, current).href;
      res = await this.request(current);
    }
    return { url: current, status: res.status, body: await res.text() };
  }
}

export function formOf(body: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
  if (!action) throw new Error(`no form on page: ${body.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&amp;/g, "&");
  return { action: action.replace(/&amp;/g, "&"), fields };
}

/** Signs in at a portal with a password (and TOTP code when given); returns the last page. */
export async function signIn(b: TestBrowser, portalUrl: string, cred: { login: string; password: string }, totp?: () => Promise<string>) {
  const loginPage = await b.go(`${portalUrl}/login`);
  if (!loginPage.body.includes('name="password"')) return loginPage; // already signed in at the hub
  const { action, fields } = formOf(loginPage.body);
  let page = await b.go(new URL(action, loginPage.url).href, { form: { ...fields, login: cred.login, password: cred.password } });
  if (totp && page.body.includes('name="code"')) {
    const f = formOf(page.body);
    page = await b.go(new URL(f.action, page.url).href, { form: { ...f.fields, code: await totp() } });
  }
  return page;
}

export interface Stack {
  hubUrl: string;
  portals: { url: string; registration: PortalRegistration; close(): Promise<void> }[];
  upstreamUrl: string;
  creds: DemoCredential[];
  keys: HubKeys;
  prefix: string;
  restartHub(): Promise<void>;
  close(): Promise<void>;
}

/** Hub + national-platform stand-in + two portals on free ports, all keys under one fresh prefix. */
export async function startStack(store: Store, opts: { settings?: Partial<AuthSettings>; gatewayUrl?: string; lazyGatewayUrl?: () => string; portalAbsoluteSec?: number } = {}): Promise<Stack> {
  const prefix = `kb:test:${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), "kb-auth-"));
  const keys = loadHubKeys(dataDir);
  const [hubPort, upstreamPort, p1, p2] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  const registrations: PortalRegistration[] = [
    { clientId: "portal-service-hall", clientName: "网上服务大厅", url: `http://127.0.0.1:${p1}`, clientSecret: "test-secret-1" },
    { clientId: "portal-employment", clientName: "就业服务门户", url: `http://127.0.0.1:${p2}`, clientSecret: "test-secret-2" },
  ];
  const settings = { dataDir, ...opts.settings };
  const upstream = { issuer: `http://127.0.0.1:${upstreamPort}`, clientId: "kuaiban-hub", clientSecret: "test-upstream-secret" };
  const startHub = () => startAuth({
    store, port: hubPort, keys, settings, portals: registrations, upstream, seedDemo: false,
    prefix: `${prefix}:auth`, auditStream: `${prefix}:audit`,
  });
  let hub = await startHub();
  const { seedDemoAccounts } = await import("../../auth/demo-accounts");
  await seedDemoAccounts(hub.accounts, { writeFile: false });
  const idp = await startUpstreamIdp({ port: upstreamPort, hubUrls: [hubUrl], clientSecret: upstream.clientSecret });
  const portals = await Promise.all(registrations.map((registration) => startPortal({
    store, registration, issuer: hubUrl, port: Number(new URL(registration.url).port),
    gatewayUrl: opts.lazyGatewayUrl ?? opts.gatewayUrl ?? "http://127.0.0.1:9/graphql", prefix: `${prefix}:portal`,
    absoluteTimeoutSec: opts.portalAbsoluteSec,
  })));
  return {
    hubUrl, upstreamUrl: idp.url, creds: demoCredentials(), keys, prefix,
    portals: portals.map((p, i) => ({ url: p.url, registration: registrations[i]!, close: p.close })),
    async restartHub() { await hub.close(); hub = await startHub(); },
    async close() {
      await Promise.all([...portals.map((p) => p.close()), idp.close(), hub.close()]);
      const keys = await store.keys(`${prefix}:*`);
      for (let i = 0; i < keys.length; i += 500) await store.del(...keys.slice(i, i + 500));
    },
  };
}

export const credOf = (creds: DemoCredential[], kind: DemoCredential["kind"], i = 0) => creds.filter((c) => c.kind === kind)[i]!;

/** Logs out at a portal and confirms at the hub (the hub asks, as a no-JS form, before ending the session). */
export async function logOutAt(b: TestBrowser, portalUrl: string) {
  const home = await b.go(`${portalUrl}/`);
  const { fields } = formOf(home.body);
  const confirm = await b.go(`${portalUrl}/logout`, { form: fields });
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(confirm.body)?.[1];
  if (!action) throw new Error(`no logout confirmation: ${confirm.body.slice(0, 400)}`);
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
  return b.go(new URL(action.replace(/&amp;/g, "&"), confirm.url).href, { form: { xsrf, logout: "yes" } });
}

export const hubSessionCookie = (b: TestBrowser) => b.cookies.get("kb_hub_session");
