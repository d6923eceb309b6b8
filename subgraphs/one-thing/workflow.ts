import { badInput } from "../../lib/errors";
import type { Insurance, RemarkRule } from "../../schema/catalogue";

/**
 * The shape of a bundle's workflow (打包办理流程). The notice asks each bundle to be laid out by
 * 前置、并联、后置: stages run one after the other, the steps of a stage run concurrently.
 */
export type Relation = "PREREQUISITE" | "PARALLEL" | "FOLLOW_UP";

/**
 * What the engine may know about the applicant; conditions of steps are written against these.
 * A fact nobody stated is false, so an optional step runs only when its case is declared.
 */
export const FACTS = [
  "HAS_CARD", // holds a social security card (any status)
  "CARD_LOST", // the card is lost and not yet reported (挂失 still to do)
  "HAS_EMPLOYMENT_CARD", // already holds a 《就业创业证》
  "DRAWS_UNEMPLOYMENT_BENEFIT", // currently paid 失业保险金
  "PARTY_MEMBER", // 党员: the organisation relation moves with the archive
  "GRADUATE", // 高校毕业生 within the graduate period
  "PENSION_ELSEWHERE", // a pension relation to bring over; the variant comes from details.pensionTransfer
  "UNEMPLOYMENT_INSURANCE_ELSEWHERE", // an unemployment-insurance relation in another region
  "ARCHIVE_ELSEWHERE", // the personnel archive is kept elsewhere and must move
  "CONTRIBUTION_ARREARS", // contributions owed (欠费) to be paid before the change
  "EARLY_RETIREMENT", // 提前退休（退职） rather than normal retirement
  "MULTIPLE_PENSION_RELATIONS", // 多重养老保险关系 to be refunded
  "WORK_INJURY_BENEFICIARY", // receives work-injury benefits
  "WORK_INJURY_TOP_UP", // a work-injury benefit difference is owed at retirement (待遇补差)
  "WORK_INJURY_REGISTERED", // the employer already registered the injury (then it is a change)
  "HOSPITALISED", // in-patient treatment (住院伙食补助)
  "TREATED_OUTSIDE_REGION", // treated outside the pooling region (异地就医)
  "HAS_DEPENDANTS", // relatives the deceased supported (供养亲属)
  "EMPLOYMENT_DIFFICULTY", // asks to be recognised as 就业困难人员
  "IN_TRAINING", // attends vocational training while unemployed
  "FLEXIBLE_EMPLOYMENT", // 灵活就业: pays contributions personally
  "LOW_INCOME_FAMILY", // 困难家庭 graduate (求职创业补贴)
  "NEEDS_STARTUP_LOAN", // asks for a 创业担保贷款
] as const;
export type Fact = (typeof FACTS)[number];
export type Facts = Partial<Record<Fact, boolean>>;

/** A step's condition: the fact must have the given truth value. */
export interface Condition {
  fact: Fact;
  is: boolean;
}

/**
 * What a step does at its agency. ITEM is the item itself through the agency's generic item
 * mutation; the others are operations the agencies expose as typed mutations (see step-mutations.ts).
 */
export type Action =
  | "ITEM"
  | "ENROL_EMPLOYEE"
  | "CONTRIBUTORS_INCREASE"
  | "CONTRIBUTORS_DECREASE"
  | "STOP_UNEMPLOYMENT_BENEFIT"
  | "TRANSFER_PENSION_RELATION"
  | "APPLY_FOR_CARD"
  | "ACTIVATE_CARD"
  | "RESET_CARD_PASSWORD"
  | "REPORT_CARD_LOSS"
  | "REISSUE_CARD"
  | "CANCEL_CARD"
  | "REGISTER_EMPLOYMENT"
  | "REGISTER_UNEMPLOYMENT"
  | "APPLY_FOR_EMPLOYMENT_CARD"
  | "ACCEPT_GRADUATE"
  | "TRANSFER_ARCHIVE"
  | "TRANSFER_PARTY_RELATION"
  | "FILE_PUBLIC_INSTITUTION_HIRE"
  | "FILE_EMPLOYMENT"
  | "FILE_TERMINATION";

export interface StepDef {
  /** Stable within the bundle: part of the step's idempotency key, so never renamed once live. */
  id: string;
  /**
   * The bundle's item codes this step covers: one, or a group (养老保险关系转移接续) of which one
   * variant is performed, chosen from the application's details. Empty for an extra effect a
   * remark requires (e.g. stopping unemployment benefit), which then names `performedAs`.
   */
  itemCodes: string[];
  /** The item code an extra effect is performed and reported under. */
  performedAs?: string;
  action: Action;
  /** Every condition must hold, or the step is SKIPPED. */
  when?: Condition[];
  /**
   * Steps (of earlier stages) whose result this one builds on, in addition to every step of the
   * earlier PREREQUISITE stages: if one of them ends in manual handling, this step waits in manual
   * handling too.
   */
  needs?: string[];
  /** Fixed parameters of the operation, e.g. the insurances of a contributor increase. */
  params?: Record<string, unknown>;
  /** The remark rule of the notice that this step carries out, for the reader and the API. */
  rule?: RemarkRule["kind"];
}

export interface Stage {
  relation: Relation;
  steps: StepDef[];
}

export type PartyRequirement = "REQUIRED" | "OPTIONAL" | "NONE";

export type Submitter = "citizen" | "employer" | "staff";

export interface Workflow {
  scenario: number;
  /** Who the application is about: the person (idNumber) and/or the employer (creditCode). */
  parties: { idNumber: PartyRequirement; creditCode: PartyRequirement };
  /**
   * Who may submit it: the person for herself, the employer's operator, a window clerk on someone's
   * behalf. Staff may always; the others where the bundle is theirs to apply for.
   */
  submitters: Submitter[];
  stages: Stage[];
}

export const ALL_THREE: Insurance[] = ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"];

/** The pension-transfer family: which variant a `details.pensionTransfer` value selects. */
export const PENSION_TRANSFER_VARIANTS: Record<string, string> = {
  INTER_REGIONAL: "1.6.12", // 城镇职工基本养老保险关系转移接续
  PUBLIC_INSTITUTION: "1.6.15", // 机关事业单位 ↔ 城镇企业职工
  URBAN_RURAL: "1.6.16", // 城镇职工 ↔ 城乡居民 制度衔接
  MILITARY: "1.6.17", // 军地养老保险关系转移接续
};

export function conditionHolds(conditions: Condition[] | undefined, facts: Facts): boolean {
  return (conditions ?? []).every((c) => (facts[c.fact] ?? false) === c.is);
}

/**
 * The item code a step performs: its only code, the variant of a group chosen from the details, or
 * the code an extra effect is performed under. Throws BAD_USER_INPUT when a group's variant is
 * missing or not one of the group's codes.
 */
export function performedCode(step: StepDef, details: Record<string, unknown>): string {
  if (step.itemCodes.length === 1) return step.itemCodes[0]!;
  if (step.itemCodes.length === 0) {
    if (!step.performedAs) throw new Error(`step ${step.id} has neither item codes nor performedAs`);
    return step.performedAs;
  }
  const chosen = details.pensionTransfer;
  const code = typeof chosen === "string" ? PENSION_TRANSFER_VARIANTS[chosen] : undefined;
  if (!code || !step.itemCodes.includes(code)) {
    const allowed = Object.entries(PENSION_TRANSFER_VARIANTS).filter(([, c]) => step.itemCodes.includes(c)).map(([k]) => k);
    throw badInput(`details.pensionTransfer must be one of ${allowed.join(", ")} for this bundle`, { field: "details.pensionTransfer", allowed });
  }
  return code;
}

/** Every step of a workflow, with its stage index and relation. */
export function stepsOf(workflow: Workflow): (StepDef & { stage: number; relation: Relation })[] {
  return workflow.stages.flatMap((stage, i) => stage.steps.map((s) => ({ ...s, stage: i, relation: stage.relation })));
}

/** The steps a step waits on when it ends in manual handling: explicit `needs`, else every earlier PREREQUISITE step. */
export function needsOf(workflow: Workflow, stepId: string): string[] {
  const all = stepsOf(workflow);
  const step = all.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId} in bundle ${workflow.scenario}`);
  const prerequisites = all.filter((s) => s.stage < step.stage && s.relation === "PREREQUISITE").map((s) => s.id);
  return [...new Set([...prerequisites, ...(step.needs ?? [])])];
}
