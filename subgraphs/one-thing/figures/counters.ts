import type { Cluster, Redis } from "ioredis";
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
  /**
   * Adds the increments unless `member` is already in `markerKey`, and bumps each of
   * `versionKeys` (readers cache what a version still describes); true when it counted.
   */
  apply(markerKey: string, member: string, indexKey: string, indexMember: string, versionKeys: string[], increments: Increment[]): Promise<boolean>;
  /** The hashes themselves, in one round trip. */
  read(keys: string[]): Promise<Map<string, number>[]>;
  /** Version counters (0 when never bumped). */
  versions(keys: string[]): Promise<number[]>;
  /** For each group of hashes, the field-wise sum of its counters (missing hashes add nothing). */
  sum(groups: string[][]): Promise<Map<string, number>[]>;
  members(key: string): Promise<string[]>;
}

// KEYS: marker set, index set, the version counters, then the hashes;
// ARGV: member, index member, how many version counters, then key-index/field/by triples
const APPLY = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
for v = 1, tonumber(ARGV[3]) do redis.call('INCR', KEYS[2 + v]) end
for i = 4, #ARGV, 3 do
  redis.call('HINCRBY', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2])
end
return 1`;

// KEYS: every group's hashes in turn; ARGV: the size of each group. Sums in Redis, so a query moves
// one summed hash per group over the wire instead of every day's and month's hash.
const SUM = `
local out = {}
local k = 0
for g = 1, #ARGV do
  local acc = {}
  local order = {}
  for _ = 1, tonumber(ARGV[g]) do
    k = k + 1
    local flat = redis.call('HGETALL', KEYS[k])
    for i = 1, #flat, 2 do
      local f = flat[i]
      local v = acc[f]
      if v == nil then order[#order + 1] = f; acc[f] = tonumber(flat[i + 1]) else acc[f] = v + tonumber(flat[i + 1]) end
    end
  end
  local res = {}
  for i = 1, #order do res[#res + 1] = order[i]; res[#res + 1] = acc[order[i]] end
  out[g] = res
end
return out`;

type WithApply = (Redis | Cluster) & {
  figuresApply(numKeys: number, ...args: (string | number)[]): Promise<number>;
  figuresSum(numKeys: number, ...args: (string | number)[]): Promise<(string | number)[][]>;
};

const toMap = (flat: (string | number)[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(String(flat[i]), Number(flat[i + 1]));
  return m;
};

export function redisCounters(redis: Redis | Cluster): Counters {
  const r = redis as WithApply;
  if (!r.figuresApply) redis.defineCommand("figuresApply", { lua: APPLY });
  if (!r.figuresSum) redis.defineCommand("figuresSum", { lua: SUM });
  return {
    async apply(markerKey, member, indexKey, indexMember, versionKeys, increments) {
      const keys = [markerKey, indexKey, ...versionKeys];
      const pos = new Map<string, number>();
      const args: (string | number)[] = [member, indexMember, versionKeys.length];
      for (const inc of increments) {
        if (!inc.by) continue;
        let p = pos.get(inc.key);
        if (p === undefined) { keys.push(inc.key); p = keys.length; pos.set(inc.key, p); }
        args.push(p, inc.field, inc.by);
      }
      return (await r.figuresApply(keys.length, ...keys, ...args)) === 1;
    },
    async sum(groups) {
      if (!groups.length) return [];
      const keys = groups.flat();
      if (!keys.length) return groups.map(() => new Map());
      const res = await r.figuresSum(keys.length, ...keys, ...groups.map((g) => g.length));
      return groups.map((_, i) => toMap(res[i] ?? []));
    },
    async read(keys) {
      if (!keys.length) return [];
      const pipe = redis.pipeline();
      for (const k of keys) pipe.hgetall(k);
      const res = (await pipe.exec()) ?? [];
      return res.map(([err, v]) => {
        if (err) throw err;
        const m = new Map<string, number>();
        for (const [f, x] of Object.entries((v ?? {}) as Record<string, string>)) m.set(f, Number(x));
        return m;
      });
    },
    async versions(keys) {
      return keys.length ? (await redis.mget(keys)).map((v) => Number(v ?? 0)) : [];
    },
    members: (key) => redis.smembers(key),
  };
}

/** The same counters in process memory (the embedded store; a single process). */
export function memoryCounters(): Counters {
  const hashes = new Map<string, Map<string, number>>();
  const sets = new Map<string, Set<string>>();
  const versions = new Map<string, number>();
  const setOf = (k: string) => { let s = sets.get(k); if (!s) { s = new Set(); sets.set(k, s); } return s; };
  return {
    async apply(markerKey, member, indexKey, indexMember, versionKeys, increments) {
      const marker = setOf(markerKey);
      if (marker.has(member)) return false;
      marker.add(member);
      for (const v of versionKeys) versions.set(v, (versions.get(v) ?? 0) + 1);
      setOf(indexKey).add(indexMember);
      for (const inc of increments) {
        let h = hashes.get(inc.key);
        if (!h) { h = new Map(); hashes.set(inc.key, h); }
        h.set(inc.field, (h.get(inc.field) ?? 0) + inc.by);
      }
      return true;
    },
    async sum(groups) {
      return groups.map((keys) => {
        const out = new Map<string, number>();
        for (const k of keys) for (const [f, v] of hashes.get(k) ?? []) out.set(f, (out.get(f) ?? 0) + v);
        return out;
      });
    },
    read: async (keys) => keys.map((k) => new Map(hashes.get(k) ?? [])),
    versions: async (keys) => keys.map((k) => versions.get(k) ?? 0),
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
