import { type CaseDuration, type CaseDurationOptions, caseDurations } from "../../../lib/case-durations";
import { demoData, divisionCodes, type DemoPerson } from "../../../schema/demo";
import type { AB01Row, AC01Row, AC02Row, AC60Row, CaseRow } from "../wire";

/** The platform's own codes (this stand-in plays one vendor; the adapter's code tables match it). */
export const SI = {
  insurances: ["110", "210", "310", "410", "510"],
  male: "1",
  female: "2",
  enrolment: { active: "1", suspended: "2", terminated: "4" },
  contribution: { contributing: "1", suspended: "2", stopped: "3" },
  benefit: { pension: "11", unemployment: "21" },
  payment: { paying: "1", suspended: "2", stopped: "3" },
} as const;

export interface SiTables {
  ac01: Map<string, AC01Row>; // by AAC002
  ac01ByNo: Map<string, AC01Row>; // by AAC001
  /** AAC002 in the platform's own order (by 个人编号), for paging. */
  order: string[];
  ab01: Map<string, AB01Row>; // by AAB998
  ab01ByNo: Map<string, AB01Row>; // by AAB001
  ac02: Map<string, AC02Row[]>; // by AAC001
  ac60: Map<string, AC60Row[]>; // by AAC001
  cases: Map<string, CaseRow>; // by YWLSH
  caseSeq: number;
  /** How long the platform's clerks take to complete an accepted case (clock time). */
  duration: CaseDuration;
  /** When each accepted case is completed (clock ms), by YWLSH. */
  due: Map<string, number>;
}

export const yyyymmdd = (isoDate: string) => isoDate.replaceAll("-", "");

/** The day in China (UTC+8), yyyymmdd. */
export function todayCompact(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");
}

function retirementDate(p: DemoPerson): string {
  const age = p.gender === "MALE" ? 60 : 50; // statutory age for workers; cadres differ and are rare here
  return String(Number(p.birthDate.slice(0, 4)) + age) + yyyymmdd(p.birthDate).slice(4);
}

/** The platform's view of the demo population: everyone's basic facts, enrolments of the employed, benefits drawn. */
export function seedTables(opts: CaseDurationOptions = {}): SiTables {
  const { people, employers } = demoData();
  const t: SiTables = {
    ac01: new Map(), ac01ByNo: new Map(), order: [], ab01: new Map(), ab01ByNo: new Map(),
    ac02: new Map(), ac60: new Map(), cases: new Map(), caseSeq: 0, duration: caseDurations(opts), due: new Map(),
  };
  for (const e of employers) {
    const row: AB01Row = { AAB001: e.unitNo, AAB004: e.name, AAB998: e.creditCode, AAB301: divisionCodes[e.region]! };
    t.ab01.set(row.AAB998, row);
    t.ab01ByNo.set(row.AAB001, row);
  }
  const sorted = [...people].sort((a, b) => a.personNo.localeCompare(b.personNo));
  sorted.forEach((p, i) => {
    const row: AC01Row = {
      AAC001: p.personNo, AAC002: p.idNumber, AAC003: p.name,
      AAC004: p.gender === "MALE" ? SI.male : SI.female,
      AAC006: yyyymmdd(p.birthDate), AAB301: divisionCodes[p.region]!,
    };
    t.ac01.set(row.AAC002, row);
    t.ac01ByNo.set(row.AAC001, row);
    t.order.push(row.AAC002);
    const enrolments: AC02Row[] = [];
    const employer = p.employerCreditCode ? t.ab01.get(p.employerCreditCode) : undefined;
    if (employer && p.hiredOn) {
      for (const aae140 of SI.insurances) {
        enrolments.push({
          AAC001: p.personNo, AAB001: employer.AAB001, AAE140: aae140,
          AAC008: SI.enrolment.active, AAC031: SI.contribution.contributing, AAE030: yyyymmdd(p.hiredOn),
        });
      }
    }
    t.ac02.set(p.personNo, enrolments);
    const benefits: AC60Row[] = [];
    if (p.stage === "RETIRED" || p.stage === "DECEASED_RETIREE") {
      benefits.push({ AAC001: p.personNo, AAA036: SI.benefit.pension, AAE116: SI.payment.paying, AAE030: retirementDate(p) });
    }
    if (p.drawsUnemploymentBenefit) {
      benefits.push({ AAC001: p.personNo, AAA036: SI.benefit.unemployment, AAE116: SI.payment.paying, AAE030: `2026${String((i % 9) + 1).padStart(2, "0")}01` });
    }
    t.ac60.set(p.personNo, benefits);
  });
  return t;
}
