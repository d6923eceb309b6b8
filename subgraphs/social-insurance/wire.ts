/**
 * The core platform's wire format as the adapter speaks it: JSON with the 金保 coded field names,
 * every answer in one envelope. The stand-in serves exactly this; a real platform's gateway is
 * expected to as well (only the code values differ between vendors, and those are configuration).
 */
export interface Envelope<T> {
  /** "0000" is success; anything else is the platform's error code. */
  code: string;
  message: string;
  data: T | null;
}

export const LegacyCode = {
  OK: "0000",
  BAD_REQUEST: "1001",
  PERSON_NOT_FOUND: "2001",
  UNIT_NOT_FOUND: "2002",
  CASE_NOT_FOUND: "2003",
  ALREADY_INSURED: "3001",
  NOT_CONTRIBUTING: "3002",
  NO_BENEFIT: "3003",
  ALREADY_CONTRIBUTING: "3004",
  INTERNAL: "9999",
} as const;

/** AC01 人员基本信息 */
export interface AC01Row {
  AAC001: string; // 个人编号
  AAC002: string; // 公民身份号码
  AAC003: string; // 姓名
  AAC004: string; // 性别
  AAC006: string; // 出生日期 yyyymmdd
  AAB301: string; // 行政区划代码
}

/** AB01 单位基本信息 */
export interface AB01Row {
  AAB001: string; // 单位编号
  AAB004: string; // 单位名称
  AAB998: string; // 统一社会信用代码
  AAB301: string;
}

/** AC02 个人参保信息: one row per person, unit and insurance */
export interface AC02Row {
  AAC001: string;
  AAB001: string;
  /** The unit's credit code, joined in by the query view (not stored on AC02). */
  AAB998?: string;
  AAE140: string; // 险种类型
  AAC008: string; // 人员参保状态
  AAC031: string; // 个人缴费状态
  AAE030: string; // 开始日期 yyyymmdd
}

/** AC60 待遇发放信息 */
export interface AC60Row {
  AAC001: string;
  AAA036: string; // 待遇类型
  AAE116: string; // 待遇发放状态
  AAE030: string;
}

/** What a person query answers: the people found and all their enrolment and benefit rows. */
export interface PersonSet {
  AC01: AC01Row[];
  AC02: AC02Row[];
  AC60: AC60Row[];
}

export interface PageQuery {
  /** People actively insured by this unit (by its credit code). */
  AAB998?: string;
  /** People registered in this division. */
  AAB301?: string;
  OFFSET: number;
  LIMIT: number;
}

export interface PageResult extends PersonSet {
  TOTAL: number;
}

/** Change direction of 1.3.1 缴费人员增减申报 (增减类型). */
export const ZJLX = { INCREASE: "1", DECREASE: "2" } as const;

/** 操作类型 of a 1.8.1 case: without it the case applies for the benefit, with STOP it stops the benefit paid (停发). */
export const CZLX = { STOP: "TF" } as const;

export interface CaseRequest {
  /** 业务流水号: the caller's idempotency key; the platform keeps one case per value. */
  YWLSH: string;
  /** 事项编码 */
  SXBM: string;
  AAC002?: string;
  AAB001?: string;
  PARAMS: Record<string, unknown>;
}

/** A case (办件) as the platform records it. */
export interface CaseRow {
  BJBH: string; // 办件编号
  YWLSH: string;
  SXBM: string;
  BLZT: "1" | "2"; // 办理状态: 1 已受理, 2 已办结
  SLSJ: string; // 受理时间 (ISO 8601)
  BJSJ: string | null; // 办结时间
  AAE013?: string; // 备注: what the platform says about the case, e.g. that nothing needed changing
  XSTJ?: string; // 限时条件: the time limit's condition stated at 受理 (1.7.4: CLEAR 事实清楚, INVESTIGATION 需调查)
}
