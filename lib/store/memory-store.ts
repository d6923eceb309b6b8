import { EventEmitter } from "node:events";
import { assertOneSlot } from "./slots";
import type { AtomicWrite, Store, StreamEntry } from "./store";

type Value =
  | { type: "string"; v: string }
  | { type: "hash"; v: Map<string, string> }
  | { type: "set"; v: Set<string> }
  | { type: "zset"; v: Map<string, number> }
  | { type: "stream"; v: MemoryStream };

interface MemoryStream {
  entries: StreamEntry[];
  lastMs: number;
  lastSeq: number;
  groups: Map<string, { lastDelivered: string; pending: Map<string, string> }>;
}

/** Stream ids compare as (ms, seq) pairs, exactly as Redis orders them. */
function idCompare(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am - bm || as - bs;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

/**
 * The embedded development store: the same contract as Redis, in this process's memory. It is what
 * `npm start` runs on without `REDIS_URL`; everything in it is gone when the process ends.
 */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  readonly redis = undefined;
  private readonly data = new Map<string, Value>();
  private readonly expiries = new Map<string, number>();
  private readonly bus = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.bus.setMaxListeners(0);
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, at] of this.expiries) if (at <= now) this.drop(key);
    }, 1_000);
    this.sweeper.unref();
  }

  private drop(key: string) {
    this.data.delete(key);
    this.expiries.delete(key);
  }

  private live(key: string): Value | undefined {
    const at = this.expiries.get(key);
    if (at !== undefined && at <= Date.now()) this.drop(key);
    return this.data.get(key);
  }

  private typed<T extends Value["type"]>(key: string, type: T, create: boolean): Extract<Value, { type: T }> | undefined {
    const value = this.live(key);
    if (value) {
      if (value.type !== type) throw new Error("WRONGTYPE Operation against a key holding the wrong kind of value");
      return value as Extract<Value, { type: T }>;
    }
    if (!create) return undefined;
    const fresh = {
      type,
      v: type === "string" ? "" : type === "hash" ? new Map() : type === "set" ? new Set() : type === "zset" ? new Map()
        : { entries: [], lastMs: 0, lastSeq: 0, groups: new Map() },
    } as Extract<Value, { type: T }>;
    this.data.set(key, fresh);
    return fresh;
  }

  async get(key: string) {
    return this.typed(key, "string", false)?.v ?? null;
  }
  async mget(keys: string[]) {
    return Promise.all(keys.map((k) => this.get(k)));
  }
  async set(key: string, value: string, opts: { ttlMs?: number; nx?: boolean } = {}) {
    if (opts.nx && this.live(key)) return false;
    this.data.set(key, { type: "string", v: value });
    if (opts.ttlMs) this.expiries.set(key, Date.now() + opts.ttlMs);
    else this.expiries.delete(key);
    return true;
  }
  async del(...keys: string[]) {
    let n = 0;
    for (const k of keys) if (this.live(k)) { this.drop(k); n++; }
    return n;
  }
  async pttl(key: string) {
    if (!this.live(key)) return -2;
    const at = this.expiries.get(key);
    return at === undefined ? -1 : Math.max(0, at - Date.now());
  }
  async pexpire(key: string, ttlMs: number) {
    if (!this.live(key)) return false;
    this.expiries.set(key, Date.now() + ttlMs);
    return true;
  }
  async renewIfHeld(key: string, token: string, ttlMs: number) {
    if ((await this.get(key)) !== token) return false;
    return this.pexpire(key, ttlMs);
  }
  async releaseIfHeld(key: string, token: string) {
    if ((await this.get(key)) !== token) return false;
    return (await this.del(key)) === 1;
  }
  async incr(key: string, opts: { ttlMs?: number } = {}) {
    const existing = this.typed(key, "string", false);
    const next = (existing ? Number(existing.v) : 0) + 1;
    if (!Number.isInteger(next)) throw new Error("ERR value is not an integer or out of range");
    this.data.set(key, { type: "string", v: String(next) });
    if (!existing && opts.ttlMs) this.expiries.set(key, Date.now() + opts.ttlMs);
    return next;
  }

  async hset(key: string, fields: Record<string, string>) {
    if (!Object.keys(fields).length) return;
    const h = this.typed(key, "hash", true)!;
    for (const [f, v] of Object.entries(fields)) h.v.set(f, v);
  }
  async hget(key: string, field: string) {
    return this.typed(key, "hash", false)?.v.get(field) ?? null;
  }
  async hgetall(key: string) {
    return Object.fromEntries(this.typed(key, "hash", false)?.v ?? []);
  }
  async hdel(key: string, ...fields: string[]) {
    const h = this.typed(key, "hash", false);
    if (!h) return 0;
    let n = 0;
    for (const f of fields) if (h.v.delete(f)) n++;
    if (h.v.size === 0) this.drop(key);
    return n;
  }

  async sadd(key: string, ...members: string[]) {
    const s = this.typed(key, "set", true)!;
    let n = 0;
    for (const m of members) if (!s.v.has(m)) { s.v.add(m); n++; }
    return n;
  }
  async srem(key: string, ...members: string[]) {
    const s = this.typed(key, "set", false);
    if (!s) return 0;
    let n = 0;
    for (const m of members) if (s.v.delete(m)) n++;
    if (s.v.size === 0) this.drop(key);
    return n;
  }
  async smembers(key: string) {
    return [...(this.typed(key, "set", false)?.v ?? [])];
  }
  async scard(key: string) {
    return this.typed(key, "set", false)?.v.size ?? 0;
  }

  async zadd(key: string, score: number, member: string) {
    this.typed(key, "zset", true)!.v.set(member, score);
  }
  async zrem(key: string, member: string) {
    const z = this.typed(key, "zset", false);
    if (!z) return 0;
    const removed = z.v.delete(member) ? 1 : 0;
    if (z.v.size === 0) this.drop(key);
    return removed;
  }
  async zcard(key: string) {
    return this.typed(key, "zset", false)?.v.size ?? 0;
  }
  async zcount(key: string, min: number, max: number) {
    let n = 0;
    for (const score of this.typed(key, "zset", false)?.v.values() ?? []) if (score >= min && score <= max) n++;
    return n;
  }
  async zscore(key: string, member: string) {
    return this.typed(key, "zset", false)?.v.get(member) ?? null;
  }
  async zrange(key: string, opts: { rev?: boolean; offset?: number; count?: number; min?: number; max?: number } = {}) {
    const z = this.typed(key, "zset", false);
    if (!z) return [];
    const min = opts.min ?? -Infinity;
    const max = opts.max ?? Infinity;
    const sorted = [...z.v]
      .filter(([, s]) => s >= min && s <= max)
      .sort(([am, as], [bm, bs]) => as - bs || (am < bm ? -1 : am > bm ? 1 : 0));
    if (opts.rev) sorted.reverse();
    const offset = opts.offset ?? 0;
    const end = opts.count === undefined || opts.count < 0 ? undefined : offset + opts.count;
    return sorted.slice(offset, end).map(([m]) => m);
  }

  async xadd(stream: string, fields: Record<string, string>, opts: { maxLen?: number } = {}) {
    const s = this.typed(stream, "stream", true)!.v;
    const now = Date.now();
    if (now > s.lastMs) { s.lastMs = now; s.lastSeq = 0; } else s.lastSeq++;
    const id = `${s.lastMs}-${s.lastSeq}`;
    s.entries.push({ id, fields: { ...fields } });
    if (opts.maxLen && s.entries.length > opts.maxLen) s.entries.splice(0, s.entries.length - opts.maxLen);
    this.bus.emit(`stream:${stream}`);
    return id;
  }
  async xgroupEnsure(stream: string, group: string) {
    const s = this.typed(stream, "stream", true)!.v;
    if (!s.groups.has(group)) s.groups.set(group, { lastDelivered: "0-0", pending: new Map() });
  }
  async xreadgroup(stream: string, group: string, consumer: string, opts: { count?: number; blockMs?: number; pending?: boolean } = {}): Promise<StreamEntry[]> {
    const s = this.typed(stream, "stream", false)?.v;
    const g = s?.groups.get(group);
    if (!s || !g) throw new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`);
    const count = opts.count ?? 100;
    this.seen(g).set(consumer, Date.now());
    if (opts.pending) {
      return s.entries.filter((e) => g.pending.get(e.id) === consumer).slice(0, count).map((e) => ({ id: e.id, fields: { ...e.fields } }));
    }
    const take = () => {
      const fresh = s.entries.filter((e) => idCompare(e.id, g.lastDelivered) > 0).slice(0, count);
      for (const e of fresh) { g.pending.set(e.id, consumer); this.deliveredAt(g).set(e.id, Date.now()); }
      if (fresh.length) g.lastDelivered = fresh[fresh.length - 1]!.id;
      return fresh.map((e) => ({ id: e.id, fields: { ...e.fields } }));
    };
    const now = take();
    if (now.length || !opts.blockMs) return now;
    return new Promise((resolve) => {
      const event = `stream:${stream}`;
      const timer = setTimeout(() => { this.bus.off(event, onAdd); resolve([]); }, opts.blockMs);
      const onAdd = () => {
        const got = take();
        if (!got.length) return;
        clearTimeout(timer);
        this.bus.off(event, onAdd);
        resolve(got);
      };
      this.bus.on(event, onAdd);
    });
  }
  async xack(stream: string, group: string, ...ids: string[]) {
    const g = this.typed(stream, "stream", false)?.v.groups.get(group);
    if (!g) return 0;
    let n = 0;
    for (const id of ids) if (g.pending.delete(id)) n++;
    return n;
  }
  async xlen(stream: string) {
    return this.typed(stream, "stream", false)?.v.entries.length ?? 0;
  }
  async xrange(stream: string, opts: { start?: string; end?: string; count?: number } = {}) {
    const s = this.typed(stream, "stream", false)?.v;
    if (!s) return [];
    const norm = (id: string | undefined, edge: "-" | "+") =>
      id === undefined || id === edge ? undefined : id.includes("-") ? id : `${id}-${edge === "-" ? 0 : Number.MAX_SAFE_INTEGER}`;
    const start = norm(opts.start, "-");
    const end = norm(opts.end, "+");
    const picked = s.entries.filter((e) => (!start || idCompare(e.id, start) >= 0) && (!end || idCompare(e.id, end) <= 0));
    return (opts.count ? picked.slice(0, opts.count) : picked).map((e) => ({ id: e.id, fields: { ...e.fields } }));
  }
  async xlag(stream: string, group: string) {
    const s = this.typed(stream, "stream", false)?.v;
    if (!s) return 0;
    const g = s.groups.get(group);
    if (!g) return s.entries.length;
    return s.entries.filter((e) => idCompare(e.id, g.lastDelivered) > 0).length + g.pending.size;
  }

  async xdel(stream: string, ...ids: string[]) {
    const s = this.typed(stream, "stream", false)?.v;
    if (!s) return 0;
    const drop = new Set(ids);
    const before = s.entries.length;
    s.entries = s.entries.filter((e) => !drop.has(e.id));
    return before - s.entries.length;
  }

  async atomic(writes: AtomicWrite[]) {
    // refused here as on a Redis Cluster, so a transaction across hash slots is found in development
    assertOneSlot(writes.map((w) => w.key), "atomic");
    // check every key's type first, so a refused write leaves nothing written, as MULTI/EXEC does
    const want = { xadd: "stream", hset: "hash", sadd: "set", zadd: "zset" } as const;
    for (const w of writes) {
      const existing = this.live(w.key);
      if (existing && existing.type !== want[w.op]) throw new Error("WRONGTYPE Operation against a key holding the wrong kind of value");
    }
    const results: (string | number)[] = [];
    for (const w of writes) {
      if (w.op === "xadd") results.push(await this.xadd(w.key, w.fields));
      else if (w.op === "hset") {
        const h = this.typed(w.key, "hash", true)!;
        let added = 0;
        for (const [f, v] of Object.entries(w.fields)) { if (!h.v.has(f)) added++; h.v.set(f, v); }
        results.push(added);
      } else if (w.op === "sadd") results.push(await this.sadd(w.key, ...w.members));
      else {
        const z = this.typed(w.key, "zset", true)!;
        const added = z.v.has(w.member) ? 0 : 1;
        z.v.set(w.member, w.score);
        results.push(added);
      }
    }
    return results;
  }

  async publish(channel: string, message: string) {
    // Delivered on a later tick, as a network round trip would be.
    setImmediate(() => this.bus.emit(`channel:${channel}`, message));
  }
  async subscribe(channel: string, onMessage: (message: string) => void) {
    const event = `channel:${channel}`;
    this.bus.on(event, onMessage);
    return async () => { this.bus.off(event, onMessage); };
  }

  async keys(pattern: string) {
    const re = globToRegExp(pattern);
    return [...this.data.keys()].filter((k) => this.live(k) && re.test(k));
  }
  async close() {
    clearInterval(this.sweeper);
    this.bus.removeAllListeners();
  }

  /** When each pending entry of a group was last delivered or claimed (its idle time counts from there). */
  private readonly deliveries = new WeakMap<object, Map<string, number>>();
  private deliveredAt(group: { pending: Map<string, string> }): Map<string, number> {
    let at = this.deliveries.get(group);
    if (!at) this.deliveries.set(group, (at = new Map()));
    return at;
  }

  async xautoclaim(stream: string, group: string, consumer: string, minIdleMs: number, count: number) {
    const s = this.typed(stream, "stream", false)?.v;
    const g = s?.groups.get(group);
    if (!s || !g) throw new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`);
    const at = this.deliveredAt(g);
    this.seen(g).set(consumer, Date.now());
    for (const id of at.keys()) if (!g.pending.has(id)) at.delete(id); // acknowledged since
    const now = Date.now();
    const claimed: StreamEntry[] = [];
    for (const id of [...g.pending.keys()].sort(idCompare)) {
      if (claimed.length >= count) break;
      if (now - (at.get(id) ?? 0) < minIdleMs) continue;
      const entry = s.entries.find((e) => e.id === id);
      if (!entry) { g.pending.delete(id); continue; }
      g.pending.set(id, consumer);
      at.set(id, now);
      claimed.push({ id, fields: { ...entry.fields } });
    }
    return claimed;
  }
  async xkeep(stream: string, group: string, consumer: string, ids: string[]) {
    const g = this.typed(stream, "stream", false)?.v.groups.get(group);
    if (!g) return [];
    const at = this.deliveredAt(g);
    this.seen(g).set(consumer, Date.now());
    const kept = ids.filter((id) => g.pending.get(id) === consumer);
    for (const id of kept) at.set(id, Date.now());
    return kept;
  }

  /** When each consumer of a group last read, claimed or kept entries. */
  private readonly consumers = new WeakMap<object, Map<string, number>>();
  private seen(group: object): Map<string, number> {
    let m = this.consumers.get(group);
    if (!m) this.consumers.set(group, (m = new Map()));
    return m;
  }

  async xpruneConsumers(stream: string, group: string, idleMs: number) {
    const g = this.typed(stream, "stream", false)?.v.groups.get(group);
    if (!g) return 0;
    const holding = new Set(g.pending.values());
    const now = Date.now();
    let removed = 0;
    for (const [name, at] of this.seen(g)) {
      if (holding.has(name) || now - at < idleMs) continue;
      this.seen(g).delete(name);
      removed++;
    }
    return removed;
  }
}
