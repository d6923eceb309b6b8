import { generateKeyPairSync, randomBytes, createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isProduction } from "../lib/config";
import { log } from "../lib/log";

export interface HubKeys {
  /** Private signing keys (JWK) for ID tokens, access tokens and logout tokens; the first signs. */
  jwks: { keys: Record<string, unknown>[] };
  /** Keys that sign the hub's cookies; the first signs, the others still verify (rotation). */
  cookieKeys: string[];
}

function newSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, unknown>;
  const kid = createHash("sha256").update(String(jwk.n)).digest("base64url").slice(0, 16);
  return { ...jwk, kid, alg: "RS256", use: "sig" };
}

/**
 * Signing and cookie keys from the environment (`AUTH_SIGNING_JWKS` as a private JWK Set,
 * `AUTH_COOKIE_KEYS` comma-separated). Without them, development keys are generated once into the
 * data folder so that every hub instance on this machine, and a restarted hub, agree on them;
 * production refuses to start without real keys.
 */
export function loadHubKeys(dataDir: string, file = "auth-keys.json"): HubKeys {
  const jwksEnv = process.env.AUTH_SIGNING_JWKS;
  const cookieEnv = process.env.AUTH_COOKIE_KEYS;
  if (jwksEnv && cookieEnv) {
    return { jwks: JSON.parse(jwksEnv) as HubKeys["jwks"], cookieKeys: cookieEnv.split(",").map((k) => k.trim()).filter(Boolean) };
  }
  if (isProduction()) {
    throw new Error("AUTH_SIGNING_JWKS and AUTH_COOKIE_KEYS must be set in production; development keys refuse to run there");
  }
  const path = join(dataDir, file);
  let keys: HubKeys;
  if (existsSync(path)) {
    keys = JSON.parse(readFileSync(path, "utf8")) as HubKeys;
  } else {
    mkdirSync(dataDir, { recursive: true });
    keys = { jwks: { keys: [newSigningKey()] }, cookieKeys: [randomBytes(32).toString("base64url")] };
    // wx: two processes starting together must not overwrite each other's keys
    try {
      writeFileSync(path, JSON.stringify(keys, null, 2), { mode: 0o600, flag: "wx" });
    } catch {
      keys = JSON.parse(readFileSync(path, "utf8")) as HubKeys;
    }
  }
  log.warn(
    { file: path },
    "!!! SSO hub is using DEVELOPMENT signing and cookie keys from the data folder; set AUTH_SIGNING_JWKS and AUTH_COOKIE_KEYS before going to production !!!",
  );
  return keys;
}
