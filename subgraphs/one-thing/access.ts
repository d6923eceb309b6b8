import { hasRole, isSystem, regionCovers } from "../../lib/access/scopes";
import { forbidden, unauthenticated } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import { contactPoints } from "../../schema/catalogue/contact-points";
import { itemByCode } from "../../schema/catalogue";
import type { Application, ApplicationStatus, ApplicationStep } from "./application";
import { applicationStatus } from "./application";
import type { ApplicationRepository } from "./repository";

/** Province-level staff (省本级) oversee every contact point. */
export const PROVINCE = "省本级";

type Staff = Extract<Principal, { kind: "staff" }>;

export function staffOf(principal: Principal | undefined): Staff {
  if (!principal) throw unauthenticated();
  if (principal.kind !== "staff") throw forbidden("Only department staff may do this");
  return principal;
}

/**
 * Whether a staff member handles cases at all: the window (clerk), an agency's back office
 * (operator) and the engine do; the supervisor sees figures, the auditor the audit trail and the
 * administrator keys and accounts — none of them applications, commitments or people.
 */
export const handlesCases = (staff: Staff): boolean => isSystem(staff) || hasRole(staff, "clerk") || hasRole(staff, "operator");

/** The staff who handle cases, or FORBIDDEN for the roles that see figures only. */
export function caseStaffOf(principal: Principal | undefined): Staff {
  const staff = staffOf(principal);
  if (!handlesCases(staff)) throw forbidden("This role sees figures, not applications or the people in them");
  return staff;
}

/**
 * Refuses, before anything is looked up, whoever sees no application at all (partners, staff of
 * the figures-only roles), so that not even whether an application exists is told to them.
 */
export function assertReadsApplications(principal: Principal | undefined): Principal {
  if (!principal) throw unauthenticated();
  if (principal.kind === "staff") caseStaffOf(principal);
  if (principal.kind === "partner") throw forbidden("Partner departments do not read applications");
  return principal;
}

/** The agency system that performs a step (the owner of its item code). */
export const agencyOfStep = (step: ApplicationStep): string | undefined => itemByCode(step.itemCode)?.agency;

/** Whether an agency has work in the application: a step of its own that was not skipped. */
export const hasStepAt = (app: Application, agency: string): boolean =>
  app.steps.some((s) => s.state.phase !== "SKIPPED" && agencyOfStep(s) === agency);

/**
 * Whether staff see an application: the engine every one; a clerk those of her region (a city
 * covers its districts and counties, 省本级 the province); an operator those of her region in
 * which her agency has a step; other roles none.
 */
export function staffSees(staff: Staff, app: Application): boolean {
  if (isSystem(staff)) return true;
  if (!regionCovers(staff.region, app.region)) return false;
  if (hasRole(staff, "clerk")) return true;
  return hasRole(staff, "operator") && hasStepAt(app, staff.agency);
}

/** A citizen sees her own applications, an employer's operator her enterprise's, staff as `staffSees` says. */
export function canView(principal: Principal | undefined, app: Application): boolean {
  if (!principal) throw unauthenticated();
  switch (principal.kind) {
    case "citizen":
      return app.idNumber === principal.idNumber;
    case "employer":
      return app.creditCode === principal.creditCode;
    case "staff":
      return staffSees(principal, app);
    case "partner":
      return false;
    default: {
      const never: never = principal;
      return never;
    }
  }
}

/**
 * The regions whose applications a region covers: itself and, for a city, its districts and
 * counties; null for the province (every application).
 */
export function regionsCoveredBy(region: string): string[] | null {
  if (region === PROVINCE) return null;
  return [region, ...contactPoints.filter((c) => c.parent === region).map((c) => c.name)];
}

export interface ListFilter {
  idNumber?: string | null;
  creditCode?: string | null;
  region?: string | null;
  status?: ApplicationStatus | null;
  first?: number | null;
  after?: string | null;
}

export interface ApplicationPage {
  nodes: Application[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");
function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  return m ? Number(m[1]) + 1 : 0;
}

/** Newest first, as the indexes order them (score = submission time, ties by id descending). */
const newestFirst = (a: Application, b: Application) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function pageOf(nodes: Application[], totalCount: number, offset: number): ApplicationPage {
  const last = offset + nodes.length - 1;
  return { nodes, totalCount, endCursor: nodes.length ? encodeCursor(last) : null, hasNextPage: last + 1 < totalCount };
}

/** The indexes a principal's listing reads; the region indexes of one listing are disjoint (an application has one region). */
function indexesFor(repo: ApplicationRepository, principal: Principal, filter: ListFilter): { keys: string[]; byRegion: boolean } {
  switch (principal.kind) {
    case "citizen":
      if (filter.idNumber && filter.idNumber !== principal.idNumber) throw forbidden("A resident sees only her own applications");
      return { keys: [repo.index("person", principal.idNumber)], byRegion: false };
    case "employer":
      if (filter.creditCode && filter.creditCode !== principal.creditCode) throw forbidden("An employer sees only its own applications");
      return { keys: [repo.index("employer", principal.creditCode)], byRegion: false };
    case "staff": {
      if (!handlesCases(principal)) throw forbidden("This role sees figures, not applications or the people in them");
      if (filter.region && !isSystem(principal) && !regionCovers(principal.region, filter.region)) throw forbidden("Staff see the applications of their own region");
      if (filter.idNumber) return { keys: [repo.index("person", filter.idNumber)], byRegion: false };
      if (filter.creditCode) return { keys: [repo.index("employer", filter.creditCode)], byRegion: false };
      const regions = regionsCoveredBy(filter.region ?? (isSystem(principal) ? PROVINCE : principal.region));
      return regions ? { keys: regions.map((r) => repo.index("region", r)), byRegion: true } : { keys: [repo.index("all")], byRegion: true };
    }
    case "partner":
      throw forbidden("Partner departments cannot list applications");
    default: {
      const never: never = principal;
      throw forbidden(String(never));
    }
  }
}

/**
 * Lists applications, newest first, within what the principal may see. Where the indexes alone
 * decide (a person's, an employer's, a region's and its counties'), pages are cut in the store and
 * only what a page needs is loaded; anything that narrows further (a status, another party, an
 * operator's agency) is filtered in memory.
 */
export async function listApplications(repo: ApplicationRepository, principal: Principal | undefined, filter: ListFilter): Promise<ApplicationPage> {
  if (!principal) throw unauthenticated();
  const { keys, byRegion } = indexesFor(repo, principal, filter);
  const offset = decodeCursor(filter.after);
  const first = Math.min(Math.max(filter.first ?? 20, 1), 100);
  const staff = principal.kind === "staff" ? principal : undefined;
  // the indexes answer alone when the principal sees every entry of them and nothing else narrows
  const seesAll = !staff || isSystem(staff) || (hasRole(staff, "clerk") && byRegion);
  const narrowed = !seesAll || filter.status || (staff && (filter.idNumber || filter.creditCode)) ||
    (principal.kind === "citizen" && filter.creditCode) || (principal.kind === "employer" && filter.idNumber);
  if (!narrowed) {
    // the newest offset+first of each index hold the page of their union
    const [totals, heads] = await Promise.all([
      Promise.all(keys.map((k) => repo.store.zcard(k))),
      Promise.all(keys.map((k) => repo.store.zrange(k, { rev: true, offset: keys.length === 1 ? offset : 0, count: keys.length === 1 ? first : offset + first }))),
    ]);
    const total = totals.reduce((a, b) => a + b, 0);
    if (keys.length === 1) return pageOf(await repo.loadMany(heads[0]!), total, offset);
    const merged = (await repo.loadMany([...new Set(heads.flat())])).sort(newestFirst);
    return pageOf(merged.slice(offset, offset + first), total, offset);
  }
  const ids = [...new Set((await Promise.all(keys.map((k) => repo.idsIn(k)))).flat())];
  const apps = (await repo.loadMany(ids)).filter(
    (a) =>
      canView(principal, a) &&
      (!filter.idNumber || a.idNumber === filter.idNumber) &&
      (!filter.creditCode || a.creditCode === filter.creditCode) &&
      (!filter.region || regionCovers(filter.region, a.region)) &&
      (!filter.status || applicationStatus(a.steps) === filter.status),
  );
  if (keys.length > 1) apps.sort(newestFirst);
  return pageOf(apps.slice(offset, offset + first), apps.length, offset);
}

/**
 * Who sees which steps at risk: an agency's operators those of their agency in their region, the
 * window's clerks those of their office (a city's, its districts and counties too), supervisors,
 * administrators and the engine every one; citizens, employers, partners and other staff none.
 * Asking for another agency or an office outside one's region is FORBIDDEN rather than empty.
 */
export function riskScope(
  principal: Principal | undefined,
  filter: { office?: string | null; agency?: string | null },
): (entry: { agency: string; office: string }) => boolean {
  const staff = staffOf(principal);
  const all = isSystem(staff) || hasRole(staff, "supervisor") || hasRole(staff, "admin");
  const matches = (e: { agency: string; office: string }) => (!filter.agency || e.agency === filter.agency) && (!filter.office || e.office === filter.office);
  if (all) return matches;
  if (filter.office && !regionCovers(staff.region, filter.office)) throw forbidden("Staff see the steps of their own region");
  if (hasRole(staff, "operator")) {
    if (filter.agency && filter.agency !== staff.agency) throw forbidden("An operator sees the steps of her own agency");
    return (e) => matches(e) && e.agency === staff.agency && regionCovers(staff.region, e.office);
  }
  if (hasRole(staff, "clerk")) return (e) => matches(e) && regionCovers(staff.region, e.office);
  throw forbidden("This role does not follow cases");
}
