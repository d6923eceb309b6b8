import { now, nowDate } from "../../../lib/clock";
import { CZLX, LegacyCode, ZJLX, type AC02Row, type CaseRequest, type CaseRow } from "../wire";
import { SI, todayCompact, type SiTables } from "./data";

/** A refusal as the platform words it: its own code and message. */
export class PlatformError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined);

function person(t: SiTables, req: CaseRequest) {
  const row = req.AAC002 ? t.ac01.get(req.AAC002) : undefined;
  if (!row) throw new PlatformError(LegacyCode.PERSON_NOT_FOUND, "人员不存在");
  return row;
}

function unit(t: SiTables, req: CaseRequest) {
  const row = req.AAB001 ? t.ab01ByNo.get(req.AAB001) : undefined;
  if (!row) throw new PlatformError(LegacyCode.UNIT_NOT_FOUND, "单位不存在");
  return row;
}

function insurancesOf(req: CaseRequest): string[] {
  const list = strings(req.PARAMS.AAE140) ?? [...SI.insurances];
  if (list.length === 0 || list.some((c) => !(SI.insurances as readonly string[]).includes(c))) {
    throw new PlatformError(LegacyCode.BAD_REQUEST, "险种类型不正确");
  }
  return list;
}

function upsertEnrolment(rows: AC02Row[], aac001: string, aab001: string, aae140: string, since: string) {
  const row = rows.find((r) => r.AAB001 === aab001 && r.AAE140 === aae140);
  if (row) Object.assign(row, { AAC008: SI.enrolment.active, AAC031: SI.contribution.contributing, AAE030: since });
  else rows.push({ AAC001: aac001, AAB001: aab001, AAE140: aae140, AAC008: SI.enrolment.active, AAC031: SI.contribution.contributing, AAE030: since });
}

const contributing = (r: AC02Row) => r.AAC008 === SI.enrolment.active && r.AAC031 === SI.contribution.contributing;

/**
 * Applies one case to the tables and says whether it is done (办结) or only accepted (受理). Checks
 * come before any change, so a refused case changes nothing.
 */
function apply(t: SiTables, req: CaseRequest): "1" | "2" | { status: "1" | "2"; remark: string } {
  const since = typeof req.PARAMS.AAE030 === "string" ? req.PARAMS.AAE030 : todayCompact();
  switch (req.SXBM) {
    case "1.1.5": {
      const p = person(t, req);
      const u = unit(t, req);
      const insurances = insurancesOf(req);
      const rows = t.ac02.get(p.AAC001) ?? [];
      if (rows.some((r) => r.AAB001 === u.AAB001 && r.AAC008 === SI.enrolment.active)) {
        throw new PlatformError(LegacyCode.ALREADY_INSURED, "该人员已在本单位参保");
      }
      for (const aae140 of insurances) upsertEnrolment(rows, p.AAC001, u.AAB001, aae140, since);
      t.ac02.set(p.AAC001, rows);
      return "2";
    }
    case "1.3.1": {
      const p = person(t, req);
      const u = unit(t, req);
      const insurances = insurancesOf(req);
      const rows = t.ac02.get(p.AAC001) ?? [];
      const mine = (aae140: string) => rows.find((r) => r.AAB001 === u.AAB001 && r.AAE140 === aae140);
      if (req.PARAMS.ZJLX === ZJLX.INCREASE) {
        // A declaration is about the state it asks for: insurances already paid through this unit
        // (e.g. started by the 参保登记 of the same hire) are noted, not refused.
        const already = insurances.filter((c) => { const r = mine(c); return r && contributing(r); });
        for (const aae140 of insurances.filter((c) => !already.includes(c))) upsertEnrolment(rows, p.AAC001, u.AAB001, aae140, since);
        t.ac02.set(p.AAC001, rows);
        return already.length ? { status: "2", remark: `险种${already.join("、")}已在本单位缴费，无需增员` } : "2";
      }
      if (req.PARAMS.ZJLX === ZJLX.DECREASE) {
        if (insurances.some((c) => { const r = mine(c); return !r || !contributing(r); })) {
          throw new PlatformError(LegacyCode.NOT_CONTRIBUTING, "该人员未在本单位缴费");
        }
        for (const aae140 of insurances) Object.assign(mine(aae140)!, { AAC008: SI.enrolment.suspended, AAC031: SI.contribution.suspended });
        return "2";
      }
      throw new PlatformError(LegacyCode.BAD_REQUEST, "增减类型不正确");
    }
    case "1.8.1": {
      if (req.PARAMS.CZLX !== CZLX.STOP) return acceptOnly(t, req); // an application for the benefit, assessed later
      const p = person(t, req);
      const drawn = (t.ac60.get(p.AAC001) ?? []).filter((b) => b.AAA036 === SI.benefit.unemployment && b.AAE116 === SI.payment.paying);
      if (drawn.length === 0) throw new PlatformError(LegacyCode.NO_BENEFIT, "该人员无在发失业保险金");
      for (const b of drawn) b.AAE116 = SI.payment.stopped;
      return "2";
    }
    case "1.6.12":
    case "1.6.15":
    case "1.6.17":
      person(t, req);
      if (typeof req.PARAMS.ZCD !== "string" || typeof req.PARAMS.ZRD !== "string") {
        throw new PlatformError(LegacyCode.BAD_REQUEST, "转出地、转入地不能为空");
      }
      return "1"; // a transfer needs the other side's confirmation: accepted now, completed later
    default:
      return acceptOnly(t, req);
  }
}

/** A case the platform's clerks handle later: only who it concerns is checked. */
function acceptOnly(t: SiTables, req: CaseRequest): "1" {
  if (req.AAC002) person(t, req);
  if (req.AAB001) unit(t, req);
  return "1";
}

/**
 * Records a case, once per 业务流水号: a repeated YWLSH returns the case recorded the first time and
 * applies nothing again, so a caller that lost the answer can safely send the same request.
 */
export function recordCase(t: SiTables, req: CaseRequest, now = nowDate()): CaseRow {
  const existing = t.cases.get(req.YWLSH);
  if (existing) return existing;
  const applied = apply(t, req);
  const { status, remark } = typeof applied === "string" ? { status: applied, remark: undefined } : applied;
  t.caseSeq++;
  const row: CaseRow = {
    BJBH: `BJ${todayCompact(now)}${String(t.caseSeq).padStart(6, "0")}`,
    YWLSH: req.YWLSH,
    SXBM: req.SXBM,
    BLZT: status,
    SLSJ: now.toISOString(),
    BJSJ: status === "2" ? now.toISOString() : null,
    ...(remark ? { AAE013: remark } : {}),
    ...(req.SXBM === "1.7.4" ? { XSTJ: injuryCondition(req) } : {}),
  };
  t.cases.set(req.YWLSH, row);
  if (status === "1") t.due.set(req.YWLSH, now.getTime() + t.duration(req.SXBM, row.BJBH));
  return row;
}

/**
 * 工伤认定 (1.7.4): the platform's clerk states at 受理 whether the facts are clear (7 days) or need
 * an investigation (60 days); otherwise the 30 days of the norm apply. The application's details
 * carry what the window saw (`injuryFacts`: CLEAR or UNCLEAR).
 */
function injuryCondition(req: CaseRequest): string {
  const facts = req.PARAMS.injuryFacts;
  return facts === "CLEAR" ? "CLEAR" : facts === "UNCLEAR" || facts === "INVESTIGATION" ? "INVESTIGATION" : "STANDARD";
}

/** A case as it stands now: an accepted one whose time has come is completed (办结) at that time. */
export function caseNow(t: SiTables, ywlsh: string): CaseRow | undefined {
  const row = t.cases.get(ywlsh);
  const due = t.due.get(ywlsh);
  if (row && row.BLZT === "1" && due !== undefined && now() >= due) {
    row.BLZT = "2";
    row.BJSJ = new Date(due).toISOString();
    t.due.delete(ywlsh);
  }
  return row;
}
