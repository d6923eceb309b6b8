import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { ownRedisCluster, ownRedisSentinel } from "../../tests/support/redis-cluster";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";
import type { Store } from "./store";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A store and how to let go of it (and of the servers started for it). */
type Made = { store: Store; stop?: () => Promise<void> };

// The same suite against every store: the embedded one, one Redis, a 3-master Redis Cluster and a
// Sentinel-managed master, the last two started by the test on spare ports. The contract is what
// code may rely on, whichever of them a deployment runs.
describe.each([
  ["memory", async (): Promise<Made> => ({ store: new MemoryStore() })],
  ["redis", async (): Promise<Made> => ({ store: new RedisStore(redisUrl) })],
  ["redis cluster", async (): Promise<Made> => {
    const cluster = await ownRedisCluster();
    return { store: new RedisStore({ kind: "cluster", nodes: cluster.nodes }), stop: cluster.stop };
  }],
  ["redis sentinel", async (): Promise<Made> => {
    const sentinel = await ownRedisSentinel();
    return { store: new RedisStore({ kind: "sentinel", sentinels: sentinel.sentinels, name: sentinel.name }), stop: sentinel.stop };
  }],
] as const)("store contract: %s", (_name, make) => {
  let store: Store;
  let stop: (() => Promise<void>) | undefined;
  let p = "";
  beforeAll(async () => { ({ store, stop } = await make()); }, 60_000);
  beforeEach(() => { p = `kb:test:${randomUUID()}:`; });
  afterAll(async () => {
    const keys = await store.keys(`kb:test:*`);
    await store.del(...keys.filter((k) => mine.has(k.slice(0, "kb:test:".length + 36 + 1))));
    await store.close();
    await stop?.();
  });
  // only the keys this run made are cleaned up: other runs may share the Redis
  const mine = new Set<string>();
  beforeEach(() => { mine.add(p); });

  it("reads and deletes many keys at once, whichever hash slots they are in", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `${p}many:${i}`);
    for (const [i, k] of keys.entries()) if (i % 3) await store.set(k, String(i));
    const got = await store.mget(keys);
    expect(got).toEqual(keys.map((_, i) => (i % 3 ? String(i) : null)));
    expect(await store.del(...keys)).toBe(keys.filter((_, i) => i % 3).length);
    expect((await store.keys(`${p}many:*`))).toEqual([]);
  });

  it("finds keys by pattern across the whole store", async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `${p}scan:${i}`);
    for (const k of keys) await store.set(k, "x");
    expect((await store.keys(`${p}scan:*`)).sort()).toEqual([...keys].sort());
  });

  it("refuses an atomic set whose keys are not in one hash slot, writing nothing", async () => {
    await expect(store.atomic([
      { op: "hset", key: `${p}{one}:h`, fields: { a: "1" } },
      { op: "hset", key: `${p}{other}:h`, fields: { a: "1" } },
    ])).rejects.toThrow(/CROSSSLOT/);
    expect(await store.hgetall(`${p}{one}:h`)).toEqual({});
  });

  it("sets, gets and deletes strings; nx refuses to overwrite", async () => {
    expect(await store.get(p + "a")).toBeNull();
    expect(await store.set(p + "a", "1")).toBe(true);
    expect(await store.set(p + "a", "2", { nx: true })).toBe(false);
    expect(await store.get(p + "a")).toBe("1");
    expect(await store.mget([p + "a", p + "missing"])).toEqual(["1", null]);
    expect(await store.del(p + "a", p + "missing")).toBe(1);
    expect(await store.get(p + "a")).toBeNull();
  });

  it("expires keys after their ttl and reports pttl", async () => {
    await store.set(p + "t", "x", { ttlMs: 80 });
    const ttl = await store.pttl(p + "t");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(80);
    expect(await store.pttl(p + "none")).toBe(-2);
    await store.set(p + "forever", "x");
    expect(await store.pttl(p + "forever")).toBe(-1);
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.get(p + "t")).toBeNull();
  });

  it("renews and releases a lock only for the token that holds it", async () => {
    await store.set(p + "lock", "mine", { ttlMs: 200 });
    expect(await store.renewIfHeld(p + "lock", "theirs", 10_000)).toBe(false);
    expect(await store.renewIfHeld(p + "lock", "mine", 10_000)).toBe(true);
    expect(await store.pttl(p + "lock")).toBeGreaterThan(5_000);
    expect(await store.releaseIfHeld(p + "lock", "theirs")).toBe(false);
    expect(await store.get(p + "lock")).toBe("mine");
    expect(await store.releaseIfHeld(p + "lock", "mine")).toBe(true);
    expect(await store.get(p + "lock")).toBeNull();
    expect(await store.renewIfHeld(p + "lock", "mine", 1_000)).toBe(false); // gone: not brought back
    expect(await store.get(p + "lock")).toBeNull();
  });

  it("incr sets the ttl only when it creates the counter", async () => {
    expect(await store.incr(p + "c", { ttlMs: 10_000 })).toBe(1);
    await store.pexpire(p + "c", 50_000);
    expect(await store.incr(p + "c", { ttlMs: 10_000 })).toBe(2);
    expect(await store.pttl(p + "c")).toBeGreaterThan(10_000);
  });

  it("keeps hashes and sets", async () => {
    await store.hset(p + "h", { a: "1", b: "2" });
    expect(await store.hget(p + "h", "a")).toBe("1");
    expect(await store.hgetall(p + "h")).toEqual({ a: "1", b: "2" });
    expect(await store.hdel(p + "h", "a")).toBe(1);
    expect(await store.hgetall(p + "missing")).toEqual({});
    expect(await store.sadd(p + "s", "x", "y", "x")).toBe(2);
    expect((await store.smembers(p + "s")).sort()).toEqual(["x", "y"]);
    expect(await store.scard(p + "s")).toBe(2);
    expect(await store.srem(p + "s", "x")).toBe(1);
  });

  it("orders sorted sets by score with paging both ways", async () => {
    for (const [m, s] of [["c", 3], ["a", 1], ["b", 2], ["d", 4]] as const) await store.zadd(p + "z", s, m);
    expect(await store.zrange(p + "z")).toEqual(["a", "b", "c", "d"]);
    expect(await store.zrange(p + "z", { rev: true, offset: 1, count: 2 })).toEqual(["c", "b"]);
    expect(await store.zrange(p + "z", { min: 2, max: 3 })).toEqual(["b", "c"]);
    expect(await store.zcard(p + "z")).toBe(4);
    expect(await store.zscore(p + "z", "c")).toBe(3);
    expect(await store.zcount(p + "z", 2, 3)).toBe(2);
    expect(await store.zscore(p + "z", "none")).toBeNull();
    expect(await store.zrem(p + "z", "a")).toBe(1);
  });

  it("delivers stream entries to each group once and redelivers unacknowledged ones", async () => {
    const s = p + "stream";
    await store.xgroupEnsure(s, "g1");
    await store.xgroupEnsure(s, "g1"); // idempotent
    await store.xgroupEnsure(s, "g2");
    const id1 = await store.xadd(s, { kind: "hired", n: "1" });
    await store.xadd(s, { kind: "hired", n: "2" });
    const first = await store.xreadgroup(s, "g1", "c1", { count: 1 });
    expect(first).toEqual([{ id: id1, fields: { kind: "hired", n: "1" } }]);
    expect(await store.xlag(s, "g1")).toBe(2); // one undelivered, one pending
    // the other group sees everything independently
    expect((await store.xreadgroup(s, "g2", "c1")).map((e) => e.fields.n)).toEqual(["1", "2"]);
    // after a crash the consumer re-reads what it never acknowledged
    expect((await store.xreadgroup(s, "g1", "c1", { pending: true })).map((e) => e.id)).toEqual([id1]);
    expect(await store.xack(s, "g1", id1)).toBe(1);
    expect(await store.xreadgroup(s, "g1", "c1", { pending: true })).toEqual([]);
    expect((await store.xreadgroup(s, "g1", "c1")).map((e) => e.fields.n)).toEqual(["2"]);
    expect(await store.xlen(s)).toBe(2);
    expect((await store.xrange(s)).length).toBe(2);
  });

  it("keeps consumer groups on streams whatever node of a cluster holds them", async () => {
    // twelve streams spread over the slots: on three masters, some are never where a command's
    // subcommand word (CREATE, GROUPS) would hash to
    const streams = Array.from({ length: 12 }, (_, i) => `${p}groups:${i}`);
    await Promise.all(streams.map((st) => store.xgroupEnsure(st, "g")));
    await Promise.all(streams.map((st) => store.xadd(st, { n: "1" })));
    expect(await Promise.all(streams.map((st) => store.xlag(st, "g")))).toEqual(streams.map(() => 1));
    expect(await Promise.all(streams.map((st) => store.xpruneConsumers(st, "g", 0)))).toEqual(streams.map(() => 0));
  });

  it("removes stream entries by id", async () => {
    const s = p + "trim";
    const id1 = await store.xadd(s, { n: "1" });
    const id2 = await store.xadd(s, { n: "2" });
    const id3 = await store.xadd(s, { n: "3" });
    expect(await store.xdel(s, id1, id3, "1-999")).toBe(2);
    expect((await store.xrange(s)).map((e) => e.id)).toEqual([id2]);
    expect(await store.xdel(p + "no-stream", id2)).toBe(0);
  });

  it("applies a set of writes all together, in order, with each result", async () => {
    const tag = `${p}{atomic}`;
    const results = await store.atomic([
      { op: "xadd", key: `${tag}:s`, fields: { n: "1" } },
      { op: "hset", key: `${tag}:h`, fields: { a: "1" } },
      { op: "hset", key: `${tag}:h`, fields: { a: "2", b: "1" } },
      { op: "sadd", key: `${tag}:set`, members: ["x", "y"] },
      { op: "zadd", key: `${tag}:z`, score: 5, member: "m" },
    ]);
    expect(results[0]).toMatch(/^\d+-\d+$/);
    expect(results.slice(1)).toEqual([1, 1, 2, 1]);
    expect((await store.xrange(`${tag}:s`)).map((e) => e.fields.n)).toEqual(["1"]);
    expect(await store.hgetall(`${tag}:h`)).toEqual({ a: "2", b: "1" });
    expect(await store.zrange(`${tag}:z`)).toEqual(["m"]);
  });

  it("rejects an atomic set when one of its writes is refused", async () => {
    const tag = `${p}{atomic}`;
    await store.set(`${tag}:str`, "a string");
    await expect(store.atomic([
      { op: "xadd", key: `${tag}:s`, fields: { n: "1" } },
      { op: "hset", key: `${tag}:str`, fields: { a: "1" } }, // wrong type: refused
    ])).rejects.toThrow(/WRONGTYPE/);
  });

  it("wakes a blocked reader when an entry arrives", async () => {
    const s = p + "blocking";
    await store.xgroupEnsure(s, "g");
    const read = store.xreadgroup(s, "g", "c", { blockMs: 2_000 });
    await new Promise((r) => setTimeout(r, 50));
    await store.xadd(s, { n: "1" });
    const started = Date.now();
    const got = await read;
    expect(got.map((e) => e.fields.n)).toEqual(["1"]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("publishes to subscribers until they unsubscribe", async () => {
    const got: string[] = [];
    const unsubscribe = await store.subscribe(p + "ch", (m) => got.push(m));
    await store.publish(p + "ch", "one");
    await new Promise((r) => setTimeout(r, 100));
    await unsubscribe();
    await store.publish(p + "ch", "two");
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(["one"]);
  });

  it("hands entries left idle by their consumer to another one, unless their consumer keeps them", async () => {
    const s = p + "claims";
    await store.xgroupEnsure(s, "g");
    const id1 = await store.xadd(s, { n: "1" });
    const id2 = await store.xadd(s, { n: "2" });
    const id3 = await store.xadd(s, { n: "3" });
    expect((await store.xreadgroup(s, "g", "c1")).map((e) => e.id)).toEqual([id1, id2, id3]);
    // just delivered: nothing is idle yet
    expect(await store.xautoclaim(s, "g", "c2", 150, 10)).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    // c1's heartbeat keeps the first; the others went idle and c2 takes them, oldest first, up to count
    expect(await store.xkeep(s, "g", "c1", [id1])).toEqual([id1]);
    expect(await store.xautoclaim(s, "g", "c2", 150, 1)).toEqual([{ id: id2, fields: { n: "2" } }]);
    expect((await store.xautoclaim(s, "g", "c2", 150, 10)).map((e) => e.id)).toEqual([id3]);
    // taken over: claiming resets the idle time, and c1's heartbeat does not take them back
    expect(await store.xautoclaim(s, "g", "c3", 150, 10)).toEqual([]);
    expect(await store.xkeep(s, "g", "c1", [id1, id2, id3])).toEqual([id1]);
    expect((await store.xreadgroup(s, "g", "c2", { pending: true })).map((e) => e.id)).toEqual([id2, id3]);
    expect((await store.xreadgroup(s, "g", "c1", { pending: true })).map((e) => e.id)).toEqual([id1]);
    // acknowledged entries are nobody's any more
    await store.xack(s, "g", id2, id3);
    await new Promise((r) => setTimeout(r, 200));
    expect((await store.xautoclaim(s, "g", "c3", 150, 10)).map((e) => e.id)).toEqual([id1]);
    expect(await store.xkeep(s, "g", "c2", [id2, id3])).toEqual([]);
    expect(await store.xkeep(s, "g", "c3", [])).toEqual([]);
  });

  it("forgets consumers that hold nothing and have been idle, never one that holds entries", async () => {
    const s = p + "consumers";
    await store.xgroupEnsure(s, "g");
    await store.xadd(s, { n: "1" });
    await store.xadd(s, { n: "2" });
    const [first] = await store.xreadgroup(s, "g", "gone", { count: 1 });
    await store.xack(s, "g", first!.id);
    await store.xreadgroup(s, "g", "holding", { count: 1 }); // keeps its entry unacknowledged
    await new Promise((r) => setTimeout(r, 30));
    await store.xreadgroup(s, "g", "live", { count: 1 }); // nothing left to read, but it just looked
    expect(await store.xpruneConsumers(s, "g", 20)).toBe(1); // "gone" only
    expect(await store.xpruneConsumers(s, "g", 20)).toBe(0);
    // the holder's entry is still its own, to be taken over once idle
    expect((await store.xautoclaim(s, "g", "live", 0, 10)).map((e) => e.fields.n)).toEqual(["2"]);
  });
});
