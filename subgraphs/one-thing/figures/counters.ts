import type { Redis } from "ioredis";
import type { Store } from "../../../lib/store";

/**
 * Where the figures' counters live: hashes of integer counters, written one fact at a time with a
 * marker so a fact reported twice counts once. Redis runs the marker and every increment of a fact
 * in one Lua script (atomic: a crash leaves the fact either counted whole or not at all); the
 * in-memory variant backs the embedded development store. All keys share one hash tag, so the
 * script also runs on Redis Cluster.
 */
export interface Increment { key: string; field: string; by: number }

export interface Counters {
  /** Adds the increments unless `member` is already in `markerKey`; true when it counted. */
  apply(markerKey: string, member: string, indexKey: string, indexMember: string, increments: Increment[]): Promise<boolean>;
  /** The hashes, in order (missing ones empty), read in one round trip. */
  read(keys: string[]): Promise<Record<string, string>[]>;
  members(key: string): Promise<string[]>;
}

// KEYS: marker set, index set, then the hashes; ARGV: member, index member, then key-index/field/by triples
const APPLY = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
for i = 3, #ARGV, 3 do
  redis.call('HINCRBY', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2])
end
return 1`;

type WithApply = Redis & { figuresApply(numKeys: number, ...args: (string | number)[]): Promise<number> };

export function redisCounters(redis: Redis): Counters {
  const r = redis as WithApply;
  if (!r.figuresApply) redis.defineCommand("figuresApply", { lua: APPLY });
  return {
    async apply(markerKey, member, indexKey, indexMember, increments) {
      const keys = [markerKey, indexKey];
      const pos = new Map<string, number>();
      const args: (string | number)[] = [member, indexMember];
      for (const inc of increments) {
        if (!inc.by) continue;
        let p = pos.get(inc.key);
        if (p === undefined) { keys.push(inc.key); p = keys.length; pos.set(inc.key, p); }
        args.push(p, inc.field, inc.by);
      }
      return (await r.figuresApply(keys.length, ...keys, ...args)) === 1;
    },
    async read(keys) {
      if (!keys.length) return [];
      const pipe = redis.pipeline();
      for (const k of keys) pipe.hgetall(k);
      const res = (await pipe.exec()) ?? [];
      return res.map(([err, v]) => {
        if (err) throw err;
        return (v ?? {}) as Record<string, string>;
      });
    },
    members: (key) => redis.smembers(key),
  };
}

/** The same counters in process memory (the embedded store; a single process). */
export function memoryCounters(): Counters {
  const hashes = new Map<string, Map<string, number>>();
  const sets = new Map<string, Set<string>>();
  const setOf = (k: string) => { let s = sets.get(k); if (!s) { s = new Set(); sets.set(k, s); } return s; };
  return {
    async apply(markerKey, member, indexKey, indexMember, increments) {
      const marker = setOf(markerKey);
      if (marker.has(member)) return false;
      marker.add(member);
      setOf(indexKey).add(indexMember);
      for (const inc of increments) {
        let h = hashes.get(inc.key);
        if (!h) { h = new Map(); hashes.set(inc.key, h); }
        h.set(inc.field, (h.get(inc.field) ?? 0) + inc.by);
      }
      return true;
    },
    async read(keys) {
      return keys.map((k) => Object.fromEntries([...(hashes.get(k) ?? new Map<string, number>())].map(([f, v]) => [f, String(v)])));
    },
    members: async (key) => [...(sets.get(key) ?? [])],
  };
}

const inMemory = new WeakMap<Store, Counters>();
/** Redis counters on a Redis store; on the embedded store one in-memory set per store. */
export function countersFor(store: Store): Counters {
  if (store.kind === "redis" && store.redis) return redisCounters(store.redis);
  let c = inMemory.get(store);
  if (!c) { c = memoryCounters(); inMemory.set(store, c); }
  return c;
}
