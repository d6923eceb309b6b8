import { generate, generateURI, verify } from "otplib";

/** RFC 6238 with authenticator-app defaults (SHA-1, 6 digits, 30 s); one step of drift allowed. */
export async function checkTotp(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    return (await verify({ secret, token: code, epochTolerance: 30 })).valid;
  } catch {
    return false;
  }
}

export const currentTotp = (secret: string) => generate({ secret });

/** The otpauth:// URI an authenticator app enrols from (as text or as a QR code). */
export const totpUri = (secret: string, login: string) => generateURI({ issuer: "快办统一认证", label: login, secret });

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** RFC 4648 base32 without padding, the form authenticator apps take secrets in. */
export function base32(bytes: Uint8Array): string {
  let bits = 0, value = 0, out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { out += ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The key as people copy it: groups of four (`JBSW Y3DP EHPK 3PXP`). */
export const keyGroups = (secret: string): string[] => secret.match(/.{1,4}/g) ?? [];

/** Recovery codes per enrolment. */
export const RECOVERY_CODE_COUNT = 10;
/** Base32 without the look-alikes 0/O, 1/I/L: 16 characters × 5 bits = 80 bits per code. */
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/**
 * Fresh one-time recovery codes, shown as `XXXX-XXXX-XXXX-XXXX`. Each is 16 characters from a
 * 31-letter alphabet (≈ 79 bits, drawn without modulo bias), so a fast hash is enough to store
 * them (see Accounts.useRecoveryCode).
 */
export function newRecoveryCodes(random: (n: number) => Uint8Array, count = RECOVERY_CODE_COUNT): string[] {
  const codes: string[] = [];
  while (codes.length < count) {
    let code = "";
    while (code.length < 16) {
      for (const byte of random(32)) {
        if (byte >= 248) continue; // 248 = 8 × 31: keeps every letter equally likely
        code += RECOVERY_ALPHABET[byte % 31];
        if (code.length === 16) break;
      }
    }
    codes.push(keyGroups(code).join("-"));
  }
  return codes;
}

/** A recovery code as typed (any case, spaces or dashes) in its canonical form; undefined if it cannot be one. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, "");
  return /^[A-Z2-9]{16}$/.test(s) ? s : undefined;
}
