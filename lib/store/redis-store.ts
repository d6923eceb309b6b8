import { Cluster, Redis, type RedisOptions } from "ioredis";
import { assertOneSlot, bySlot } from "./slots";
import { OutageLog, StoreUnavailableError, asStoreError } from "./outage";
import { type RedisTarget, describeTarget } from "./redis-target";
import type { AtomicWrite, Store, StreamEntry } from "./store";

type RawEntry = [id: string, flat: string[]];

function toEntries(raw: RawEntry[] | null | undefined): StreamEntry[] {
  return (raw ?? []).map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    return { id, fields };
  });
}

// the check and the change in one step: a lock that lapsed and was taken by another holder in
// between is never extended or deleted by the one that lost it
const RENEW_IF_HELD = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE_IF_HELD = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

const connectionDefaults: RedisOptions = {
  maxRetriesPerRequest: 2,
  connectTimeout: 2_000,
  retryStrategy: (times) => Math.min(times * 100, 1_000),
  lazyConnect: false,
};

function connect(target: RedisTarget, options: RedisOptions): Redis | Cluster {
  if (target.kind === "url") return new Redis(target.url, { enableAutoPipelining: true, ...connectionDefaults, ...options });
  if (target.kind === "sentinel") {
    return new Redis({
      enableAutoPipelining: true, ...connectionDefaults,
      sentinels: target.sentinels, name: target.name,
      username: target.username, password: target.password, sentinelPassword: target.sentinelPassword,
      // a failover is a short outage: commands wait for the new master like a reconnect
      sentinelRetryStrategy: (times) => Math.min(times * 100, 1_000),
      ...options,
    });
  }
  const { enableAutoPipelining = true, ...redisOptions } = options;
  return scriptsOnTheirOwn(new Cluster(target.nodes, {
    enableAutoPipelining,
    // auto-pipelining picks a command's node by its first argument; these begin with a subcommand
    // (XGROUP CREATE <key>, XINFO GROUPS <key>), so they go on their own and are routed by their key
    autoPipeliningIgnoredCommands: ["xgroup", "xinfo"],
    // a node restarting or a slot moving is retried as in a single Redis, then fails as STORE_UNAVAILABLE
    clusterRetryStrategy: (times) => Math.min(times * 100, 1_000),
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
    maxRedirections: 16,
    slotsRefreshTimeout: 2_000,
    redisOptions: { ...connectionDefaults, username: target.username, password: target.password, ...redisOptions },
  }));
}

/**
 * A script defined on a cluster client (`defineCommand`: the figures' counters, rate limits) is sent
 * on its own: its first argument is its key count, which auto-pipelining would take for the key
 * that picks the node ("All keys in the pipeline should belong to the same slots allocation group").
 */
function scriptsOnTheirOwn(cluster: Cluster): Cluster {
  const define = cluster.defineCommand.bind(cluster);
  cluster.defineCommand = (name, definition) => {
    define(name, definition);
    const ignored = cluster.options.autoPipeliningIgnoredCommands;
    if (ignored && !ignored.includes(name)) ignored.push(name);
  };
  return cluster;
}

export class RedisStore implements Store {
  readonly kind = "redis" as const;
  /** One connection to one server (`REDIS_URL`, Sentinel), or a client of the whole cluster. */
  readonly redis: Redis | Cluster;
  readonly target: RedisTarget;
  /** Blocking reads and subscriptions hold their connection, so each gets its own. */
  private readonly side = new Map<string, Redis | Cluster>();
  private subscriber: Redis | Cluster | undefined;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  /** Whether the store is unreachable right now (logged once per outage). */
  readonly outage = new OutageLog("redis");

  constructor(target: string | RedisTarget, options: RedisOptions = {}) {
    // Auto-pipelining batches the many small commands of one request into one round trip. While
    // the server is down a command waits for at most two reconnect attempts (a fraction of a
    // second), then fails as STORE_UNAVAILABLE; ioredis keeps reconnecting, so service resumes
    // when the server is back, with no restart.
    this.target = typeof target === "string" ? { kind: "url", url: target } : target;
    this.redis = this.watched(connect(this.target, options));
    // Every command answers a store-connection failure as StoreUnavailableError (HTTP 503 with a code).
    const proto = RedisStore.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(RedisStore.prototype)) {
      if (name === "constructor" || name === "close" || name === "sideConnection" || name === "watched" || name === "duplicate" || name === "describe") continue;
      const method = proto[name];
      if (typeof method !== "function") continue;
      (this as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        // during a known outage a command fails at once instead of waiting for reconnect attempts
        if (this.outage.down && this.redis.status !== "ready") throw new StoreUnavailableError();
        try {
          return await (method as (...a: unknown[]) => Promise<unknown>).apply(this, args);
        } catch (err) {
          throw asStoreError(err);
        }
      };
    }
  }

  /** Reports a connection's failures and recovery to the outage log instead of ioredis's "Unhandled error event". */
  private watched<C extends Redis | Cluster>(conn: C): C {
    conn.on("error", (err: unknown) => this.outage.failed(err, conn));
    conn.on("ready", () => this.outage.recovered(conn));
    conn.on("end", () => this.outage.closed(conn));
    return conn;
  }

  /** Another connection to the same store (for commands that must not share the pipelined one), watched like the others. */
  duplicate(): Redis | Cluster {
    const conn = this.redis instanceof Cluster
      ? this.redis.duplicate(undefined, { enableAutoPipelining: false })
      : this.redis.duplicate({ enableAutoPipelining: false });
    return this.watched(conn);
  }

  /** What this store is, for the first line of a component's output (no password). */
  describe(): string {
    return describeTarget(this.target);
  }

  private get cluster(): Cluster | undefined {
    return this.redis instanceof Cluster ? this.redis : undefined;
  }

  private sideConnection(name: string): Redis | Cluster {
    let conn = this.side.get(name);
    if (!conn) {
      conn = this.duplicate();
      this.side.set(name, conn);
    }
    return conn;
  }

  get(key: string) { return this.redis.get(key); }
  async mget(keys: string[]) {
    if (!keys.length) return [];
    if (!this.cluster) return this.redis.mget(keys);
    // on a cluster one MGET per hash slot (people's keys are spread on purpose), sent together
    const out: (string | null)[] = new Array(keys.length).fill(null);
    await Promise.all(bySlot(keys).map(async (idx) => {
      const values = await this.redis.mget(idx.map((i) => keys[i]!));
      idx.forEach((i, j) => { out[i] = values[j] ?? null; });
    }));
    return out;
  }
  async set(key: string, value: string, opts: { ttlMs?: number; nx?: boolean } = {}) {
    const args: (string | number)[] = [];
    if (opts.ttlMs) args.push("PX", Math.max(1, Math.round(opts.ttlMs)));
    if (opts.nx) args.push("NX");
    const result = await (this.redis.set as (...a: unknown[]) => Promise<string | null>)(key, value, ...args);
    return result === "OK";
  }
  async del(...keys: string[]) {
    if (!keys.length) return 0;
    if (!this.cluster) return this.redis.del(...keys);
    const counts = await Promise.all(bySlot(keys).map((idx) => this.redis.del(...idx.map((i) => keys[i]!))));
    return counts.reduce((a, b) => a + b, 0);
  }
  pttl(key: string) { return this.redis.pttl(key); }
  async pexpire(key: string, ttlMs: number) { return (await this.redis.pexpire(key, Math.max(1, Math.round(ttlMs)))) === 1; }
  async renewIfHeld(key: string, token: string, ttlMs: number) {
    return (await this.redis.eval(RENEW_IF_HELD, 1, key, token, Math.max(1, Math.round(ttlMs)))) === 1;
  }
  async releaseIfHeld(key: string, token: string) {
    return (await this.redis.eval(RELEASE_IF_HELD, 1, key, token)) === 1;
  }
  async incr(key: string, opts: { ttlMs?: number } = {}) {
    if (!opts.ttlMs) return this.redis.incr(key);
    const [[, value]] = (await this.redis.multi().incr(key).pexpire(key, Math.round(opts.ttlMs), "NX").exec()) as [[null, number]];
    return value;
  }

  async hset(key: string, fields: Record<string, string>) { if (Object.keys(fields).length) await this.redis.hset(key, fields); }
  hget(key: string, field: string) { return this.redis.hget(key, field); }
  hgetall(key: string) { return this.redis.hgetall(key); }
  hdel(key: string, ...fields: string[]) { return fields.length ? this.redis.hdel(key, ...fields) : Promise.resolve(0); }

  sadd(key: string, ...members: string[]) { return members.length ? this.redis.sadd(key, ...members) : Promise.resolve(0); }
  srem(key: string, ...members: string[]) { return members.length ? this.redis.srem(key, ...members) : Promise.resolve(0); }
  smembers(key: string) { return this.redis.smembers(key); }
  scard(key: string) { return this.redis.scard(key); }

  async zadd(key: string, score: number, member: string) { await this.redis.zadd(key, score, member); }
  zrem(key: string, member: string) { return this.redis.zrem(key, member); }
  zcard(key: string) { return this.redis.zcard(key); }
  zcount(key: string, min: number, max: number) { return this.redis.zcount(key, min, max); }
  async zscore(key: string, member: string) {
    const raw = await this.redis.zscore(key, member);
    return raw === null ? null : Number(raw);
  }
  zrange(key: string, opts: { rev?: boolean; offset?: number; count?: number; min?: number; max?: number } = {}) {
    const min = opts.min ?? "-inf";
    const max = opts.max ?? "+inf";
    const limit = ["LIMIT", opts.offset ?? 0, opts.count ?? -1] as const;
    return opts.rev
      ? this.redis.zrevrangebyscore(key, max, min, ...limit)
      : this.redis.zrangebyscore(key, min, max, ...limit);
  }

  async xadd(stream: string, fields: Record<string, string>, opts: { maxLen?: number } = {}) {
    const flat = Object.entries(fields).flat();
    const id = opts.maxLen
      ? await this.redis.xadd(stream, "MAXLEN", "~", opts.maxLen, "*", ...flat)
      : await this.redis.xadd(stream, "*", ...flat);
    return id as string;
  }
  async xgroupEnsure(stream: string, group: string) {
    try {
      await this.redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
    } catch (err) {
      if (!String((err as Error).message).includes("BUSYGROUP")) throw err;
    }
  }
  async xreadgroup(stream: string, group: string, consumer: string, opts: { count?: number; blockMs?: number; pending?: boolean } = {}) {
    const conn = opts.blockMs ? this.sideConnection(`xread:${stream}:${group}:${consumer}`) : this.redis;
    const args: (string | number)[] = ["GROUP", group, consumer, "COUNT", opts.count ?? 100];
    if (opts.blockMs && !opts.pending) args.push("BLOCK", opts.blockMs);
    args.push("STREAMS", stream, opts.pending ? "0" : ">");
    const result = (await (conn as unknown as { xreadgroup: (...a: unknown[]) => Promise<[string, RawEntry[]][] | null> }).xreadgroup(...args));
    return toEntries(result?.[0]?.[1]);
  }
  xack(stream: string, group: string, ...ids: string[]) { return ids.length ? this.redis.xack(stream, group, ...ids) : Promise.resolve(0); }
  xlen(stream: string) { return this.redis.xlen(stream); }
  async xrange(stream: string, opts: { start?: string; end?: string; count?: number } = {}) {
    const raw = opts.count
      ? await this.redis.xrange(stream, opts.start ?? "-", opts.end ?? "+", "COUNT", opts.count)
      : await this.redis.xrange(stream, opts.start ?? "-", opts.end ?? "+");
    return toEntries(raw as RawEntry[]);
  }
  async xlag(stream: string, group: string) {
    const groups = (await this.redis.xinfo("GROUPS", stream)) as unknown[][];
    for (const g of groups) {
      const info: Record<string, unknown> = {};
      for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
      if (info.name === group) return Number(info.lag ?? 0) + Number(info.pending ?? 0);
    }
    return await this.xlen(stream);
  }

  xdel(stream: string, ...ids: string[]) { return ids.length ? this.redis.xdel(stream, ...ids) : Promise.resolve(0); }

  async atomic(writes: AtomicWrite[]) {
    if (!writes.length) return [];
    assertOneSlot(writes.map((w) => w.key), "atomic");
    const tx = this.redis.multi();
    for (const w of writes) {
      if (w.op === "xadd") tx.xadd(w.key, "*", ...Object.entries(w.fields).flat());
      else if (w.op === "hset") tx.hset(w.key, w.fields);
      else if (w.op === "sadd") tx.sadd(w.key, ...w.members);
      else tx.zadd(w.key, w.score, w.member);
    }
    // a command refused while queuing (OOM, wrong type) aborts the whole transaction: exec rejects
    const results = await tx.exec();
    if (!results) throw new Error("EXECABORT the transaction was discarded");
    return results.map(([err, value]) => {
      if (err) throw err;
      return value as string | number;
    });
  }

  async publish(channel: string, message: string) { await this.redis.publish(channel, message); }
  async subscribe(channel: string, onMessage: (message: string) => void) {
    if (!this.subscriber) {
      this.subscriber = this.duplicate();
      this.subscriber.on("message", (ch: string, msg: string) => {
        for (const handler of this.handlers.get(ch) ?? []) handler(msg);
      });
    }
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(onMessage);
    return async () => {
      set!.delete(onMessage);
      if (set!.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        await this.subscriber?.unsubscribe(channel);
      }
    };
  }

  async keys(pattern: string) {
    // a cluster's keys are spread over its masters: each is scanned
    const nodes: (Redis | Cluster)[] = this.cluster ? this.cluster.nodes("master") : [this.redis];
    const found: string[] = [];
    for (const node of nodes) {
      let cursor = "0";
      do {
        const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        found.push(...batch);
        cursor = next;
      } while (cursor !== "0");
    }
    return found;
  }

  async xpruneConsumers(stream: string, group: string, idleMs: number) {
    const rows = (await this.redis.xinfo("CONSUMERS", stream, group)) as unknown[][];
    let removed = 0;
    for (const row of rows) {
      const info: Record<string, unknown> = {};
      for (let i = 0; i + 1 < row.length; i += 2) info[String(row[i])] = row[i + 1];
      // Redis 7.2+ says how long since the consumer's last successful action (inactive); 7.0 only idle
      const idle = Number(info.inactive ?? info.idle ?? 0);
      if (Number(info.pending ?? 0) > 0 || idle < idleMs) continue;
      await this.redis.xgroup("DELCONSUMER", stream, group, String(info.name));
      removed++;
    }
    return removed;
  }

  async close() {
    const all = [this.redis, ...this.side.values(), ...(this.subscriber ? [this.subscriber] : [])];
    await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
  }

  async xautoclaim(stream: string, group: string, consumer: string, minIdleMs: number, count: number) {
    const claimed: StreamEntry[] = [];
    let cursor = "0-0";
    // one call looks at a bounded part of the pending list: go on until it is covered or enough were taken
    do {
      const [next, raw] = (await this.redis.xautoclaim(stream, group, consumer, Math.max(0, Math.round(minIdleMs)), cursor, "COUNT", count - claimed.length)) as [string, (RawEntry | null)[]];
      // entries deleted from the stream meanwhile come back empty (Redis 6.2) or not at all (7)
      claimed.push(...toEntries(raw.filter((e): e is RawEntry => e !== null)));
      cursor = next;
    } while (cursor !== "0-0" && claimed.length < count);
    return claimed;
  }
  async xkeep(stream: string, group: string, consumer: string, ids: string[]) {
    if (!ids.length) return [];
    // checked and claimed in one script, so an entry another consumer just took over is not taken back
    return (await this.redis.eval(XKEEP, 1, stream, group, consumer, ...ids)) as string[];
  }
}

const XKEEP = `
local kept = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    kept[#kept + 1] = ARGV[i]
  end
end
return kept`;
