import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { badInput, KuaibanError, ErrorCode, notFound } from "../../lib/errors";
import { READ_SCOPES, type Scope } from "../../lib/access/scopes";
import type { Store } from "../../lib/store";

/**
 * Partner API keys (合作部门接口密钥), kept in the shared store.
 *
 * A key reads `kb_<prefix>_<secret>`: the prefix (8 characters, not secret) names the key in lists
 * and finds its record; the secret is 32 random bytes. Only sha256 of the whole key is stored. A
 * random 256-bit key cannot be guessed or brute-forced from its hash, so a memory-hard password hash
 * (argon2, scrypt) would add nothing but cost on every request: those exist for low-entropy secrets
 * people choose.
 *
 * Keys in the store, one hash tag per key id so every write of one key lands on one Cluster slot:
 * - `kb:apikey:{<id>}`          hash: the record (current and, during a rotation's grace, previous hash)
 * - `kb:apikey:prefix:<prefix>` string: the id a prefix belongs to (old prefixes expire after their grace)
 * - `kb:apikey:ids`             set: every id, for the admin list
 */
export interface ApiKeyRecord {
  id: string;
  department: string;
  scopes: Scope[];
  /** The current key's prefix (`kb_<prefix>_…`). */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  ratePerMinute: number;
}

/** Why a presented key is not accepted; told only to a caller who holds the key's real secret, except `unknown`. */
export type RefusalReason = "unknown" | "revoked" | "expired" | "rotated";
export type KeyCheck = { ok: true; record: ApiKeyRecord } | { ok: false; reason: RefusalReason };

export interface IssueInput {
  department: string;
  scopes: readonly string[];
  expiresAt?: Date | null;
  ratePerMinute?: number | null;
}

export interface ApiKeyStoreOptions {
  /** Requests per minute for a key issued without its own rate. */
  defaultRatePerMinute?: number;
  /** `lastUsedAt` is written at most this often per key and process. */
  touchIntervalMs?: number;
  now?: () => number;
}

/** A partner's batch job may run fast, but a key is one department's integration, not a crawler. */
export const MAX_RATE_PER_MINUTE = 60_000;
/** 10 requests a second: a partner's interactive lookups. */
export const DEFAULT_RATE_PER_MINUTE = 600;
/** Rotation grace: long enough to roll a key out across a partner's servers. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;
/** After its grace an old prefix is remembered this long, so its holder hears "rotated" rather than "unknown". */
const OLD_PREFIX_MEMORY_MS = 7 * 24 * 3600_000;

const KEY_RE = /^kb_([a-z2-7]{8})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Where a key's record, its prefixes and the registry of ids are kept. */
export const recordKey = (id: string) => `kb:apikey:{${id}}`;
export const prefixKey = (prefix: string) => `kb:apikey:prefix:${prefix}`;
export const IDS_KEY = "kb:apikey:ids";
const MAX_KNOWN_PREFIXES = 10_000;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function newPrefix(): string {
  const bytes = randomBytes(8);
  let out = "";
  for (const b of bytes) out += PREFIX_ALPHABET[b & 31];
  return out;
}

function newKey(): { key: string; prefix: string; hash: string } {
  const prefix = newPrefix();
  const key = `kb_${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: sha256(key) };
}

function sameHash(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

const date = (ms: string | undefined) => (ms ? new Date(Number(ms)) : null);

function toRecord(h: Record<string, string>): ApiKeyRecord {
  return {
    id: h.id!,
    department: h.department!,
    scopes: JSON.parse(h.scopes!) as Scope[],
    prefix: h.prefix!,
    createdAt: new Date(Number(h.createdAt)),
    expiresAt: date(h.expiresAt),
    lastUsedAt: date(h.lastUsedAt),
    revokedAt: date(h.revokedAt),
    ratePerMinute: Number(h.ratePerMinute),
  };
}

const known = new Set<string>(READ_SCOPES);

/** Checks an issue request completely before anything is written. */
function validate(input: IssueInput, now: number, defaultRate: number): { department: string; scopes: Scope[]; expiresAt: Date | null; ratePerMinute: number } {
  const department = typeof input.department === "string" ? input.department.trim() : "";
  if (!department || department.length > 100) throw badInput("department must be 1 to 100 characters", { field: "department" });
  if (!Array.isArray(input.scopes) || input.scopes.length === 0) throw badInput("A key needs at least one scope", { field: "scopes" });
  const unknown = input.scopes.filter((s) => !known.has(s));
  if (unknown.length) throw badInput(`Unknown scope(s): ${unknown.join(", ")}; known: ${READ_SCOPES.join(", ")}`, { field: "scopes", unknown });
  const scopes = READ_SCOPES.filter((s) => input.scopes.includes(s));
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && !(expiresAt instanceof Date && !Number.isNaN(expiresAt.getTime()))) throw badInput("expiresAt is not a date", { field: "expiresAt" });
  if (expiresAt && expiresAt.getTime() <= now) throw badInput("expiresAt must be in the future", { field: "expiresAt" });
  const ratePerMinute = input.ratePerMinute ?? defaultRate;
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1 || ratePerMinute > MAX_RATE_PER_MINUTE) {
    throw badInput(`ratePerMinute must be a whole number from 1 to ${MAX_RATE_PER_MINUTE}`, { field: "ratePerMinute" });
  }
  return { department, scopes, expiresAt, ratePerMinute };
}

export class ApiKeyStore {
  private readonly now: () => number;
  private readonly defaultRate: number;
  private readonly touchIntervalMs: number;
  /** When this process last wrote each key's `lastUsedAt`. */
  private readonly touched = new Map<string, number>();
  /**
   * Key prefix → key id, as read from the store: a prefix names one key for good (it is random and
   * part of the key), so the mapping is kept and each request reads only the key's record, where
   * revocation, expiry and rotation are decided.
   */
  private readonly ids = new Map<string, string>();

  constructor(private readonly store: Store, opts: ApiKeyStoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.defaultRate = opts.defaultRatePerMinute ?? DEFAULT_RATE_PER_MINUTE;
    this.touchIntervalMs = opts.touchIntervalMs ?? 60_000;
  }

  /** Issues a key; the returned `key` is the only time the secret exists outside the caller's hands. */
  async issue(input: IssueInput): Promise<{ key: string; apiKey: ApiKeyRecord }> {
    const now = this.now();
    const valid = validate(input, now, this.defaultRate);
    const id = randomBytes(9).toString("base64url");
    const { key, prefix, hash } = await this.claimKey(id);
    const fields: Record<string, string> = {
      id,
      department: valid.department,
      scopes: JSON.stringify(valid.scopes),
      prefix,
      hash,
      createdAt: String(now),
      ratePerMinute: String(valid.ratePerMinute),
      ...(valid.expiresAt ? { expiresAt: String(valid.expiresAt.getTime()) } : {}),
    };
    // The prefix points at a record that does not exist yet, which reads as an unknown key: a
    // crash between these writes leaves nothing usable behind.
    await this.store.hset(recordKey(id), fields);
    await this.store.sadd(IDS_KEY, id);
    return { key, apiKey: toRecord(fields) };
  }

  /** A fresh key whose prefix is claimed for `id` (40 random bits: a clash is rare, but never shared). */
  private async claimKey(id: string): Promise<{ key: string; prefix: string; hash: string }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const fresh = newKey();
      if (await this.store.set(prefixKey(fresh.prefix), id, { nx: true })) return fresh;
    }
    throw new Error("Could not find a free API key prefix");
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const h = await this.store.hgetall(recordKey(id));
    return h.id ? toRecord(h) : null;
  }

  /** Every key, newest first. */
  async list(): Promise<ApiKeyRecord[]> {
    const ids = await this.store.smembers(IDS_KEY);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is ApiKeyRecord => r !== null).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /**
   * A new key for the same id (same department, scopes and rate, same counters); the old key keeps
   * working for `graceSeconds`, then not. Rotating again within a grace ends the earlier grace.
   */
  async rotate(id: string, graceSeconds = 3600): Promise<{ key: string; apiKey: ApiKeyRecord }> {
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
      throw badInput(`graceSeconds must be a whole number from 0 to ${MAX_GRACE_SECONDS}`, { field: "graceSeconds" });
    }
    const h = await this.store.hgetall(recordKey(id));
    if (!h.id) throw notFound(`No API key ${id}`);
    if (h.revokedAt) throw new KuaibanError(ErrorCode.CONFLICT, "A revoked key cannot be rotated; issue a new one");
    const now = this.now();
    if (h.expiresAt && Number(h.expiresAt) <= now) throw new KuaibanError(ErrorCode.CONFLICT, "An expired key cannot be rotated; issue a new one");
    const { key, prefix, hash } = await this.claimKey(id);
    const graceUntil = now + graceSeconds * 1000;
    await this.store.hset(recordKey(id), { prefix, hash, prevPrefix: h.prefix!, prevHash: h.hash!, prevUntil: String(graceUntil) });
    await this.store.pexpire(prefixKey(h.prefix!), graceSeconds * 1000 + OLD_PREFIX_MEMORY_MS);
    return { key, apiKey: toRecord({ ...h, prefix, hash }) };
  }

  /** Revokes at once; revoking again keeps the first time. */
  async revoke(id: string): Promise<ApiKeyRecord> {
    const h = await this.store.hgetall(recordKey(id));
    if (!h.id) throw notFound(`No API key ${id}`);
    if (h.revokedAt) return toRecord(h);
    const revokedAt = String(this.now());
    await this.store.hset(recordKey(id), { revokedAt });
    return toRecord({ ...h, revokedAt });
  }

  /** The record of a presented key, or why it is refused: unknown, revoked, expired or rotated past its grace. */
  async check(presented: string, fresh = false): Promise<KeyCheck> {
    const match = KEY_RE.exec(presented);
    if (!match) return { ok: false, reason: "unknown" };
    const prefix = match[1]!;
    let id = fresh ? undefined : this.ids.get(prefix);
    const remembered = id !== undefined;
    if (!id) {
      id = (await this.store.get(prefixKey(prefix))) ?? undefined;
      if (!id) return { ok: false, reason: "unknown" };
      if (this.ids.size >= MAX_KNOWN_PREFIXES) this.ids.delete(this.ids.keys().next().value!);
      this.ids.set(prefix, id);
    }
    const h = await this.store.hgetall(recordKey(id));
    if (!h.id) return { ok: false, reason: "unknown" };
    const hash = sha256(presented);
    const now = this.now();
    // Compared in constant time: the hash of a guess must not leak, byte by byte, how close it came.
    const current = prefix === h.prefix && sameHash(h.hash, hash);
    const previous = !current && prefix === h.prevPrefix && sameHash(h.prevHash, hash);
    // a remembered prefix whose record no longer knows it (expired and, improbably, issued again): ask the store
    if (!current && !previous && remembered) {
      this.ids.delete(prefix);
      return this.check(presented, true);
    }
    if (!current && !previous) return { ok: false, reason: "unknown" };
    if (h.revokedAt) return { ok: false, reason: "revoked" };
    if (h.expiresAt && Number(h.expiresAt) <= now) return { ok: false, reason: "expired" };
    if (previous && Number(h.prevUntil) <= now) return { ok: false, reason: "rotated" };
    const record = toRecord(h);
    await this.touch(record, now);
    return { ok: true, record };
  }

  /** `lastUsedAt` without a write per request: at most once per interval per key and process. */
  private async touch(record: ApiKeyRecord, now: number): Promise<void> {
    const last = this.touched.get(record.id) ?? record.lastUsedAt?.getTime() ?? 0;
    if (now - last < this.touchIntervalMs) return;
    this.touched.set(record.id, now);
    record.lastUsedAt = new Date(now);
    // A missed write only makes lastUsedAt older; it must not refuse the request.
    await this.store.hset(recordKey(record.id), { lastUsedAt: String(now) }).catch(() => undefined);
  }
}
