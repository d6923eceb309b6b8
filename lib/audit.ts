import { createHash, createHmac, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { devOnlyDefault } from "./config";
import type { Store, StreamEntry } from "./store";

/**
 * The audit log (服务全程可追溯): every read and write through the gateway and every login event at
 * the hub, appended to one Redis stream. Each writer (process) keeps its own hash chain — entry n
 * carries sha256(previous hash + entry) — so appends need no cross-instance lock, and an exported
 * log can be verified offline: a removed, reordered or edited entry breaks its chain.
 *
 * No personal data goes in: people and employers appear as keyed pseudonyms (`subjectRef`), which
 * an auditor holding the audit key can recompute to find every access to one person.
 */
export interface AuditEvent {
  /** e.g. "graphql.query", "graphql.mutation", "login.success", "login.failure", "lockout", "logout" */
  action: string;
  actor: string;
  actorKind: string;
  outcome: "ok" | "denied" | "error";
  /** Pseudonyms of the people/employers the action touched (see `subjectRef`). */
  subjects?: string[];
  requestId?: string;
  detail?: Record<string, string | number | boolean>;
}

export interface AuditRecord extends AuditEvent {
  at: string;
  chain: string;
  seq: number;
  prev: string;
  hash: string;
}

export const AUDIT_STREAM = "kb:audit";
const GENESIS = "0".repeat(64);

let auditKey: string | undefined;
/** Keyed pseudonym of an ID number or credit code: stable, not reversible without the key. */
export function subjectRef(identifier: string): string {
  auditKey ??= devOnlyDefault("AUDIT_KEY", "dev-only-audit-key-do-not-use-in-production");
  return createHmac("sha256", auditKey).update(identifier.toUpperCase()).digest("base64url").slice(0, 22);
}

function canonical(record: Omit<AuditRecord, "hash">): string {
  const { at, chain, seq, prev, action, actor, actorKind, outcome, subjects, requestId, detail } = record;
  return JSON.stringify({ at, chain, seq, prev, action, actor, actorKind, outcome, subjects: subjects ?? [], requestId: requestId ?? null, detail: detail ?? {} });
}

export function hashOf(record: Omit<AuditRecord, "hash">): string {
  return createHash("sha256").update(record.prev).update(canonical(record)).digest("hex");
}

export class AuditLog {
  readonly chain: string;
  private prev = GENESIS;
  private seq = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store, opts: { chain?: string; stream?: string } = {}) {
    this.chain = opts.chain ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.stream = opts.stream ?? AUDIT_STREAM;
  }
  private readonly stream: string;

  /** Appends in call order; resolves with the stream id once stored. */
  append(event: AuditEvent): Promise<string> {
    const next = this.tail.then(async () => {
      const base = { ...event, at: new Date().toISOString(), chain: this.chain, seq: ++this.seq, prev: this.prev };
      const hash = hashOf(base);
      const record: AuditRecord = { ...base, hash };
      const id = await this.store.xadd(this.stream, { record: JSON.stringify(record) });
      this.prev = hash;
      return id;
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Waits for every append made so far. */
  async flush(): Promise<void> {
    await this.tail;
  }
}

export function recordsOf(entries: StreamEntry[]): AuditRecord[] {
  return entries.map((e) => JSON.parse(e.fields.record!) as AuditRecord);
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  records: number;
  problems: string[];
}

/** Checks every chain in a set of records: each hash, each link, no gap in the sequence. */
export function verifyAudit(records: AuditRecord[]): VerifyResult {
  const problems: string[] = [];
  const byChain = new Map<string, AuditRecord[]>();
  for (const r of records) byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), r]);
  for (const [chain, list] of byChain) {
    let prev = GENESIS;
    let seq = 0;
    for (const r of list) {
      if (r.seq !== seq + 1) problems.push(`${chain}: entry ${seq + 1} is missing (found ${r.seq})`);
      if (r.prev !== prev) problems.push(`${chain}#${r.seq}: does not link to the entry before it`);
      const { hash, ...rest } = r;
      if (hashOf(rest) !== hash) problems.push(`${chain}#${r.seq}: content does not match its hash`);
      prev = r.hash;
      seq = r.seq;
    }
  }
  return { ok: problems.length === 0, chains: byChain.size, records: records.length, problems };
}
