import { defaults, envInt, envString } from "../lib/config";

/**
 * Every tunable of the hub in one place, each with the reason for its default. Tests shorten the
 * clocks by passing overrides; production reads the environment.
 */
export interface AuthSettings {
  /** A hub session unused this long ends (ASVS 3.3.2 L2: 30 minutes of inactivity). */
  idleTimeoutSec: number;
  /** A hub session ends this long after sign-in whatever the activity (ASVS L2: 12 hours). */
  absoluteTimeoutSec: number;
  /** Failed passwords for one account within `failureWindowSec` before it must wait. */
  maxAccountFailures: number;
  /** Failed passwords from one source address within the window before it must wait; higher than
   * per account because one office NAT address serves many people. */
  maxAddressFailures: number;
  /**
   * Wrong TOTP codes for one account within the window before it must wait, on a counter of their
   * own that a right password does not reset (six digits are guessable: 3 codes of 10^6 are good at
   * any time, so 10 guesses per window leave an attacker who has the password a 3·10^-5 chance).
   */
  maxTotpFailures: number;
  /** Wrong codes one pending second factor takes before it is dropped and the password is asked again. */
  maxPendingTotpFailures: number;
  /** The window failures are counted in (issue: 15 minutes). */
  failureWindowSec: number;
  /** How long a locked account or address waits (issue: 15 minutes). */
  lockoutSec: number;
  /** Access tokens are JWTs the gateway checks offline, so they are short-lived. */
  accessTokenTtlSec: number;
  /** Refresh tokens let a portal keep a user signed in up to the absolute session limit. */
  refreshTokenTtlSec: number;
  /** The `aud` of access tokens for the gateway (an RFC 8707 resource indicator). */
  apiAudience: string;
  /** Where the gateway listens, for portals that fetch the user's data. */
  gatewayUrl: string;
  /**
   * Honour X-Forwarded-* from the TLS-terminating proxy (cookies then get `Secure`): express's
   * `trust proxy` value (`true`, or e.g. "loopback", "10.0.0.0/8"); false when there is no proxy.
   */
  trustProxy: boolean | string;
  /** Where development keys and demo credentials are written. */
  dataDir: string;
}

export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return {
    idleTimeoutSec: envInt("AUTH_IDLE_TIMEOUT_SEC", 30 * 60),
    absoluteTimeoutSec: envInt("AUTH_ABSOLUTE_TIMEOUT_SEC", 12 * 60 * 60),
    maxAccountFailures: envInt("AUTH_MAX_ACCOUNT_FAILURES", 5),
    maxAddressFailures: envInt("AUTH_MAX_ADDRESS_FAILURES", 20),
    maxTotpFailures: envInt("AUTH_MAX_TOTP_FAILURES", 10),
    maxPendingTotpFailures: envInt("AUTH_MAX_PENDING_TOTP_FAILURES", 5),
    failureWindowSec: envInt("AUTH_FAILURE_WINDOW_SEC", 15 * 60),
    lockoutSec: envInt("AUTH_LOCKOUT_SEC", 15 * 60),
    accessTokenTtlSec: envInt("AUTH_ACCESS_TOKEN_TTL_SEC", 10 * 60),
    refreshTokenTtlSec: envInt("AUTH_REFRESH_TOKEN_TTL_SEC", 12 * 60 * 60),
    apiAudience: envString("AUTH_API_AUDIENCE", "urn:kuaiban:gateway"),
    gatewayUrl: envString("GATEWAY_URL", `http://${defaults.host}:${defaults.ports.gateway}/graphql`),
    trustProxy: trustProxyFromEnv(envString("TRUST_PROXY", "")),
    dataDir: envString("KUAIBAN_DATA_DIR", ".data"),
    ...overrides,
  };
}

function trustProxyFromEnv(raw: string): boolean | string {
  if (raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  return raw;
}
