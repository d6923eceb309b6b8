import type { WorkingCalendar } from "../../schema/calendar/calendar";
import { calendar } from "../../schema/calendar/calendar";
import { type Pause, caseDeadline, limitForCase } from "../../schema/calendar/deadline";
import type { LimitConditionKey } from "../../schema/catalogue/types";
import type { ApplicationHeader, ApplicationStep, StoredReceipt } from "./application";
import type { StepReceipt } from "./executor";
import { regionOf } from "./submission";

// How a step's limit and deadline are decided, and who an application counts for.

/**
 * The contact point an application counts for: its office; for records without one, the window's
 * region for a window submission (the clerk's office, which `region` holds for those) and else the
 * region of the ID number or credit code.
 */
export const officeOf = (app: Pick<ApplicationHeader, "office" | "idNumber" | "creditCode" | "submittedBy"> & { region?: string }): string =>
  app.office ?? (app.submittedBy.kind === "staff" && app.region ? app.region : regionOf(null, app.idNumber, app.creditCode));

const KNOWN_CONDITIONS = new Set<LimitConditionKey>(["CLEAR", "INVESTIGATION", "COMPLEX", "EXTENDED"]);
const statedCondition = (c: string | null | undefined): LimitConditionKey | null =>
  c && KNOWN_CONDITIONS.has(c as LimitConditionKey) ? (c as LimitConditionKey) : null;

type HeaderLike = Pick<ApplicationHeader, "submittedBy" | "office" | "idNumber" | "creditCode" | "details"> & { region?: string };

/**
 * The deadline fields of a step counted from `base` (受理 by the agency; the submission before it),
 * under the limit its conditions select, moved by its finished 补正 pauses.
 */
export function deadlineFields(
  app: HeaderLike,
  itemCode: string,
  base: Date,
  stated: string | null | undefined,
  pauses: Pause[] = [],
  cal: WorkingCalendar = calendar(),
): Pick<ApplicationStep, "deadline" | "deadlineStatus" | "pendingYear" | "limit"> {
  const limit = limitForCase(itemCode, {
    stated: statedCondition(stated),
    channel: app.submittedBy.kind === "staff" ? "WINDOW" : "ONLINE",
    office: officeOf(app),
    batch: app.details?.cardBatch === true,
  });
  const out = caseDeadline(limit, base, pauses, cal);
  switch (out.status) {
    case "SET":
      return { limit, deadline: out.deadline.toISOString(), deadlineStatus: "SET", pendingYear: null };
    case "NONE":
      return { limit, deadline: null, deadlineStatus: "NONE", pendingYear: null };
    case "PENDING_CALENDAR":
      return { limit, deadline: null, deadlineStatus: "PENDING_CALENDAR", pendingYear: out.year };
  }
}

export function storedReceipt(receipt: StepReceipt): StoredReceipt {
  return {
    caseNumber: receipt.caseNumber,
    itemCode: receipt.itemCode,
    system: receipt.system,
    status: receipt.status,
    acceptedAt: new Date(receipt.acceptedAt).toISOString(),
    completedAt: receipt.completedAt ? new Date(receipt.completedAt).toISOString() : null,
    idempotencyKey: receipt.idempotencyKey,
    notes: receipt.notes ?? null,
    limitCondition: receipt.limitCondition ?? null,
  };
}

