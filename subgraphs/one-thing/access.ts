import { forbidden, unauthenticated } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import type { Application, ApplicationStatus } from "./application";
import { applicationStatus } from "./application";
import type { ApplicationRepository } from "./repository";

/** Province-level staff (省本级) oversee every contact point. */
export const PROVINCE = "省本级";

export function staffOf(principal: Principal | undefined): Extract<Principal, { kind: "staff" }> {
  if (!principal) throw unauthenticated();
  if (principal.kind !== "staff") throw forbidden("Only department staff may do this");
  return principal;
}

/** A citizen sees her own applications, an employer's operator her enterprise's, staff those of their region. */
export function canView(principal: Principal | undefined, app: Application): boolean {
  if (!principal) throw unauthenticated();
  switch (principal.kind) {
    case "citizen":
      return app.idNumber === principal.idNumber;
    case "employer":
      return app.creditCode === principal.creditCode;
    case "staff":
      return principal.region === PROVINCE || principal.region === app.region;
    case "partner":
      return false;
    default: {
      const never: never = principal;
      return never;
    }
  }
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

/**
 * Lists applications, newest first, within what the principal may see: the narrowest index the
 * filter allows is read, the rest is filtered in memory.
 */
export async function listApplications(repo: ApplicationRepository, principal: Principal | undefined, filter: ListFilter): Promise<ApplicationPage> {
  if (!principal) throw unauthenticated();
  let indexKey: string;
  switch (principal.kind) {
    case "citizen":
      if (filter.idNumber && filter.idNumber !== principal.idNumber) throw forbidden("A resident sees only her own applications");
      indexKey = repo.index("person", principal.idNumber);
      break;
    case "employer":
      if (filter.creditCode && filter.creditCode !== principal.creditCode) throw forbidden("An employer sees only its own applications");
      indexKey = repo.index("employer", principal.creditCode);
      break;
    case "staff": {
      const region = filter.region ?? (principal.region === PROVINCE ? null : principal.region);
      if (principal.region !== PROVINCE && region !== principal.region) throw forbidden("Staff see the applications of their own region");
      indexKey = filter.idNumber ? repo.index("person", filter.idNumber)
        : filter.creditCode ? repo.index("employer", filter.creditCode)
        : region ? repo.index("region", region) : repo.index("all");
      break;
    }
    case "partner":
      throw forbidden("Partner departments cannot list applications");
    default: {
      const never: never = principal;
      throw forbidden(String(never));
    }
  }
  const offset = decodeCursor(filter.after);
  const first = Math.min(Math.max(filter.first ?? 20, 1), 100);
  // the index alone answers when nothing else narrows it: page in the store, load only the page
  const narrowed = filter.status || (principal.kind === "staff" && (filter.idNumber || filter.creditCode)) ||
    (principal.kind === "citizen" && filter.creditCode) || (principal.kind === "employer" && filter.idNumber);
  if (!narrowed) {
    const [total, pageIds] = await Promise.all([repo.store.zcard(indexKey), repo.store.zrange(indexKey, { rev: true, offset, count: first })]);
    const nodes = await repo.loadMany(pageIds);
    const last = offset + pageIds.length - 1;
    return { nodes, totalCount: total, endCursor: pageIds.length ? encodeCursor(last) : null, hasNextPage: last + 1 < total };
  }
  const ids = await repo.idsIn(indexKey);
  const apps = (await repo.loadMany(ids)).filter(
    (a) =>
      canView(principal, a) &&
      (!filter.idNumber || a.idNumber === filter.idNumber) &&
      (!filter.creditCode || a.creditCode === filter.creditCode) &&
      (!filter.region || a.region === filter.region) &&
      (!filter.status || applicationStatus(a.steps) === filter.status),
  );
  const nodes = apps.slice(offset, offset + first);
  const last = offset + nodes.length - 1;
  return { nodes, totalCount: apps.length, endCursor: nodes.length ? encodeCursor(last) : null, hasNextPage: last + 1 < apps.length };
}
