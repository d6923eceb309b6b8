import { forbidden } from "../../lib/errors";
import type { Principal } from "../../lib/principal";

/** Roles that may read any person's record (the full staff access layer is a later issue). */
export interface PersonReadContext {
  /**
   * The credit code of the person's current employer, when the resolver knows it. An employer's
   * operator may read only the people their enterprise employs.
   */
  employerCreditCode?: string | null;
}

/**
 * Who may read a `Person`:
 * - a citizen: only themself;
 * - an employer operator: only people their enterprise currently employs (the caller passes the
 *   person's employer; without it, refused);
 * - staff: allowed for now (scoping by agency and region comes with the staff access layer);
 * - a partner department: only with the `person:read` scope.
 * Throws `FORBIDDEN` otherwise.
 */
export function assertCanReadPerson(principal: Principal, idNumber: string, ctx: PersonReadContext = {}): void {
  switch (principal.kind) {
    case "citizen":
      if (principal.idNumber.toUpperCase() === idNumber.trim().toUpperCase()) return;
      throw forbidden("A resident may read only their own record");
    case "employer":
      if (ctx.employerCreditCode && ctx.employerCreditCode === principal.creditCode) return;
      throw forbidden("An employer may read only the records of its own employees");
    case "staff":
      return;
    case "partner":
      if (principal.scopes.includes("person:read")) return;
      throw forbidden("This API key does not allow reading person records");
    default: {
      const never: never = principal;
      throw forbidden(`Unknown principal ${String((never as { kind: string }).kind)}`);
    }
  }
}

/** The same rule as a predicate, for filtering lists. */
export function canReadPerson(principal: Principal, idNumber: string, ctx?: PersonReadContext): boolean {
  try { assertCanReadPerson(principal, idNumber, ctx); return true; } catch { return false; }
}
