import { badInput } from "../../lib/errors";
import { chinaDate } from "../../schema/calendar/deadline";
import { isContactPoint } from "../../schema/catalogue";
import { DateScalar } from "../../schema/scalars/graphql";
import type { Application, ApplicationStep } from "./application";

/**
 * The details an application may carry for its items, checked at submission so a step never fails
 * at its agency for a detail that could have been refused up front. Every one has a default the
 * bundle's case implies; dates default to the day of submission, so a step performed again
 * later (after a crash, on a retry) sends exactly what it sent the first time.
 */
const CONTRACT_TYPES = ["FIXED_TERM", "OPEN_ENDED", "TASK_BASED"];
const TERMINATION_KINDS = ["DISSOLVED", "EXPIRED"];

function text(details: Record<string, unknown>, field: string, max = 100): string | undefined {
  const v = details[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !v.trim() || v.length > max) throw badInput(`details.${field} must be a non-empty text of at most ${max} characters`, { field: `details.${field}` });
  return v.trim();
}

function oneOf(details: Record<string, unknown>, field: string, allowed: string[]): string | undefined {
  const v = details[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !allowed.includes(v)) throw badInput(`details.${field} must be one of ${allowed.join(", ")}`, { field: `details.${field}` });
  return v;
}

/** Throws BAD_USER_INPUT / INVALID_DATE for a detail the applicable steps could not use. */
export function checkDetails(details: Record<string, unknown>, applicable: ApplicationStep[]): void {
  for (const field of ["startDate", "endDate"]) if (details[field] != null) DateScalar.parseValue(details[field]);
  const contract = oneOf(details, "contractType", CONTRACT_TYPES);
  if (contract === "FIXED_TERM" && details.endDate == null && applicable.some((s) => s.action === "FILE_EMPLOYMENT")) {
    throw badInput("A FIXED_TERM contract needs details.endDate", { field: "details.endDate" });
  }
  oneOf(details, "terminationKind", TERMINATION_KINDS);
  // what decides a time limit's condition: a card in an employer's batch run (1.10.1 批量制发),
  // what the window saw of a work injury (1.7.4, the agency states the condition from it)
  if (details.cardBatch !== undefined && typeof details.cardBatch !== "boolean") throw badInput("details.cardBatch must be true or false", { field: "details.cardBatch" });
  oneOf(details, "injuryFacts", ["CLEAR", "UNCLEAR"]);
  text(details, "position", 40);
  text(details, "partyOrganization", 100);
  const archiveTo = text(details, "archiveToRegion", 40);
  if (archiveTo && !isContactPoint(archiveTo)) throw badInput(`details.archiveToRegion must be a contact point`, { field: "details.archiveToRegion" });
  const pension = applicable.find((s) => s.action === "TRANSFER_PENSION_RELATION");
  if (pension && pension.itemCode !== "1.6.16" && !text(details, "pensionFromRegion", 40)) {
    throw badInput("A pension transfer needs details.pensionFromRegion (转出地)", { field: "details.pensionFromRegion" });
  }
}

const str = (app: Application, field: string): string | undefined => {
  const v = app.details[field];
  return typeof v === "string" ? v : undefined;
};

/** The day the change takes effect: `details.startDate`, else the day the application was submitted. */
export const startDateOf = (app: Application) => str(app, "startDate") ?? chinaDate(new Date(app.submittedAt));
/** The last day of a contract: `details.endDate`, else the day of submission. */
export const endDateOf = (app: Application) => str(app, "endDate") ?? chinaDate(new Date(app.submittedAt));
export const contractTypeOf = (app: Application) => str(app, "contractType") ?? "OPEN_ENDED";
/** Retirement ends the contract (终止); a separation bundle defaults to 解除 unless stated. */
export const terminationKindOf = (app: Application) => str(app, "terminationKind") ?? (app.scenario === 7 ? "EXPIRED" : "DISSOLVED");
export const positionOf = (app: Application) => str(app, "position") ?? "专业技术岗位";
/** Where the archive goes: stated, else the contact point the application is filed at. */
export const archiveRegionOf = (app: Application) => str(app, "archiveToRegion") ?? app.region;
/** The party organization of the talent service centre that will keep the archive. */
export const partyOrganizationOf = (app: Application) => str(app, "partyOrganization") ?? `${archiveRegionOf(app)}人才服务中心党委`;
export const pensionFromRegionOf = (app: Application) => str(app, "pensionFromRegion") ?? "";
