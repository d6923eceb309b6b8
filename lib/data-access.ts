import type { AtomicWrite, Store } from "./store";
import { badInput, notFound } from "./errors";
import type { AuditRecord } from "./audit";

/**
 * The citizen's data tracker (我的数据被谁查看): every audited read that returned a person lands,
 * per person, in an index she can page through newest first. `AuditLog.append` writes it in the
 * same round trip as the record itself, so nothing can record a read without indexing it.
 *
 * Keys hold no identifier in the clear: `kb:access:{<subjectRef>}` is a person's sorted set of
 * record ids scored by time, `kb:access:entry:<recordId>` the record's display entry (written once,
 * however many people the read returned), and `kb:access:seal:<recordId>` an auditor's seal on a
 * record (an investigation).
 */
export interface DataAccessEntry {
  /** The audit record this entry is (`<chain>#<seq>`). */
  recordId: string;
  at: string;
  actorKind: string;
  /** Who read, as the citizen is shown it: staff by role and office, partners by department, never a name or login. */
  actor: string;
  department?: string;
  purpose?: string;
  caseId?: string;
  systems: string[];
  fields: string[];
  requestId?: string;
}

export interface Seal {
  until: string;
  reason: string;
  /** The auditor's own subject (auditors are shown the seal; citizens never). */
  by: string;
  at: string;
}

export interface DataAccessView extends DataAccessEntry {
  /** Opaque entry id (what `sealDataAccess` takes). */
  id: string;
  sealedUntil?: string;
}

export interface DataAccessPage {
  nodes: DataAccessView[];
  edges: { cursor: string; node: DataAccessView }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

export const accessKey = (ref: string) => `kb:access:{${ref}}`;
export const accessEntryKey = (recordId: string) => `kb:access:entry:${recordId}`;
export const sealKey = (recordId: string) => `kb:access:seal:${recordId}`;
export const recordIdOf = (record: Pick<AuditRecord, "chain" | "seq">) => `${record.chain}#${record.seq}`;

/**
 * Time in µs-sized steps: the millisecond, then the record's place in its chain, so reads of one
 * writer within one millisecond still come newest first (doubles hold this exactly until year 2255).
 */
export function scoreOf(entry: Pick<DataAccessEntry, "at" | "recordId">): number {
  const seq = Number(entry.recordId.slice(entry.recordId.lastIndexOf("#") + 1)) || 0;
  return Date.parse(entry.at) * 1000 + (seq % 1000);
}

/** Reads through the gateway are indexed; sign-in events (whose subjects are login pseudonyms) are not. */
export const isIndexedRead = (record: Pick<AuditRecord, "action" | "subjects">) =>
  record.action.startsWith("graphql.") && (record.subjects?.length ?? 0) > 0;

const ROLE_LABEL: Record<string, string> = {
  clerk: "综合窗口 clerk",
  operator: "后台经办 operator",
  supervisor: "行风监督 supervisor",
  auditor: "审计 auditor",
  admin: "系统管理 admin",
  system: "系统 system",
};

/** The reader as shown to the person read: role and office for staff, department for partners. */
export function displayActor(record: Pick<AuditRecord, "actorKind" | "role" | "office" | "department">): string {
  switch (record.actorKind) {
    case "citizen":
      return "本人 self";
    case "staff": {
      const role = record.role ? (ROLE_LABEL[record.role] ?? record.role) : "工作人员 staff";
      return record.office ? `${role} · ${record.office}` : role;
    }
    case "partner":
      return record.department ? `合作部门 partner · ${record.department}` : "合作部门 partner";
    case "employer":
      return record.department ? `用人单位 employer · ${record.department}` : "用人单位 employer";
    default:
      return record.actorKind;
  }
}

export function entryOf(record: AuditRecord): DataAccessEntry {
  const entry: DataAccessEntry = {
    recordId: recordIdOf(record),
    at: record.at,
    actorKind: record.actorKind,
    actor: displayActor(record),
    systems: record.systems ?? [],
    fields: record.fields ?? [],
  };
  if (record.department) entry.department = record.department;
  if (record.purpose) entry.purpose = record.purpose;
  if (record.caseId) entry.caseId = record.caseId;
  if (record.requestId) entry.requestId = record.requestId;
  return entry;
}

/**
 * The writes that index one record: its entry, and its place in each person's index. Each stands
 * alone (no transaction): a place without its entry is skipped when listing, an entry without a place
 * is never reached.
 */
export function indexWrites(record: AuditRecord): AtomicWrite[] {
  if (!isIndexedRead(record)) return [];
  const entry = entryOf(record);
  const score = scoreOf(entry);
  return [
    { op: "hset", key: accessEntryKey(entry.recordId), fields: { entry: JSON.stringify(entry) } },
    ...[...new Set(record.subjects)].map((ref): AtomicWrite => ({ op: "zadd", key: accessKey(ref), score, member: entry.recordId })),
  ];
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
function unb64<T>(raw: string, what: string, check: (v: unknown) => v is T): T {
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString()) as unknown;
    if (check(value)) return value;
  } catch { /* reported below */ }
  throw badInput(`The ${what} is not one this service issued`);
}
const isPair = (v: unknown): v is [string | number, string] =>
  Array.isArray(v) && v.length === 2 && (typeof v[0] === "string" || typeof v[0] === "number") && typeof v[1] === "string";

export const entryIdOf = (ref: string, recordId: string) => b64([ref, recordId]);
const parseEntryId = (id: string) => unb64(id, "data-access id", (v): v is [string, string] => isPair(v) && typeof v[0] === "string");
const cursorOf = (entry: DataAccessEntry) => b64([scoreOf(entry), entry.recordId]);
const parseCursor = (cursor: string) => unb64(cursor, "cursor", (v): v is [number, string] => isPair(v) && typeof v[0] === "number");

/** Today's date in China (seals end on a calendar day in China's time zone). */
export const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function sealOf(store: Store, recordId: string): Promise<Seal | undefined> {
  const raw = await store.get(sealKey(recordId));
  return raw ? (JSON.parse(raw) as Seal) : undefined;
}

export const MAX_PAGE = 100;

/**
 * One page of a person's data-access entries, newest first. `audience: "citizen"` hides entries
 * an auditor has sealed until their seal date; auditors see everything, with the seal date.
 */
export async function listDataAccess(
  store: Store,
  ref: string,
  opts: { first?: number; after?: string | null; audience: "citizen" | "auditor"; now?: Date },
): Promise<DataAccessPage> {
  const first = opts.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}`);
  const after = opts.after ? parseCursor(opts.after) : undefined;
  const today = chinaToday(opts.now ?? new Date());
  const picked: DataAccessView[] = [];
  const batch = first + 8;
  let exhausted = false;
  for (let offset = 0; picked.length <= first && !exhausted; offset += batch) {
    const ids = await store.zrange(accessKey(ref), { rev: true, max: after?.[0], offset, count: batch });
    exhausted = ids.length < batch;
    // issued together, so auto-pipelining sends them in one round trip
    const [entries, seals] = await Promise.all([
      Promise.all(ids.map((id) => store.hget(accessEntryKey(id), "entry"))),
      Promise.all(ids.map((id) => sealOf(store, id))),
    ]);
    for (let i = 0; i < ids.length && picked.length <= first; i++) {
      const raw = entries[i];
      if (!raw) continue;
      const entry = JSON.parse(raw) as DataAccessEntry;
      // equal times sort by record id, descending: skip what the previous page already gave
      if (after && scoreOf(entry) === after[0] && Buffer.compare(Buffer.from(entry.recordId), Buffer.from(after[1])) >= 0) continue;
      const seal = seals[i];
      if (opts.audience === "citizen" && seal && today < seal.until) continue;
      picked.push({ ...entry, id: entryIdOf(ref, entry.recordId), ...(seal ? { sealedUntil: seal.until } : {}) });
    }
  }
  const nodes = picked.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { nodes, edges, pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: picked.length > first } };
}

/**
 * Seals a record (all its entries, for every person it names) until a date: the citizen sees it
 * from that date on. Returns the entry the id named, as an auditor sees it.
 */
export async function sealDataAccess(
  store: Store,
  input: { id: string; until: string; reason: string; by: string; now?: Date },
): Promise<DataAccessView> {
  const [ref, recordId] = parseEntryId(input.id);
  const reason = input.reason.trim();
  if (!reason || reason.length > 500) throw badInput("A seal states its reason in 1 to 500 characters");
  const now = input.now ?? new Date();
  if (input.until <= chinaToday(now)) throw badInput("A seal ends on a future date");
  const raw = await store.hget(accessEntryKey(recordId), "entry");
  const entry = raw ? (JSON.parse(raw) as DataAccessEntry) : undefined;
  // the id names a person whose index holds the record: an id made up for another person is refused
  const score = entry ? scoreOf(entry) : 0;
  if (!entry || !(await store.zrange(accessKey(ref), { min: score, max: score })).includes(recordId)) throw notFound("No such data-access entry");
  const seal: Seal = { until: input.until, reason, by: input.by, at: now.toISOString() };
  await store.set(sealKey(recordId), JSON.stringify(seal));
  return { ...entry, id: input.id, sealedUntil: seal.until };
}
