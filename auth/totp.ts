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
