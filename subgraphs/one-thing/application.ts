import type { ReceiptStatus } from "../../lib/receipt.type";
import type { AppliedLimit, Pause } from "../../schema/calendar/deadline";
import type { Action, Facts, Relation } from "./workflow";

/** The receipt an agency gave for a step, as stored (dates as ISO strings). */
export interface StoredReceipt {
  caseNumber: string;
  itemCode: string;
  system: string;
  status: ReceiptStatus;
  acceptedAt: string;
  completedAt: string | null;
  idempotencyKey: string;
  /** What else the agency did or says about it (e.g. 同时终止失业登记). */
  notes: string[] | null;
  /** The limit's condition the agency stated when it accepted (1.7.4: CLEAR, INVESTIGATION), if any. */
  limitCondition?: string | null;
}

/**
 * Where a step is in its life. Every switch over `phase` ends in `unreachable(state)` so adding a
 * phase fails to compile until every place handles it.
 * - SKIPPED: its condition does not hold for this applicant (decided at submission).
 * - WAITING_RETRY: the agency was unavailable; tried again at `nextAttemptAt`.
 * - MANUAL: the agency refused, attempts ran out, or a step it builds on is in manual handling.
 * - ACCEPTED: 受理 — the agency has the case and works on it; the engine asks for its 办结 on a
 *   schedule (`nextCheckAt`). A step that needs it may go ahead already (后台并联办理).
 * - DONE: 办结 — the agency completed the case (its receipt says when).
 * - REVOKED: done, then undone because a commitment it relied on proved false.
 */
export type StepState =
  | { phase: "PENDING" }
  | { phase: "SKIPPED"; reason: string }
  | { phase: "RUNNING"; startedAt: string }
  | { phase: "WAITING_RETRY"; nextAttemptAt: string; errorCode: string; error: string }
  | { phase: "ACCEPTED"; receipt: StoredReceipt; acceptedAt: string; checks: number; nextCheckAt: string | null }
  | { phase: "DONE"; receipt: StoredReceipt; completedAt: string }
  | { phase: "MANUAL"; errorCode: string; reason: string; blockedBy: string | null; since: string; verificationTaskId?: string }
  | { phase: "REVOKED"; receipt: StoredReceipt; revokedAt: string; verificationTaskId: string };
export type StepPhase = StepState["phase"];

export interface ApplicationStep {
  id: string;
  stage: number;
  relation: Relation;
  action: Action;
  /** The bundle's codes this step covers (a group lists all of its variants). */
  itemCodes: string[];
  /** The code actually performed (the chosen variant, or the code an extra effect runs under). */
  itemCode: string;
  needs: string[];
  params: Record<string, unknown>;
  rule: string | null;
  materials: string[];
  /** Derived from (application id, step id): the agency performs the step once whatever happens. */
  idempotencyKey: string;
  deadline: string | null;
  /** SET: `deadline` holds; NONE: the item has no period limit; PENDING_CALENDAR: it falls in a year the calendar lacks (absent in older records: SET or NONE by `deadline`). */
  deadlineStatus?: DeadlineStatus;
  /** The year the deadline waits for while PENDING_CALENDAR. */
  pendingYear?: number | null;
  /** The limit that applies to this case, with its condition (set at 受理; provisional before). */
  limit?: AppliedLimit | null;
  /** 受理 by the agency (the limit counts from here). */
  acceptedAt?: string | null;
  /** Waits for the applicant's corrections (补正), which do not count against the limit. */
  pauses?: (Pause & { note: string | null })[];
  attempts: number;
  state: StepState;
  updatedAt: string;
}

export type DeadlineStatus = "SET" | "NONE" | "PENDING_CALENDAR";

export interface Commitment {
  material: string;
  statement: string | null;
  verificationTaskId: string;
}

export interface SubmittedBy {
  kind: "citizen" | "employer" | "staff";
  subject: string;
}

/** The application without its steps: steps are stored one field each so concurrent steps never overwrite each other. */
export interface ApplicationHeader {
  id: string;
  scenario: number;
  idNumber: string | null;
  creditCode: string | null;
  region: string;
  /**
   * The contact point (one of the 23) whose office handles it: the clerk's for a window
   * submission, else the applicant's 参保地 (see \`officeFor\`). Absent on applications stored
   * before it existed; \`officeOfApplication\` reads those as their region.
   */
  office?: string;
  submittedBy: SubmittedBy;
  materials: string[];
  commitments: Commitment[];
  facts: Facts;
  details: Record<string, unknown>;
  idempotencyKey: string;
  /** Materials asked for once vs. the sum over the steps that apply: the application's materials cut. */
  materialsAsked: number;
  materialsSumOverItems: number;
  /** 受理编号 of the bundle as a whole; each step carries its agency's own case number. */
  caseNumber: string;
  submittedAt: string;
  revocations: Revocation[];
  /** Step ids in workflow order (steps are stored as separate fields). */
  stepOrder: string[];
  /** The submitting request's trace (W3C `traceparent`), which the engine's steps continue; absent while tracing is off. */
  traceparent?: string;
}

export interface Revocation {
  stepId: string;
  itemCode: string;
  caseNumber: string;
  verificationTaskId: string;
  material: string;
  at: string;
}

export interface Application extends ApplicationHeader {
  steps: ApplicationStep[];
}

/**
 * COMPLETED when every step is DONE or SKIPPED; when nothing can move any more otherwise, REVOKED
 * if a false commitment undid a step, else NEEDS_MANUAL (a step is in manual handling);
 * IN_PROGRESS while the engine still has work.
 */
export type ApplicationStatus = "IN_PROGRESS" | "COMPLETED" | "NEEDS_MANUAL" | "REVOKED";

export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}

/** Whether the engine has nothing more to do for this step. */
export function isTerminal(state: StepState): boolean {
  switch (state.phase) {
    case "DONE":
    case "SKIPPED":
    case "MANUAL":
    case "REVOKED":
      return true;
    case "PENDING":
    case "RUNNING":
    case "WAITING_RETRY":
    case "ACCEPTED":
      return false;
    default:
      return unreachable(state);
  }
}

/** Whether the engine has nothing more to send to the agency (the case may still be open there). */
export const passedAgency = (state: StepState): boolean => state.phase === "ACCEPTED" || isTerminal(state);

/**
 * Whether a step that needs this one may go ahead: once its agency accepted the case (受理), not
 * only once it is completed — the notice's 后台并联办理: the back offices work on one application at
 * the same time. Where an agency cannot act before the other's case is completed (a card being
 * produced), it refuses and the step is tried again (see Runner.awaitsCompletion).
 */
export function satisfiesNeed(state: StepState): boolean {
  switch (state.phase) {
    case "DONE":
    case "SKIPPED":
    case "ACCEPTED":
      return true;
    case "PENDING":
    case "RUNNING":
    case "WAITING_RETRY":
    case "MANUAL":
    case "REVOKED":
      return false;
    default:
      return unreachable(state);
  }
}

export function applicationStatus(steps: ApplicationStep[]): ApplicationStatus {
  if (steps.every((s) => s.state.phase === "DONE" || s.state.phase === "SKIPPED")) return "COMPLETED";
  if (steps.every((s) => isTerminal(s.state))) return steps.some((s) => s.state.phase === "REVOKED") ? "REVOKED" : "NEEDS_MANUAL";
  return "IN_PROGRESS";
}

export function completedAt(steps: ApplicationStep[]): string | null {
  if (applicationStatus(steps) !== "COMPLETED") return null;
  let last = "";
  for (const s of steps) {
    const at = s.state.phase === "DONE" ? s.state.receipt.completedAt ?? s.updatedAt : s.updatedAt;
    if (at > last) last = at;
  }
  return last || null;
}

/** The office an application counts for; old applications without one count for their region. */
export const officeOfApplication = (app: Pick<ApplicationHeader, "office" | "region">): string => app.office ?? app.region;
