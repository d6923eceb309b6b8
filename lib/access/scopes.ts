import { contactPoints } from "../../schema/catalogue/contact-points";
import type { Principal } from "../principal";

/**
 * What a principal may read, as the scopes of the Federation `@requiresScopes` directive. Partners
 * hold the scopes of their key or client; everyone else gets the scopes of what they are, and the
 * object rules (`@policy`) narrow them to the objects that are theirs.
 */
export const READ_SCOPES = ["person:read", "insurance:read", "employment:read", "archive:read", "labor:read", "card:read", "employer:read", "pii:read"] as const;
export type Scope = (typeof READ_SCOPES)[number];

/** The scope that reads each agency system's own records of a person or employer. */
export const agencyScope: Record<string, Scope> = {
  "social-insurance": "insurance:read",
  employment: "employment:read",
  personnel: "archive:read",
  "labor-relations": "labor:read",
  card: "card:read",
};

/** Roles of components acting on their own account (the engine, access checks), province-wide. */
export const SYSTEM_ROLES = ["system", "ONE_THING_ENGINE"];
export const isSystem = (p: Principal | undefined): boolean => p?.kind === "staff" && p.roles.some((r) => SYSTEM_ROLES.includes(r));
export const hasRole = (p: Principal | undefined, role: string): boolean => p?.kind === "staff" && p.roles.includes(role);

const ALL: Scope[] = [...READ_SCOPES];
/** An employer sees its staff's insurance, employment and labour records, not their archives or cards. */
const EMPLOYER: Scope[] = ["person:read", "insurance:read", "employment:read", "labor:read", "employer:read", "pii:read"];

const held = new WeakMap<Principal, ReadonlySet<string>>();

/** The scopes a principal holds (worked out once per principal: every guarded field asks). */
export function scopesOf(p: Principal | undefined): ReadonlySet<string> {
  if (!p) return new Set();
  let scopes = held.get(p);
  if (!scopes) held.set(p, (scopes = scopesHeld(p)));
  return scopes;
}

function scopesHeld(p: Principal): ReadonlySet<string> {
  switch (p.kind) {
    case "citizen":
      return new Set(ALL.filter((s) => s !== "employer:read"));
    case "employer":
      return new Set(EMPLOYER);
    case "partner":
      return new Set(p.scopes);
    case "staff": {
      if (isSystem(p) || p.roles.includes("clerk")) return new Set(ALL);
      if (p.roles.includes("operator")) {
        const own = agencyScope[p.agency];
        return new Set<string>(["person:read", "employer:read", "pii:read", ...(own ? [own] : [])]);
      }
      return new Set(); // supervisor, auditor, admin: figures, audit and keys, not people's records
    }
    default: {
      const never: never = p;
      return never;
    }
  }
}

/** `@requiresScopes(scopes: [[a, b], [c]])`: all of one inner list. */
export const satisfiesScopes = (held: ReadonlySet<string>, alternatives: string[][]): boolean =>
  alternatives.some((all) => all.every((s) => held.has(s)));

const parentOf = new Map(contactPoints.map((c) => [c.name, c.parent]));
/**
 * Whether a staff member's region covers a place: 省本级 covers the province, a city its districts
 * and counties, a county itself. An unknown place is covered only by the province.
 */
export function regionCovers(staffRegion: string, place: string | null | undefined): boolean {
  if (staffRegion === "省本级") return true;
  if (!place) return false;
  return place === staffRegion || parentOf.get(place) === staffRegion;
}
