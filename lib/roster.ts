import { subjectRef } from "./audit";
import { hostname } from "node:os";
import { Gauge } from "prom-client";
import { log } from "./log";
import { registry } from "./metrics";
import { serveSubgraph, type RunningSubgraph, type SubgraphDefinition } from "./subgraph";
import type { Store, StreamEntry } from "./store";

/**
 * Roster sync (同步更新人员名单信息): every item the one-thing engine completes is a roster event on
 * one stream; each agency that the notice says must keep its list of staff in step (社保经办机构、
 * 公共就业服务机构、劳动用工管理部门) reads it through its own consumer group and keeps its roster of
 * each employer's people. Applying an event twice changes nothing, so redelivery after a crash is
 * harmless; the group's lag (events not yet applied) is exported as a metric.
 */
export const ROSTER_STREAM = "kb:roster";
const SEEN_TTL_MS = 30 * 24 * 3600_000;

export type RosterStatus = "ACTIVE" | "LEFT";

export interface RosterEntry {
  idNumber: string;
  creditCode: string;
  status: RosterStatus;
  /** When the event that set this status happened. */
  since: string;
  itemCode: string;
  caseNumber: string;
  applicationId: string;
  /** Why the person left: the item that ended it, or REVOKED after a false commitment. */
  reason: string | null;
}

/** What an event means for an employer's roster, by the engine's step action (and item code for generic items). */
export function rosterEffect(fields: Record<string, string>): "JOIN" | "LEAVE" | null {
  if (fields.type === "REVOKED") return null; // handled by undoing what the application did
  switch (fields.action) {
    case "ENROL_EMPLOYEE":
    case "CONTRIBUTORS_INCREASE":
    case "REGISTER_EMPLOYMENT":
    case "FILE_EMPLOYMENT":
    case "FILE_PUBLIC_INSTITUTION_HIRE":
      return "JOIN";
    case "CONTRIBUTORS_DECREASE":
    case "FILE_TERMINATION":
    case "REGISTER_UNEMPLOYMENT":
      return "LEAVE";
    default:
      // retirement (1.6.1, 1.6.3) and death (1.6.7, 1.6.10) end employment whatever the action name
      return ["1.6.1", "1.6.3", "1.6.7", "1.6.10"].includes(fields.itemCode ?? "") ? "LEAVE" : null;
  }
}

const rosterKey = (agency: string, creditCode: string) => `kb:roster:${agency}:{${creditCode}}`;
// the person's current employer, under a keyed pseudonym of her ID number (no ID number in a key name)
const personKey = (agency: string, idNumber: string) => `kb:roster:${agency}:person:${subjectRef(idNumber)}`;
/** The name used before pseudonyms: still read, so employers recorded then are found. */
const legacyPersonKey = (agency: string, idNumber: string) => `kb:roster:${agency}:person:${idNumber}`;
const seenKey = (agency: string, f: Record<string, string>) => `kb:roster:${agency}:seen:${f.applicationId}:${f.stepId}:${f.type}`;

export async function applyRosterEvent(store: Store, agency: string, entry: StreamEntry): Promise<"applied" | "duplicate" | "ignored"> {
  const f = entry.fields;
  if (!f.idNumber) return "ignored";
  // One marker per (application, step, type): the engine may append an event twice around a crash.
  if (!(await store.set(seenKey(agency, f), entry.id, { nx: true, ttlMs: SEEN_TTL_MS }))) return "duplicate";
  const creditCode = f.creditCode || (await store.get(personKey(agency, f.idNumber))) || (await store.get(legacyPersonKey(agency, f.idNumber)));
  if (f.type === "REVOKED") {
    if (!creditCode) return "ignored";
    const current = await store.hget(rosterKey(agency, creditCode), f.idNumber);
    if (!current || (JSON.parse(current) as RosterEntry).applicationId !== f.applicationId) return "ignored";
    const revoked: RosterEntry = { ...(JSON.parse(current) as RosterEntry), status: "LEFT", since: f.at, reason: "REVOKED" };
    await store.hset(rosterKey(agency, creditCode), { [f.idNumber]: JSON.stringify(revoked) });
    return "applied";
  }
  const effect = rosterEffect(f);
  if (!effect || !creditCode) return "ignored";
  const next: RosterEntry = {
    idNumber: f.idNumber,
    creditCode,
    status: effect === "JOIN" ? "ACTIVE" : "LEFT",
    since: f.at,
    itemCode: f.itemCode ?? "",
    caseNumber: f.caseNumber ?? "",
    applicationId: f.applicationId ?? "",
    reason: effect === "LEAVE" ? (f.itemCode ?? null) : null,
  };
  await store.hset(rosterKey(agency, creditCode), { [f.idNumber]: JSON.stringify(next) });
  if (effect === "JOIN") await store.set(personKey(agency, f.idNumber), creditCode);
  return "applied";
}

export async function rosterOf(store: Store, agency: string, creditCode: string): Promise<RosterEntry[]> {
  const all = Object.values(await store.hgetall(rosterKey(agency, creditCode))).map((v) => JSON.parse(v) as RosterEntry);
  return all.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.idNumber.localeCompare(b.idNumber)));
}

export interface RosterConsumer {
  stop(): Promise<void>;
  /** Events on the stream this agency has not applied yet. */
  lag(): Promise<number>;
  /** Prometheus-style figures for `/metrics`. */
  metrics(): Promise<Record<string, number>>;
}

/** Every roster consumer of the process, for the metrics: lag is read from the store at each scrape. */
const consumers = new Map<string, { lag: () => Promise<number>; applied: () => number }>();
function watchRoster(agency: string, c: { lag: () => Promise<number>; applied: () => number }): () => void {
  consumers.set(agency, c);
  return () => { if (consumers.get(agency) === c) consumers.delete(agency); };
}
new Gauge({
  name: "kuaiban_roster_lag",
  help: "Roster events an agency has not applied yet (pending and unread), by agency",
  labelNames: ["agency"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    await Promise.all([...consumers].map(async ([agency, c]) => { this.set({ agency }, await c.lag().catch(() => -1)); }));
  },
});
new Gauge({
  name: "kuaiban_roster_events_applied",
  help: "Roster events applied by this process since it started, by agency",
  labelNames: ["agency"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [agency, c] of consumers) this.set({ agency }, c.applied());
  },
});

export function startRosterConsumer(store: Store, agency: string, opts: { stream?: string; consumer?: string; blockMs?: number } = {}): RosterConsumer {
  const stream = opts.stream ?? ROSTER_STREAM;
  const group = `roster:${agency}`;
  const consumer = opts.consumer ?? `${hostname()}:${process.pid}`;
  let running = true;
  let applied = 0;
  const handle = async (entries: StreamEntry[]) => {
    for (const e of entries) {
      if ((await applyRosterEvent(store, agency, e)) === "applied") applied++;
      await store.xack(stream, group, e.id);
    }
  };
  const loop = (async () => {
    // the group, then what this consumer read but never acknowledged before a crash, then new
    // events; a store that is away at any point is waited for, never the end of the consumer
    let started = false;
    while (running) {
      try {
        if (!started) {
          await store.xgroupEnsure(stream, group);
          await handle(await store.xreadgroup(stream, group, consumer, { pending: true, count: 1000 }));
          started = true;
        }
        await handle(await store.xreadgroup(stream, group, consumer, { blockMs: opts.blockMs ?? 1_000, count: 100 }));
      } catch (err) {
        if (!running) break;
        log.warn({ agency, err: String(err) }, "roster consumer read failed; retrying");
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  })();
  const lag = () => store.xlag(stream, group);
  const unregister = watchRoster(agency, { lag, applied: () => applied });
  return {
    stop: async () => { running = false; unregister(); await loop; },
    lag,
    metrics: async () => ({ kuaiban_roster_lag: await lag(), kuaiban_roster_events_applied_total: applied }),
  };
}

/**
 * Serves an agency subgraph that keeps a roster: its consumer runs as long as the subgraph does,
 * and its lag is on `/metrics`.
 */
export async function serveSubgraphWithRoster(def: SubgraphDefinition, port: number, store: Store): Promise<RunningSubgraph> {
  const consumer = startRosterConsumer(store, def.name);
  const running = await serveSubgraph(def, port, { store });
  return { ...running, close: async () => { await consumer.stop(); await running.close(); } };
}
