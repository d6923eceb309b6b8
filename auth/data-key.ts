import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { devOnlyDefault } from "../lib/config";

/**
 * Encryption of the hub's secrets at rest (TOTP secrets): AES-256-GCM with keys from
 * `AUTH_DATA_KEY` (one or more base64/base64url or hex 32-byte keys, comma-separated; the first
 * encrypts, all decrypt, so a key can be rotated by putting the new one first). Each value is bound
 * to what it belongs to (the account id, as additional authenticated data), so a ciphertext copied
 * onto another account does not open there.
 *
 * Format: `v1.<key id>.<iv>.<ciphertext>.<tag>`, base64url parts; the key id is the first bytes of
 * the key's SHA-256, so the right key is found without trying each.
 */
export interface DataKeys {
  encrypt(plain: string, context: string): string;
  decrypt(sealed: string, context: string): string;
}

/** Public and fixed: refused in production by `devOnlyDefault`. */
const DEV_DATA_KEY = "ZGV2LW9ubHktYXV0aC1kYXRhLWtleS0zMi1ieXRlcyE"; // base64url of "dev-only-auth-data-key-32-bytes!"

function decodeKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64url");
  if (key.length !== 32) throw new Error("AUTH_DATA_KEY must be 32 bytes (base64, base64url or 64 hex digits) per key");
  return key;
}

const keyId = (key: Buffer) => createHash("sha256").update(key).digest("base64url").slice(0, 8);

export function dataKeys(rawKeys: string[]): DataKeys {
  if (!rawKeys.length) throw new Error("AUTH_DATA_KEY holds no key");
  const keys = rawKeys.map((raw) => { const key = decodeKey(raw); return { id: keyId(key), key }; });
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const current = keys[0]!;
  return {
    encrypt(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(Buffer.from(context));
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", current.id, iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
    },
    decrypt(sealed, context) {
      const [version, id, iv, ct, tag] = sealed.split(".");
      const key = id ? byId.get(id) : undefined;
      if (version !== "v1" || !key || !iv || ct === undefined || !tag) throw new Error("sealed value is malformed or its key is not configured");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

/** The keys from `AUTH_DATA_KEY`; throws in production when it is not set. */
export function dataKeysFromEnv(): DataKeys {
  return dataKeys(devOnlyDefault("AUTH_DATA_KEY", DEV_DATA_KEY).split(",").filter((k) => k.trim()));
}
