import { contactPoints } from "../../schema/catalogue/contact-points";
import type { Principal } from "../principal";
import { hasRole, isSystem } from "./scopes";

/**
 * Who sees the statistics (调度进展 figures) and of which contact points: the supervisor (行风办)
 * and the administrator of the province see all 23; the staff of a city — its window (clerk),
 * back offices (operator) and supervisor, at the city or one of its districts and counties — see
 * that city's rows (the city and its county-level point). Everyone else sees none: anonymous
 * callers, citizens, employers, partners, the auditor, and province staff who handle cases.
 */
export type FiguresScope = { province: true; offices: string[] } | { province: false; city: string; offices: string[] };

const ALL = contactPoints.map((c) => c.name);
const parentOf = new Map(contactPoints.map((c) => [c.name, c.parent]));

export function figuresScope(p: Principal | undefined): FiguresScope | null {
  if (p?.kind !== "staff") return null;
  if (isSystem(p)) return { province: true, offices: ALL };
  const overseer = hasRole(p, "supervisor") || hasRole(p, "admin");
  if (p.region === "省本级") return overseer ? { province: true, offices: ALL } : null;
  if (!overseer && !hasRole(p, "clerk") && !hasRole(p, "operator")) return null;
  if (!parentOf.has(p.region)) return null;
  const city = parentOf.get(p.region) ?? p.region;
  return { province: false, city, offices: contactPoints.filter((c) => c.name === city || c.parent === city).map((c) => c.name) };
}
