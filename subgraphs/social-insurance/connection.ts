import { badInput } from "../../lib/errors";
import type { SiPerson } from "./adapter";
import type { PersonConnection } from "./person.type";

export const MAX_PAGE = 100;

const cursorOf = (offset: number) => Buffer.from(`si:${offset}`).toString("base64url");

/** `first`/`after` → the platform's offset and limit; a bad value is refused, not corrected. */
export function pageWindow(first: number, after: string | null | undefined): { offset: number; limit: number } {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`);
  if (after == null) return { offset: 0, limit: first };
  const m = /^si:(\d{1,9})$/.exec(Buffer.from(after, "base64url").toString());
  if (!m) throw badInput("after is not a cursor this list gave out");
  return { offset: Number(m[1]) + 1, limit: first };
}

export function toConnection(people: SiPerson[], offset: number, total: number): PersonConnection {
  const edges = people.map((p, i) => ({ cursor: cursorOf(offset + i), node: { idNumber: p.idNumber } }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: offset + people.length < total, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: total,
  };
}
