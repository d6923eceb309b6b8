import { type CaseDuration, type CaseDurationOptions, caseDurations } from "../../../lib/case-durations";
import { demoData, divisionCodes } from "../../../schema/demo";
import { demoContract, stableHash, unemploymentRegisteredOn } from "../../labor-relations/legacy/contracts";

/**
 * The employment service system's tables, in its own terms: one registration record per person
 * (就业/失业登记), and the cases (办件) it has handled, keyed by 业务流水号 so a repeated request
 * returns the case it already made.
 */
export interface JyRecord {
  sfzh: string;
  /** 就业状态: 1 就业登记, 2 失业登记, 0 无有效登记 */
  jyzt: "0" | "1" | "2";
  /** 用人单位统一社会信用代码 (就业登记) */
  dwxydm: string;
  /** 登记日期 yyyyMMdd */
  djrq: string;
  /** 登记地区 */
  djdq: string;
  /** 《就业创业证》编号 */
  jycyzbh: string;
  /** 就业困难人员 */
  jykn: boolean;
  /** 高校毕业生 (未就业, 待接收) */
  gxbys: boolean;
  /** 接收单位 (2.7.1) */
  jsdwxydm: string;
  /** 业务流水号 of the request that made the current registration */
  djlsh: string;
  /** 最近一次失业登记终止日期 yyyyMMdd */
  sydjzzrq: string;
}

export interface JyCase {
  bjbh: string;
  sxbm: string;
  ywlsh: string;
  /** What the request asked, to tell a repeat from a different request under the same 流水号. */
  qqzy: string;
  sfzh: string;
  dwxydm: string;
  /** 办件状态: 1 已受理, 2 已办结 */
  bjzt: "1" | "2";
  slsj: Date;
  bjsj: Date | null;
  bz: string;
}

export interface JyTables {
  people: Map<string, JyRecord>;
  /** 用人单位 → 所在地区 */
  employers: Map<string, string>;
  cases: Map<string, JyCase>;
  cardSerial: number;
  caseSerial: number;
  /** How long the system's clerks take to complete an accepted case (clock time). */
  duration: CaseDuration;
  /** When each accepted case is completed (clock ms), by 流水号. */
  due: Map<string, number>;
}

export const compactDate = (iso: string) => iso.replaceAll("-", "");

function cardNumber(region: string, year: string, serial: number): string {
  return `${divisionCodes[region] ?? "140000"}${year}${String(serial).padStart(6, "0")}`;
}

/** Seeds the system's view of the demo population (retirees never registered here). */
export function seedEmployment(opts: CaseDurationOptions = {}): JyTables {
  const { people, employers } = demoData();
  const tables: JyTables = { people: new Map(), employers: new Map(), cases: new Map(), cardSerial: 0, caseSerial: 0, duration: caseDurations(opts), due: new Map() };
  for (const e of employers) tables.employers.set(e.creditCode, e.region);
  const regionOf = new Map(employers.map((e) => [e.creditCode, e.region]));
  for (const p of people) {
    if (p.stage === "RETIRED" || p.stage === "DECEASED_RETIREE") continue;
    const h = stableHash(p.idNumber);
    const record: JyRecord = {
      sfzh: p.idNumber, jyzt: "0", dwxydm: "", djrq: "", djdq: p.region, jycyzbh: "",
      jykn: false, gxbys: p.stage === "GRADUATE", jsdwxydm: "", djlsh: "", sydjzzrq: "",
    };
    const contract = demoContract(p, employers);
    if (p.stage === "EMPLOYED" && p.employerCreditCode && p.hiredOn) {
      Object.assign(record, { jyzt: "1", dwxydm: p.employerCreditCode, djrq: compactDate(p.hiredOn), djdq: regionOf.get(p.employerCreditCode) ?? p.region });
      if (h % 3 === 0) record.jycyzbh = cardNumber(p.region, p.hiredOn.slice(0, 4), ++tables.cardSerial);
    } else if (p.stage === "UNEMPLOYED" && contract) {
      const since = unemploymentRegisteredOn(contract);
      Object.assign(record, { jyzt: "2", djrq: compactDate(since), jycyzbh: cardNumber(p.region, since.slice(0, 4), ++tables.cardSerial) });
      record.jykn = Number(p.birthDate.slice(0, 4)) <= 1976 || h % 5 === 0;
    } else if (p.stage === "GRADUATE" && h % 2 === 0) {
      record.jycyzbh = cardNumber(p.region, "2025", ++tables.cardSerial);
    }
    tables.people.set(p.idNumber, record);
  }
  return tables;
}

export function nextCardNumber(tables: JyTables, region: string, now: Date): string {
  return cardNumber(region, String(now.getUTCFullYear()), ++tables.cardSerial);
}

/** 办件编号: JY + 6-digit region + yyyyMMdd + 6-digit serial. */
export function nextCaseNumber(tables: JyTables, region: string, now: Date): string {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");
  return `JY${divisionCodes[region] ?? "140000"}${day}${String(++tables.caseSerial).padStart(6, "0")}`;
}
