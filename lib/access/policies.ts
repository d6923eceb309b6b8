import type { Principal } from "../principal";
import { employerRegion, type FactsLoader } from "./directory";
import { figuresScope } from "./figures";
import { hasRole, isSystem, regionCovers } from "./scopes";

/**
 * The named rules of the `@policy` directive, decided with data. Each answers whether the
 * principal may have the object (or run the operation); the schema says where each applies:
 *
 * - `person` (on `Person`): a citizen herself; an employer operator the people her enterprise
 *   actively insures; staff (clerk, operator) the people registered in their region; partners by
 *   scope alone.
 * - `employer` (on an employer's non-public fields): its own operator; staff of its region;
 *   partners by scope.
 * - `agency-item` (on an agency's item operations): staff at the window (clerk) or of that agency
 *   (operator) whose region covers the person or employer concerned; the engine.
 * - `person-list` (on lists of people): staff who read people, partners, an employer its own staff.
 * - `admin`, `auditor`, `supervisor`: staff with that role.
 * - `figures` (on the statistics): the province's supervisor and administrator, a city's staff
 *   (see figures.ts; the rows are narrowed to the city by the subgraph).
 */
export interface PolicyInput {
  principal: Principal;
  facts: FactsLoader;
  /** The object the rule is about (`Person`: `{ idNumber }`; `Employer`: `{ creditCode }`). */
  object?: Record<string, unknown>;
  args?: Record<string, unknown>;
  /** The subgraph whose field this is (for `agency-item`). */
  agency?: string;
}

export type Policy = (input: PolicyInput) => boolean | Promise<boolean>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
const isStaffReader = (p: Principal) => p.kind === "staff" && (p.roles.includes("clerk") || p.roles.includes("operator"));

export async function mayReadPerson(principal: Principal, idNumber: string | undefined, facts: FactsLoader): Promise<boolean> {
  if (!idNumber) return false;
  switch (principal.kind) {
    case "citizen":
      return principal.idNumber.toUpperCase() === idNumber.toUpperCase();
    case "partner":
      return true;
    case "employer":
      return (await facts.load(idNumber))?.employers.includes(principal.creditCode) ?? false;
    case "staff":
      if (isSystem(principal)) return true;
      if (!isStaffReader(principal)) return false;
      if (principal.region === "省本级") return true;
      return regionCovers(principal.region, (await facts.load(idNumber))?.region);
    default:
      return false;
  }
}

export function mayReadEmployer(principal: Principal, creditCode: string | undefined): boolean {
  if (!creditCode) return false;
  switch (principal.kind) {
    case "employer":
      return principal.creditCode === creditCode;
    case "partner":
      return true;
    case "staff":
      return isSystem(principal) || (isStaffReader(principal) && regionCovers(principal.region, employerRegion(creditCode)));
    default:
      return false;
  }
}

/** Who an item operation is about: the person's ID number or the employer's credit code in its arguments. */
function subjectOfItem(args: Record<string, unknown> = {}): { idNumber?: string; creditCode?: string } {
  const input = (args.input ?? {}) as Record<string, unknown>;
  return {
    idNumber: str(args.idNumber) ?? str(input.idNumber),
    creditCode: str(args.creditCode) ?? str(input.employerCreditCode) ?? str(input.creditCode),
  };
}

async function mayOperate({ principal, args, agency, facts }: PolicyInput): Promise<boolean> {
  if (principal.kind !== "staff") return false;
  if (isSystem(principal)) return true;
  const clerk = principal.roles.includes("clerk");
  const operator = principal.roles.includes("operator") && principal.agency === agency;
  if (!clerk && !operator) return false;
  if (principal.region === "省本级") return true;
  const { idNumber, creditCode } = subjectOfItem(args);
  if (!idNumber && !creditCode) return false;
  if (idNumber && !regionCovers(principal.region, (await facts.load(idNumber))?.region)) return false;
  if (creditCode && !regionCovers(principal.region, employerRegion(creditCode))) return false;
  return true;
}

export const policies: Record<string, Policy> = {
  person: ({ principal, object, facts }) => mayReadPerson(principal, str(object?.idNumber), facts),
  employer: ({ principal, object }) => mayReadEmployer(principal, str(object?.creditCode)),
  "agency-item": mayOperate,
  // Lists of people: staff who read people, partners, or an employer listing its own staff.
  "person-list": ({ principal, args }) =>
    (principal.kind === "staff" && (isSystem(principal) || isStaffReader(principal))) || principal.kind === "partner" ||
    (principal.kind === "employer" && args?.employer === principal.creditCode),
  admin: ({ principal }) => hasRole(principal, "admin"),
  auditor: ({ principal }) => hasRole(principal, "auditor"),
  supervisor: ({ principal }) => hasRole(principal, "supervisor") || hasRole(principal, "admin"),
  figures: ({ principal }) => figuresScope(principal) !== null,
};

/** `@policy(policies: [[a, b], [c]])`: all of one inner list. Unknown names refuse. */
export async function satisfiesPolicies(alternatives: string[][], input: PolicyInput): Promise<boolean> {
  for (const all of alternatives) {
    let ok = true;
    for (const name of all) {
      const policy = policies[name];
      if (!policy || !(await policy(input))) { ok = false; break; }
    }
    if (ok) return true;
  }
  return false;
}
