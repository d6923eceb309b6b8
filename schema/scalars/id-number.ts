/**
 * Resident identity number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth date,
 * 3-digit sequence, 1 check character computed with ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export type IdNumberProblem = "LENGTH" | "CHARACTER" | "DATE" | "CHECK_DIGIT";

export interface IdNumberCheck {
  ok: boolean;
  /** Upper-cased (a trailing lower-case x is accepted and normalised). */
  value: string;
  problem?: IdNumberProblem;
  message?: string;
}

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** A real date between 1800-01-01 and today. */
export function isRealBirthDate(yyyymmdd: string, today = new Date()): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return date.getTime() <= today.getTime();
}

export function checkIdNumber(input: string): IdNumberCheck {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) {
    return { ok: false, value, problem: "LENGTH", message: `an ID number has 18 characters, this one has ${value.length}` };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, value, problem: "CHARACTER", message: "an ID number is 17 digits followed by a digit or X" };
  }
  const birth = value.slice(6, 14);
  if (!isRealBirthDate(birth)) {
    return { ok: false, value, problem: "DATE", message: `the birth date ${birth} in the ID number is not a real date` };
  }
  const expected = idNumberCheckChar(value);
  if (value[17] !== expected) {
    return { ok: false, value, problem: "CHECK_DIGIT", message: "the ID number's check character does not match (GB 11643 MOD 11-2)" };
  }
  return { ok: true, value };
}

/** Completes 17 characters into a valid ID number (demo data generation). */
export function withIdNumberCheck(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}
