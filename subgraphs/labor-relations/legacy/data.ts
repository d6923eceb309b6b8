import { type CaseDuration, type CaseDurationOptions, caseDurations } from "../../../lib/case-durations";
import { demoData } from "../../../schema/demo";
import { demoContract, stableHash } from "./contracts";

/**
 * The labour-relations system's tables: employment filings (劳动用工备案) per employer and person,
 * the cases (办件) it handled, keyed by serial number (流水号) so a repeated request returns the
 * case it already made, and the employers registered with it.
 */
export interface Filing {
  filingNo: string;
  employerCreditCode: string;
  idNumber: string;
  /** 01 固定期限, 02 无固定期限, 03 以完成一定工作任务为期限 */
  contractType: "01" | "02" | "03";
  startDate: string;
  endDate: string | null;
  status: "FILED" | "TERMINATED";
  /** ISO 8601, +08:00 */
  filedAt: string;
  terminatedOn: string | null;
  /** serialNo of the request that filed it */
  serialNo: string;
  /** serialNo of the request that terminated it */
  terminationSerialNo: string | null;
}

export interface LrCase {
  caseNo: string;
  itemCode: string;
  serialNo: string;
  /** the request, to tell a repeat from a different request under the same serial number */
  request: string;
  status: "ACCEPTED" | "DONE";
  acceptedAt: string;
  completedAt: string | null;
  filingNo: string | null;
}

export interface LrTables {
  filings: Filing[];
  employers: Set<string>;
  cases: Map<string, LrCase>;
  filingSerial: number;
  caseSerial: number;
  /** How long the system's clerks take to complete an accepted case (clock time). */
  duration: CaseDuration;
  /** When each accepted case is completed (clock ms), by serial number. */
  due: Map<string, number>;
}

/** Wall-clock time in Beijing with its offset, the system's timestamp format. */
export function beijingIso(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, "+08:00");
}

export function nextFilingNo(t: LrTables, year: string): string {
  return `BA${year}${String(++t.filingSerial).padStart(7, "0")}`;
}

export function nextCaseNo(t: LrTables, now: Date): string {
  return `LD${beijingIso(now).slice(0, 10).replaceAll("-", "")}${String(++t.caseSerial).padStart(6, "0")}`;
}

export function seedLaborRelations(opts: CaseDurationOptions = {}): LrTables {
  const { people, employers } = demoData();
  const t: LrTables = { filings: [], employers: new Set(employers.map((e) => e.creditCode)), cases: new Map(), filingSerial: 0, caseSerial: 0, duration: caseDurations(opts), due: new Map() };
  for (const p of people) {
    const c = demoContract(p, employers);
    if (!c) continue;
    // Filed within the 30 days the rules allow after hiring.
    const filed = new Date(`${c.startDate}T10:00:00+08:00`);
    filed.setUTCDate(filed.getUTCDate() + (stableHash(p.idNumber) % 30));
    t.filings.push({
      filingNo: nextFilingNo(t, c.startDate.slice(0, 4)),
      employerCreditCode: c.employerCreditCode,
      idNumber: p.idNumber,
      contractType: c.type === "OPEN_ENDED" ? "02" : "01",
      startDate: c.startDate,
      endDate: c.endDate,
      status: c.terminatedOn ? "TERMINATED" : "FILED",
      filedAt: beijingIso(filed),
      terminatedOn: c.terminatedOn,
      serialNo: `SEED-${p.personNo}`,
      terminationSerialNo: c.terminatedOn ? `SEED-T-${p.personNo}` : null,
    });
  }
  return t;
}
