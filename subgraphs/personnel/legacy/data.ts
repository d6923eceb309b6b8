import { type CaseDuration, type CaseDurationOptions, caseDurations } from "../../../lib/case-durations";
import { demoData } from "../../../schema/demo";
import { stableHash } from "../../labor-relations/legacy/contracts";

/**
 * The personnel system's tables (人事档案与事业单位管理): one archive record per person, the units it
 * knows (with their kind), public-institution hiring filings, and its cases keyed by 流水号.
 * Field names follow the system's in-house convention (see server.ts).
 */
export interface DaRecord {
  sfzh: string;
  /** 档案位置: the keeping talent service centre */
  dawz: string;
  /** 档案保管地区 */
  dabgdq: string;
  /** 接收日期 yyyy-MM-dd */
  jsrq: string;
  /** 是否党员 1/0 */
  sfdy: "1" | "0";
  /** 党组织关系所在 */
  dzzgx: string;
  /** 流水号 of the last archive transfer / party relation transfer */
  zdlsh: string;
  dylsh: string;
}

export interface PyRecord {
  babh: string;
  dwxydm: string;
  sfzh: string;
  gwmc: string;
  pyrq: string;
  /** 备案状态: 1 已备案 */
  bazt: "1";
  basj: string;
  lsh: string;
}

export interface RsCase {
  bjbh: string;
  sxbm: string;
  lsh: string;
  qqzy: string;
  /** 办件状态: 0 已受理, 1 已办结 */
  bjzt: "0" | "1";
  slsj: string;
  bjsj: string;
  /** what the write answered besides the case (e.g. 转出/转入机构), repeated for a repeated 流水号 */
  extra?: Record<string, unknown>;
}

export interface RsTables {
  archives: Map<string, DaRecord>;
  /** 单位类型: 1 事业单位, 2 企业 */
  units: Map<string, { dwmc: string; dwlx: "1" | "2" }>;
  filings: PyRecord[];
  cases: Map<string, RsCase>;
  serial: number;
  /** How long the system's clerks take to complete an accepted case (clock time). */
  duration: CaseDuration;
  /** When each accepted case is completed (clock ms), by 流水号. */
  due: Map<string, number>;
}

/** The talent service centre that keeps archives for a contact point's area. */
export function keeperOf(region: string): string {
  return `${region === "省本级" ? "山西省" : region}人才交流服务中心`;
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, the system's timestamp format. */
export function rsTimestamp(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

const POSITIONS = ["专业技术岗位", "管理岗位", "工勤技能岗位"];

export function seedPersonnel(opts: CaseDurationOptions = {}): RsTables {
  const { people, employers } = demoData();
  const t: RsTables = { archives: new Map(), units: new Map(), filings: [], cases: new Map(), serial: 0, duration: caseDurations(opts), due: new Map() };
  const byCode = new Map(employers.map((e) => [e.creditCode, e]));
  for (const e of employers) t.units.set(e.creditCode, { dwmc: e.name, dwlx: e.publicInstitution ? "1" : "2" });
  for (const p of people) {
    const h = stableHash(p.idNumber);
    const keeper = keeperOf(p.archiveRegion);
    const employer = p.employerCreditCode ? byCode.get(p.employerCreditCode) : undefined;
    const received = p.hiredOn ?? (p.stage === "GRADUATE" ? "2025-07-15" : `${2000 + (h % 20)}-${String(1 + (h % 12)).padStart(2, "0")}-${String(1 + (h % 27)).padStart(2, "0")}`);
    t.archives.set(p.idNumber, {
      sfzh: p.idNumber, dawz: keeper, dabgdq: p.archiveRegion, jsrq: received, sfdy: p.partyMember ? "1" : "0",
      dzzgx: p.partyMember ? (employer ? `中共${employer.name}委员会` : `中共${keeper}流动党员党支部`) : "", zdlsh: "", dylsh: "",
    });
    if (employer?.publicInstitution && p.hiredOn) {
      t.filings.push({
        babh: `PYBA${p.hiredOn.slice(0, 4)}${String(++t.serial).padStart(6, "0")}`, dwxydm: employer.creditCode, sfzh: p.idNumber,
        gwmc: POSITIONS[h % POSITIONS.length]!, pyrq: p.hiredOn, bazt: "1", basj: `${p.hiredOn} 09:30:00`, lsh: `SEED-${p.personNo}`,
      });
    }
  }
  return t;
}

export function nextNumber(t: RsTables, prefix: string, now: Date): string {
  return `${prefix}${rsTimestamp(now).slice(0, 10).replaceAll("-", "")}${String(++t.serial).padStart(6, "0")}`;
}
