import { CHANNEL, type ExplorerConfig } from "./config";

/**
 * Sign-in through the hub as the explorer's own public client: authorization code with PKCE (S256)
 * in a popup window, so the editors keep their state. The tokens stay in this page's memory only:
 * never in the address bar, never in localStorage or sessionStorage, gone on reload.
 */

export interface Session {
  accessToken: string;
  /** From the ID token, for the page's header only (the gateway reads the access token). */
  name?: string;
  kind?: string;
  roles?: string[];
  expiresAt: number;
}

interface HubMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

let metadata: Promise<HubMetadata> | undefined;
const discover = (hub: string) => (metadata ??= fetch(`${hub}/.well-known/openid-configuration`).then(async (res) => {
  if (!res.ok) throw new Error(`统一身份认证不可用 (the hub answered ${res.status})`);
  return (await res.json()) as HubMetadata;
}).catch((err) => { metadata = undefined; throw err; }));

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const random = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));

function claimsOf(idToken: string | undefined): Record<string, unknown> {
  const payload = idToken?.split(".")[1];
  if (!payload) return {};
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Opens `url` in the sign-in window and waits for what the callback page sends back. */
type Answer = Record<string, string | boolean | undefined>;

function viaPopup(url: string, accept: (data: Answer) => boolean): Promise<Answer> {
  const channel = new BroadcastChannel(CHANNEL);
  const popup = window.open(url, "kuaiban-explorer-sign-in", "popup,width=520,height=720");
  if (!popup) {
    channel.close();
    return Promise.reject(new Error("浏览器拦截了登录窗口，请允许弹出窗口 (the browser blocked the sign-in window)"));
  }
  return new Promise((resolve, reject) => {
    let closedSince = 0;
    const done = () => { clearInterval(watch); channel.close(); };
    channel.onmessage = (event: MessageEvent<Answer>) => {
      if (!event.data || !accept(event.data)) return;
      done();
      if (!popup.closed) popup.close();
      resolve(event.data);
    };
    // a window the user closes sends nothing; the callback's own message may still be on its way
    const watch = setInterval(() => {
      if (!popup.closed) return;
      closedSince ||= Date.now();
      if (Date.now() - closedSince > 1000) { done(); reject(new Error("登录窗口已关闭 (the sign-in window was closed)")); }
    }, 250);
  });
}

export async function signIn(cfg: ExplorerConfig): Promise<Session> {
  const hub = await discover(cfg.hub);
  const verifier = random(32);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const state = random(16);
  const url = new URL(hub.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: cfg.clientId, redirect_uri: cfg.redirectUri, response_type: "code", scope: cfg.scope, state,
    code_challenge: challenge, code_challenge_method: "S256",
    // always the hub's sign-in form, so a developer can change from a citizen to an operator
    prompt: "login",
  }).toString();
  const answer = await viaPopup(url.href, (d) => d.state === state);
  if (answer.error) throw new Error(`登录未完成: ${String(answer.error)}${answer.error_description ? ` (${String(answer.error_description)})` : ""}`);
  if (answer.iss && answer.iss !== hub.issuer) throw new Error("the answer came from another issuer");
  if (typeof answer.code !== "string") throw new Error("the hub sent no authorization code");
  const res = await fetch(hub.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: answer.code, redirect_uri: cfg.redirectUri, client_id: cfg.clientId, code_verifier: verifier }),
  });
  const tokens = (await res.json()) as { access_token?: string; id_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!res.ok || !tokens.access_token) throw new Error(`令牌交换失败 (token exchange failed): ${tokens.error ?? res.status}`);
  const claims = claimsOf(tokens.id_token);
  return {
    accessToken: tokens.access_token,
    name: typeof claims.name === "string" ? claims.name : undefined,
    kind: typeof claims.kind === "string" ? claims.kind : undefined,
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : undefined,
    expiresAt: Date.now() + (tokens.expires_in ?? 600) * 1000,
  };
}

/**
 * Ends the hub session (the hub asks to confirm in the window), which revokes the grant and with it
 * the access token at the gateway. The page forgets the token before this is called.
 */
export async function endHubSession(cfg: ExplorerConfig): Promise<void> {
  const hub = await discover(cfg.hub);
  if (!hub.end_session_endpoint) return;
  const url = new URL(hub.end_session_endpoint);
  // by client_id, not id_token_hint: no token ever travels in an address
  url.search = new URLSearchParams({ client_id: cfg.clientId, post_logout_redirect_uri: cfg.redirectUri }).toString();
  await viaPopup(url.href, (d) => d.signedOut === true).catch(() => undefined);
}
