/** What the gateway tells the explorer page (a JSON block in the page, never a script it runs). */
export interface ExplorerConfig {
  /** The GraphQL endpoint, on the page's own origin. */
  endpoint: string;
  /** Where the bundle's files are (workers load from there). */
  assets: string;
  /** The SSO hub's issuer URL; the explorer signs in there as its own public client. */
  hub: string;
  clientId: string;
  /** The explorer's registered redirect URI (the hub matches it exactly). */
  redirectUri: string;
  /** What the sign-in asks for: an access token for the gateway and who signed in. */
  scope: string;
}

export function readConfig(): ExplorerConfig {
  const block = document.getElementById("explorer-config");
  if (!block?.textContent) throw new Error("the explorer page has no configuration");
  return JSON.parse(block.textContent) as ExplorerConfig;
}

/** The name the sign-in window and the page talk on (same origin only). */
export const CHANNEL = "kuaiban-explorer-sign-in";
