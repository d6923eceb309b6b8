import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as client from "openid-client";
import { CLI_CLIENT_ID } from "../clients";
import { currentTotp } from "../totp";

export interface CliSignIn {
  hubUrl: string;
  login: string;
  password: string;
  /** For staff accounts: the TOTP secret, to compute the current code. */
  totpSecret?: string;
}

/** Cookie jar plus manual redirects: just enough of a browser to fill in the hub's sign-in form. */
class FormBrowser {
  private cookies = new Map<string, string>();
  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const res = await fetch(url, {
      method: form ? "POST" : "GET", redirect: "manual",
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }
}

const formOf = (body: string) => {
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, "&");
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  return { action, fields };
};

/**
 * Signs a user in through the hub's real authorization-code flow as the native client: PKCE, a
 * loopback redirect on a free port (RFC 8252), the hub's own sign-in pages. Returns the tokens.
 */
export async function signInAsCli(o: CliSignIn): Promise<client.TokenEndpointResponse & client.TokenEndpointResponseHelpers> {
  const config = await client.discovery(new URL(o.hubUrl), CLI_CLIENT_ID, undefined, client.None(), {
    execute: o.hubUrl.startsWith("http:") ? [client.allowInsecureRequests] : [],
  });
  let resolveCallback!: (url: URL) => void;
  const callback = new Promise<URL>((r) => { resolveCallback = r; });
  const loopback = createServer((req, res) => {
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end("登录完成，可以关闭此窗口。");
    resolveCallback(new URL(req.url!, `http://127.0.0.1:${(loopback.address() as AddressInfo).port}`));
  });
  await new Promise<void>((r) => loopback.listen(0, "127.0.0.1", r));
  try {
    const redirectUri = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/callback`;
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: "openid offline_access api", state, prompt: "login",
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
    });
    const browser = new FormBrowser();
    let next: string | undefined = authUrl.href;
    let form: Record<string, string> | undefined;
    for (let hop = 0; hop < 20 && next; hop++) {
      const res = await browser.request(next, form);
      form = undefined;
      if (res.status >= 300 && res.status < 400) { next = new URL(res.headers.get("location")!, next).href; continue; }
      const body = await res.text();
      if (next.startsWith(redirectUri)) break;
      const f = formOf(body);
      if (!f.action) throw new Error(`sign-in stopped at ${new URL(next).pathname} (HTTP ${res.status}): ${/role="alert">([^<]+)/.exec(body)?.[1] ?? "unexpected page"}`);
      if (body.includes('name="password"')) {
        if (body.includes('role="alert"')) throw new Error(/role="alert">([^<]+)/.exec(body)![1]);
        form = { ...f.fields, login: o.login, password: o.password };
      } else if (body.includes('name="code"')) {
        if (!o.totpSecret) throw new Error("this account needs a TOTP code; no secret was given");
        if (body.includes('role="alert"')) throw new Error(/role="alert">([^<]+)/.exec(body)![1]);
        form = { ...f.fields, code: await currentTotp(o.totpSecret) };
      } else {
        throw new Error("unexpected page during sign-in");
      }
      next = new URL(f.action, next).href;
    }
    const returned = await Promise.race([callback, new Promise<never>((_, rej) => setTimeout(() => rej(new Error("the hub never redirected back")), 10_000).unref())]);
    return await client.authorizationCodeGrant(config, returned, { pkceCodeVerifier: verifier, expectedState: state });
  } finally {
    loopback.close();
  }
}
