import { isProduction } from "../lib/config";

/**
 * The secrets the hub needs before it may listen in production: its signing keys and cookie keys,
 * the key that seals secrets at rest, the gateway's internal secret and the audit key (sign-in
 * events go into the keyed audit chain). Each also refuses its development default on its own
 * (`devOnlyDefault`); this check names every missing one at once, before any port is opened.
 */
export const HUB_SECRETS = ["AUTH_SIGNING_JWKS", "AUTH_COOKIE_KEYS", "AUTH_DATA_KEY", "KUAIBAN_INTERNAL_SECRET", "AUDIT_KEY"] as const;

export interface SecretNeeds {
  /** Signing and cookie keys were handed over in code (tests), not through the environment. */
  keysGiven?: boolean;
  /** Other names this configuration needs (the national platform's client secret, portals' secrets). */
  also?: string[];
}

export function missingHubSecrets(needs: SecretNeeds = {}): string[] {
  const names: string[] = [...HUB_SECRETS, ...(needs.also ?? [])];
  return names
    .filter((n) => !(needs.keysGiven && (n === "AUTH_SIGNING_JWKS" || n === "AUTH_COOKIE_KEYS")))
    .filter((n) => !process.env[n]);
}

/** Throws, naming what is missing (never a value), when in production a secret is not set. */
export function assertHubSecrets(needs: SecretNeeds = {}): void {
  if (!isProduction()) return;
  const missing = missingHubSecrets(needs);
  if (missing.length) throw new Error(`the SSO hub refuses to start in production without ${missing.join(", ")}`);
}
