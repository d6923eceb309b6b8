import type { DemoEmployer, DemoPerson } from "../../../schema/demo";

/**
 * The labour contracts behind the demo population, derived from it deterministically. The demo
 * generator records who works where now, but not whom an unemployed person worked for before;
 * the labour-relations and employment stand-ins both need that (a terminated filing here, an
 * unemployment registration after it there), so both take it from this one function.
 */
export interface DemoContract {
  employerCreditCode: string;
  startDate: string;
  /** null for an open-ended contract (无固定期限) */
  endDate: string | null;
  type: "FIXED_TERM" | "OPEN_ENDED";
  /** The day the contract was ended (解除/终止), for people who are unemployed now. */
  terminatedOn: string | null;
}

/** FNV-1a: a stable spread of people over choices, the same in every stand-in. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const CURRENT_YEAR = 2026;

function plusYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

export function demoContract(person: DemoPerson, employers: DemoEmployer[]): DemoContract | null {
  const h = stableHash(person.idNumber);
  if (person.stage === "EMPLOYED" && person.employerCreditCode && person.hiredOn) {
    // A fixed term still running stays fixed-term; an older contract has become open-ended, as
    // the labour contract law makes it after renewals.
    const end = plusYears(person.hiredOn, 5);
    const open = Number(end.slice(0, 4)) <= CURRENT_YEAR;
    return { employerCreditCode: person.employerCreditCode, startDate: person.hiredOn, endDate: open ? null : end, type: open ? "OPEN_ENDED" : "FIXED_TERM", terminatedOn: null };
  }
  if (person.stage === "UNEMPLOYED") {
    const enterprises = employers.filter((e) => !e.publicInstitution);
    const former = enterprises[h % enterprises.length]!;
    const startYear = Math.max(Number(person.birthDate.slice(0, 4)) + 18, 2012) + (h % 4);
    const month = String(1 + (h % 12)).padStart(2, "0");
    const day = String(1 + (h % 27)).padStart(2, "0");
    const startDate = `${Math.min(startYear, 2023)}-${month}-${day}`;
    const terminatedOn = `${2024 + (h % 2)}-${String(1 + ((h >>> 4) % 12)).padStart(2, "0")}-${String(1 + ((h >>> 8) % 27)).padStart(2, "0")}`;
    return { employerCreditCode: former.creditCode, startDate, endDate: plusYears(startDate, 3), type: "FIXED_TERM", terminatedOn };
  }
  return null;
}

/** The day an unemployed person registered as unemployed: shortly after the contract ended. */
export function unemploymentRegisteredOn(contract: DemoContract): string {
  const d = new Date(`${contract.terminatedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3 + (stableHash(contract.employerCreditCode + contract.startDate) % 20));
  return d.toISOString().slice(0, 10);
}
