import type { Cluster, Redis } from "ioredis";

/**
 * The shared state of Kuaiban, behind one contract with two implementations: Redis (`REDIS_URL`)
 * and an in-process store (the embedded development default). `store.contract.test.ts` runs the same
 * suite against both, so code written against this interface behaves the same on either.
 *
 * Keys: components prefix their keys (`kb:<component>:...`); keys that one multi-key operation
 * touches share a `{hash tag}` so the Redis implementation also runs on Redis Cluster.
 */
export interface Store {
  readonly kind: "redis" | "memory";
  /**
   * The ioredis client when `kind === "redis"` (a `Cluster` on Redis Cluster), for libraries that
   * take one (rate limits, counters' scripts).
   */
  readonly redis: Redis | Cluster | undefined;
  /** A separate connection to the same Redis whose failures count in the store's outage log (Redis only). */
  duplicate?(): Redis | Cluster;

  get(key: string): Promise<string | null>;
  /** Any keys, in one round trip (on a cluster, one command per hash slot sent together). */
  mget(keys: string[]): Promise<(string | null)[]>;
  /** Returns false when `nx` is set and the key already existed (nothing written). */
  set(key: string, value: string, opts?: { ttlMs?: number; nx?: boolean }): Promise<boolean>;
  /** Any keys (on a cluster, one command per hash slot); not atomic across slots. */
  del(...keys: string[]): Promise<number>;
  /** Remaining time to live in ms; -1 without expiry, -2 when the key does not exist. */
  pttl(key: string): Promise<number>;
  pexpire(key: string, ttlMs: number): Promise<boolean>;
  /** A lock's holder extends it: only while `key` still holds `token`, checked and done in one step. */
  renewIfHeld(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** A lock's holder lets it go: deleted only while `key` still holds `token`, in one step. */
  releaseIfHeld(key: string, token: string): Promise<boolean>;
  /** Increments a counter; `ttlMs` is applied only when the counter is created by this call. */
  incr(key: string, opts?: { ttlMs?: number }): Promise<number>;

  hset(key: string, fields: Record<string, string>): Promise<void>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, ...fields: string[]): Promise<number>;

  sadd(key: string, ...members: string[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;
  scard(key: string): Promise<number>;

  zadd(key: string, score: number, member: string): Promise<void>;
  zrem(key: string, member: string): Promise<number>;
  zcard(key: string): Promise<number>;
  /** Members whose score is within min … max (inclusive). */
  zcount(key: string, min: number, max: number): Promise<number>;
  /** A member's score, or null when it is not in the set. */
  zscore(key: string, member: string): Promise<number | null>;
  /** Members by score, ascending (or descending with `rev`), `offset`/`count` for paging. */
  zrange(key: string, opts?: { rev?: boolean; offset?: number; count?: number; min?: number; max?: number }): Promise<string[]>;

  /** Appends to a stream; returns the entry id. */
  xadd(stream: string, fields: Record<string, string>, opts?: { maxLen?: number }): Promise<string>;
  /** Creates a consumer group (reading from the stream's start) unless it exists. */
  xgroupEnsure(stream: string, group: string): Promise<void>;
  /**
   * Reads for a consumer of a group: `pending: true` re-reads what this consumer took but never
   * acknowledged (after a crash), otherwise new entries, waiting up to `blockMs` for one.
   */
  xreadgroup(stream: string, group: string, consumer: string, opts?: { count?: number; blockMs?: number; pending?: boolean }): Promise<StreamEntry[]>;
  xack(stream: string, group: string, ...ids: string[]): Promise<number>;
  xlen(stream: string): Promise<number>;
  xrange(stream: string, opts?: { start?: string; end?: string; count?: number }): Promise<StreamEntry[]>;
  /** Entries not yet delivered to the group plus delivered but unacknowledged: the consumer's lag. */
  xlag(stream: string, group: string): Promise<number>;
  /** Removes stream entries by id (retention after export); returns how many existed. */
  xdel(stream: string, ...ids: string[]): Promise<number>;

  /**
   * Applies every write or none (Redis MULTI/EXEC, sent in one round trip), in order; resolves with
   * each write's result (an `xadd` gives the entry id). All keys must share one hash slot (a `{hash
   * tag}`): every store refuses otherwise with `CROSSSLOT`, as Redis Cluster does.
   * Rejects when any write failed; a write refused before the set runs (Redis out of memory under
   * `noeviction`) leaves nothing written.
   */
  atomic(writes: AtomicWrite[]): Promise<(string | number)[]>;

  publish(channel: string, message: string): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;

  /** Keys matching a glob pattern (development and tests only: it scans). */
  keys(pattern: string): Promise<string[]>;
  close(): Promise<void>;

  /**
   * Takes over entries of a group that their consumer has not touched for at least `minIdleMs` (it
   * died, or stalls): up to `count` of them, oldest first, become this consumer's with their idle
   * time reset (XAUTOCLAIM).
   */
  xautoclaim(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamEntry[]>;
  /**
   * A consumer's heartbeat on the entries it holds: resets their idle time (XCLAIM … JUSTID on its
   * own ids) and returns the ids it still holds. An entry another consumer took over meanwhile is
   * left with that one, not taken back.
   */
  xkeep(stream: string, group: string, consumer: string, ids: string[]): Promise<string[]>;
  /**
   * Removes the group's consumers that hold no entry and have not read, claimed or kept anything for
   * `idleMs` (processes long gone: each start names a consumer of its own); returns how many.
   */
  xpruneConsumers(stream: string, group: string, idleMs: number): Promise<number>;
}

/** A write inside `Store.atomic`. */
export type AtomicWrite =
  | { op: "xadd"; key: string; fields: Record<string, string> }
  | { op: "hset"; key: string; fields: Record<string, string> }
  | { op: "sadd"; key: string; members: string[] }
  | { op: "zadd"; key: string; score: number; member: string };

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}
