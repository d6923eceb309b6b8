// Catalogue of 晋人社厅发〔2020〕35号 “人社服务快办行动”: the 10 “一件事” bundles (附件1),
// the 25 “提速办” items (附件2) and the 23 contact points (附件3).

/** 1.x 社会保险, 2.x 就业, 3.x 人才人事, 4.x 劳动关系 — the first segment of the national item code. */
export type Area = "SOCIAL_INSURANCE" | "EMPLOYMENT" | "PERSONNEL" | "LABOR_RELATIONS";

/**
 * The back-end system that handles an item. 社会保障卡 items (1.10.x) live in the card system even
 * though their code sits in the social-insurance area.
 */
export type AgencyId = "social-insurance" | "employment" | "personnel" | "labor-relations" | "card";

export interface ServiceItem {
  code: string;
  /** The fullest spelling the notice uses for this code. */
  name: string;
  /** Other spellings of the same code in the notice; never equal to `name`. */
  aliases: string[];
  area: Area;
  agency: AgencyId;
}

/**
 * - NONE: the notice says 无 (no limit set).
 * - INSTANT: 即时办理 / 即时办结 / 立等可取; `value` is always null.
 * - LOCAL_TARGET: 各市、县结合实际制定提速目标 — the limit is left to cities and counties.
 * - STATUTORY: the limit of the relevant laws and regulations applies, without a figure.
 * - QUARTER_OF_YEAR: a calendar deadline rather than a duration; `value` is the quarter (1–4) of
 *   each year by whose end the item must be done (2.6.2 “省本级在每年一季度完成拨付”).
 *
 * CALENDAR_DAYS covers bare “日”: the regulations these limits come from (工伤保险条例, 失业保险条例)
 * count 日 as calendar days and say 工作日 where they mean working days.
 */
export type LimitUnit =
  | "WORKING_DAYS"
  | "CALENDAR_DAYS"
  | "MONTHS"
  | "MINUTES"
  | "INSTANT"
  | "NONE"
  | "LOCAL_TARGET"
  | "STATUTORY"
  | "QUARTER_OF_YEAR";

export interface LimitAlternative {
  value: number | null;
  unit: LimitUnit;
  condition: string;
  /** The condition as a key the engine can test (see `conditionKeys` in time-limits.ts); absent when acceptance itself implies it. */
  key?: LimitConditionKey;
}

/**
 * Conditions of 附件2 a case can be tested for: CLEAR / INVESTIGATION (1.7.4, stated by the agency
 * when it accepts), COMPLEX / EXTENDED (1.7.5-7), ON_SITE (a window submission; online has no
 * accelerated limit), BATCH / SINGLE (1.10.1), INSTANT_COUNTY (a single card in a county that issues
 * on the spot), PROVINCIAL / LOCAL (handled by 省本级 or by a city or county).
 */
export type LimitConditionKey =
  | "CLEAR" | "INVESTIGATION" | "COMPLEX" | "EXTENDED" | "ON_SITE" | "BATCH" | "SINGLE" | "INSTANT_COUNTY" | "PROVINCIAL" | "LOCAL";

export interface TimeLimit {
  /** The cell of 附件2 verbatim. */
  text: string;
  /** The general limit; null for INSTANT, NONE, LOCAL_TARGET and STATUTORY. */
  value: number | null;
  unit: LimitUnit;
  /** When the general limit is itself conditional (e.g. 现场办理), the condition; otherwise null. */
  condition: string | null;
  /** Limits that replace the general one under their condition. */
  alternatives: LimitAlternative[];
  /** `condition` as a key (see LimitAlternative.key); absent when the general limit needs nothing testable. */
  conditionKey?: LimitConditionKey;
}

export interface AcceleratedItem {
  /** 序号 in 附件2. */
  seq: number;
  /** The 事项名称 cell without its leading code (for a grouped row, the group's label). */
  name: string;
  codes: string[];
  /** 当前规定的办结时限 */
  statutoryLimit: TimeLimit;
  /** 提速后办结时限 — the minimum every locality that picks the item must meet. */
  acceleratedLimit: TimeLimit;
}

export type Insurance = "PENSION" | "WORK_INJURY" | "UNEMPLOYMENT";

export type RemarkRule =
  /** Register the person as a new contributor to each of these insurances in the same pass. */
  | { kind: "SYNC_CONTRIBUTOR_INCREASE"; insurances: Insurance[] }
  /** If the person draws 失业保险金, stop it in the same pass. */
  | { kind: "STOP_UNEMPLOYMENT_BENEFIT" }
  /** If a 工伤保险待遇 difference is owed, settle it in the same pass. */
  | { kind: "WORK_INJURY_BENEFIT_TOP_UP" }
  /** These agencies must keep their rosters of the person in step. */
  | { kind: "SYNC_ROSTER"; agencies: string[] }
  /** The applicant must come in person; `when` narrows the moment (e.g. 离校后). */
  | { kind: "APPLICANT_IN_PERSON"; applicant: string; when: string | null }
  /** The item is not handled on its own but inside business registration (“多证合一”). */
  | { kind: "MERGED_INTO_BUSINESS_REGISTRATION"; itemCode: string; basis: string }
  /**
   * Once `from` decides a 工伤认定, it pushes the decision to `to`, which then opens `thenItemCode`
   * without a separate application.
   */
  | { kind: "PUSH_WORK_INJURY_DETERMINATION"; from: string; to: string; thenItemCode: string }
  /** Permissive, not mandatory: the bundle may also be offered for these cases. */
  | { kind: "ALSO_APPLICABLE_TO"; cases: string[] }
  /** One sentence that carries several independent rules. */
  | { kind: "ALL_OF"; rules: RemarkRule[] };

export interface Remark {
  /** The numbered sentence of the 备注 cell, without its number. */
  text: string;
  rule: RemarkRule | null;
}

export interface Scenario {
  /** 序号 in 附件1. */
  seq: number;
  /** 办事场景 verbatim. */
  name: string;
  /** 所涉服务事项 in the notice's order, grouped entries expanded in place. */
  itemCodes: string[];
  /** 涉及机构 verbatim, in order. */
  agencies: string[];
  remarks: Remark[];
}

export type ContactLevel = "PROVINCIAL" | "MINISTRY_AND_PROVINCIAL";

export interface ContactPoint {
  name: string;
  level: ContactLevel;
  /** 联系层级 verbatim. */
  levelText: string;
  /** The city a district, county or county-level city belongs to; null for cities and 省本级. */
  parent: string | null;
}
