import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from "node:crypto";
import { hostname } from "node:os";
import { devOnlyDefault, envInt } from "./config";
import { indexWrites } from "./data-access";
import type { AtomicWrite, Store, StreamEntry } from "./store";
import { auditAppends } from "./metrics";

/**
 * The audit log (服务全程可追溯): every read and write through the gateway and every login event at
 * the hub, appended to one Redis stream. Each writer (process) keeps its own chain — record n
 * carries HMAC(chain key, hash of n-1 + record n) — so appends need no cross-instance lock, and
 * nobody without the audit key can edit a record and recompute the chain after it.
 *
 * Beside the stream, in its hash slot (so one MULTI writes all three; see `auditKeys`), live:
 * - `<stream>:heads` — each chain's signed checkpoint (chain, seq, hash, at), rewritten with every
 *   append: a cut tail leaves the checkpoint pointing past the last record;
 * - `<stream>:chains` — the registry of chains, so a chain whose records were all removed is known;
 * - `<stream>:trimmed` — per chain, the signed last record exported to files and trimmed
 *   (see audit-archive.ts): the stream part of a chain starts after it.
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
  /** Pseudonyms of every person/employer the response contained (see `subjectRef`). */
  subjects?: string[];
  requestId?: string;
  /** Staff: the agency; partner: its department; employer: its credit code. */
  department?: string;
  /** Staff: the region (contact point) she serves. */
  office?: string;
  /** Staff: the role she acted in. */
  role?: string;
  /** `X-Purpose`, as stated. */
  purpose?: string;
  /** `X-Case-Id`, as stated. */
  caseId?: string;
  /** Hash of the operation document (which query was run, without its variables). */
  operationHash?: string;
  /** The systems (subgraphs) that served personal data in the response. */
  systems?: string[];
  /** `Type.field` names of the personal data the response contained. */
  fields?: string[];
  detail?: Record<string, string | number | boolean>;
}

export interface AuditRecord extends AuditEvent {
  /** 2: keyed chain. */
  v: 2;
  at: string;
  chain: string;
  seq: number;
  prev: string;
  hash: string;
}

/** A chain's head, signed with the checkpoint key. */
export interface Checkpoint {
  chain: string;
  seq: number;
  hash: string;
  at: string;
  sig: string;
}

export const AUDIT_STREAM = "kb:audit";
export const GENESIS = "0".repeat(64);

/**
 * How long records stay in the live stream before `npm run audit -- export` moves them to signed
 * files: 180 days, the six months the Cybersecurity Law (网络安全法 第二十一条) asks logs be kept,
 * searchable live for all of it. `AUDIT_RETENTION_DAYS` overrides it.
 */
export const AUDIT_RETENTION_DAYS = 180;
export const auditRetentionMs = () => envInt("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_DAYS) * 86_400_000;

/**
 * Keys beside a stream: they start with the stream's name (so whoever cleans up `<stream>*` gets
 * them) and hash to the stream's slot (a `{<stream>}` tag, unless the name has a tag of its own),
 * so one transaction writes them with the record on Redis Cluster too.
 */
export function auditKeys(stream = AUDIT_STREAM) {
  const key = (suffix: string) => (stream.includes("{") ? `${stream}:${suffix}` : `${stream}:${suffix}{${stream}}`);
  return { stream, heads: key("heads"), chains: key("chains"), trimmed: key("trimmed") };
}

const DEV_AUDIT_KEY = "dev-only-audit-key-do-not-use-in-production";
let master: string | undefined;
const auditMaster = () => (master ??= devOnlyDefault("AUDIT_KEY", DEV_AUDIT_KEY));
const derived = new Map<string, Buffer>();
/** One key per use (chain, checkpoints, export files), all from AUDIT_KEY: a leak of one use's key does not forge another. */
export function auditSubkey(use: "chain" | "checkpoint" | "export"): Buffer {
  let key = derived.get(use);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", auditMaster(), "kuaiban-audit", `kuaiban audit ${use} v1`, 32));
    derived.set(use, key);
  }
  return key;
}

/** Keyed pseudonym of an ID number or credit code: stable, not reversible without the key. */
export function subjectRef(identifier: string): string {
  return createHmac("sha256", auditMaster()).update(identifier.toUpperCase()).digest("base64url").slice(0, 22);
}

/** JSON with keys sorted at every level, `undefined` dropped: the bytes a MAC is taken over. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function mac(use: "chain" | "checkpoint" | "export", data: string): string {
  return createHmac("sha256", auditSubkey(use)).update(data).digest("hex");
}

export function macEquals(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The keyed hash of a record: every field but `hash` itself is covered, including any added later. */
export function hashOf(record: Omit<AuditRecord, "hash">): string {
  const { hash: _drop, ...rest } = record as AuditRecord;
  return mac("chain", `${rest.prev}\n${canonicalJson(rest)}`);
}

export function signCheckpoint(head: Omit<Checkpoint, "sig">): Checkpoint {
  const { chain, seq, hash, at } = head;
  return { chain, seq, hash, at, sig: mac("checkpoint", canonicalJson({ chain, seq, hash, at })) };
}

export function checkpointValid(cp: Checkpoint): boolean {
  return typeof cp?.sig === "string" && macEquals(signCheckpoint(cp).sig, cp.sig);
}

interface Pending {
  event: AuditEvent;
  resolve: (id: string) => void;
  reject: (err: unknown) => void;
}

/** Records written in one transaction at most (appends that queue while one is in flight go together). */
const MAX_BATCH = 64;

export class AuditLog {
  readonly chain: string;
  readonly stream: string;
  private readonly keys: ReturnType<typeof auditKeys>;
  private prev = GENESIS;
  private seq = 0;
  private queue: Pending[] = [];
  private busy = false;
  /** After a failed write we do not know whether it landed: read the signed head before the next one. */
  private unsure = false;
  private readonly outstanding = new Set<Promise<string>>();

  constructor(private readonly store: Store, opts: { chain?: string; stream?: string } = {}) {
    this.chain = opts.chain ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.stream = opts.stream ?? AUDIT_STREAM;
    this.keys = auditKeys(this.stream);
  }

  /**
   * Appends in call order; resolves with the stream id once the record, its chain's signed
   * checkpoint and (for a read of people) every person's data-access entry are stored. Rejects
   * when any of them could not be written: the caller must then serve nothing (AUDIT_UNAVAILABLE).
   */
  append(event: AuditEvent): Promise<string> {
    const done = new Promise<string>((resolve, reject) => this.queue.push({ event, resolve, reject }));
    this.outstanding.add(done);
    const forget = () => { this.outstanding.delete(done); };
    done.then(forget, forget);
    if (!this.busy) {
      this.busy = true;
      void this.drain();
    }
    return done;
  }

  /** Waits for every append made so far (whatever their outcome). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.outstanding]);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) await this.write(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.busy = false;
    }
  }

  private async resync(): Promise<void> {
    const raw = await this.store.hget(this.keys.heads, this.chain);
    const head = raw ? (JSON.parse(raw) as Checkpoint) : undefined;
    if (head && checkpointValid(head) && head.seq > this.seq) {
      this.seq = head.seq;
      this.prev = head.hash;
    }
    this.unsure = false;
  }

  private index(w: AtomicWrite): Promise<unknown> {
    if (w.op === "hset") return this.store.hset(w.key, w.fields);
    if (w.op === "zadd") return this.store.zadd(w.key, w.score, w.member);
    return this.store.atomic([w]);
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      if (this.unsure) await this.resync();
    } catch (err) {
      auditAppends.inc({ outcome: "failed" }, batch.length);
      for (const p of batch) p.reject(err);
      return;
    }
    const records: AuditRecord[] = [];
    let prev = this.prev;
    let seq = this.seq;
    for (const { event } of batch) {
      // through JSON once, so the hash is over exactly what verification will read back
      const base = JSON.parse(JSON.stringify({ ...event, v: 2, at: new Date().toISOString(), chain: this.chain, seq: ++seq, prev })) as Omit<AuditRecord, "hash">;
      const record = { ...base, hash: hashOf(base) } as AuditRecord;
      records.push(record);
      prev = record.hash;
    }
    const last = records.at(-1)!;
    const head = signCheckpoint({ chain: this.chain, seq: last.seq, hash: last.hash, at: last.at });
    const core: AtomicWrite[] = [
      ...records.map((r): AtomicWrite => ({ op: "xadd", key: this.stream, fields: { record: JSON.stringify(r) } })),
      { op: "hset", key: this.keys.heads, fields: { [this.chain]: JSON.stringify(head) } },
      { op: "sadd", key: this.keys.chains, members: [this.chain] },
    ];
    // issued in the same tick: auto-pipelining sends the record's transaction and the index writes
    // together. An index entry needs no transaction: half of one (an entry without its place in
    // time, or the reverse) is never shown.
    const stored = this.store.atomic(core);
    const indexed = records.map((r) => Promise.all(indexWrites(r).map((w) => this.index(w))));
    let ids: (string | number)[];
    try {
      ids = await stored;
    } catch (err) {
      this.unsure = true;
      await Promise.allSettled(indexed);
      auditAppends.inc({ outcome: "failed" }, batch.length);
      for (const p of batch) p.reject(err);
      return;
    }
    this.seq = last.seq;
    this.prev = last.hash;
    const outcomes = await Promise.allSettled(indexed);
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      auditAppends.inc({ outcome: o.status === "fulfilled" ? "ok" : "failed" });
      if (o.status === "fulfilled") p.resolve(String(ids[i]));
      else p.reject(o.reason);
    });
  }
}

export function recordsOf(entries: StreamEntry[]): AuditRecord[] {
  return entries.map((e) => JSON.parse(e.fields.record!) as AuditRecord);
}

export { verifyAudit, type VerifyResult, type Problem } from "./audit-verify";
