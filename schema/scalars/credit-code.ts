/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, Z, S, V); registration authority, entity type, 6-digit division code,
 * 9-character organisation code, and a check character (weights 3^i mod 31).
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = "LENGTH" | "CHARACTER" | "CHECK_DIGIT";

export interface CreditCodeCheck {
  ok: boolean;
  value: string;
  problem?: CreditCodeProblem;
  message?: string;
}

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function checkCreditCode(input: string): CreditCodeCheck {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) {
    return { ok: false, value, problem: "LENGTH", message: `a credit code has 18 characters, this one has ${value.length}` };
  }
  const bad = [...value].findIndex((c) => !ALPHABET.includes(c));
  if (bad >= 0) {
    return { ok: false, value, problem: "CHARACTER", message: `character ${bad + 1} ("${value[bad]}") is not allowed in a credit code (no I, O, Z, S, V)` };
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) {
    return { ok: false, value, problem: "CHARACTER", message: "characters 3-8 of a credit code are the administrative division code (digits)" };
  }
  if (value[17] !== creditCodeCheckChar(value)) {
    return { ok: false, value, problem: "CHECK_DIGIT", message: "the credit code's check character does not match (GB 32100)" };
  }
  return { ok: true, value };
}

/** Completes 17 characters into a valid credit code (demo data generation). */
export function withCreditCodeCheck(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

export const CREDIT_CODE_ALPHABET = ALPHABET;
