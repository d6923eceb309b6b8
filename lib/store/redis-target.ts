/**
 * Which Redis the store talks to, from the environment, in order of precedence:
 *
 * - `REDIS_CLUSTER_NODES=host:port,host:port,…` — a Redis Cluster (any of its nodes; the rest are
 *   discovered). Keys that one command or transaction touches share a `{hash tag}`; reads of many
 *   unrelated keys are split by hash slot (see `RedisStore.mget`).
 * - `REDIS_SENTINELS=host:port,…` with `REDIS_SENTINEL_NAME` (the monitored master's name) — a
 *   primary with replicas behind Redis Sentinel; the client follows a failover by itself.
 * - `REDIS_URL=redis://[:password@]host:port[/db]` — one Redis server.
 *
 * `REDIS_PASSWORD` (and `REDIS_USERNAME`, for Redis ACL users) authenticate to cluster nodes and to
 * the Sentinel-managed master; a URL carries its own. `REDIS_SENTINEL_PASSWORD` authenticates to
 * the sentinels themselves when they require it.
 */
export interface HostPort { host: string; port: number }

export type RedisTarget =
  | { kind: "url"; url: string }
  | { kind: "cluster"; nodes: HostPort[]; username?: string; password?: string }
  | { kind: "sentinel"; sentinels: HostPort[]; name: string; username?: string; password?: string; sentinelPassword?: string };

export class RedisTargetError extends Error {}

function hostPorts(name: string, raw: string): HostPort[] {
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = /^(\[[0-9a-f:]+\]|[^:\s]+):(\d{1,5})$/i.exec(entry);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw new RedisTargetError(`${name}: "${entry}" is not host:port`);
    return { host: m[1]!.replace(/^\[|\]$/g, ""), port };
  });
  if (!list.length) throw new RedisTargetError(`${name} names no host:port`);
  return list;
}

/** Every setting `redisTargetFromEnv` reads. */
export const REDIS_SETTINGS = ["REDIS_URL", "REDIS_CLUSTER_NODES", "REDIS_SENTINELS", "REDIS_SENTINEL_NAME", "REDIS_USERNAME", "REDIS_PASSWORD", "REDIS_SENTINEL_PASSWORD"] as const;
type RedisSetting = (typeof REDIS_SETTINGS)[number];

const setting = (env: NodeJS.ProcessEnv, name: RedisSetting) => (env[name] ? env[name] : undefined);

/** The target the environment names, or undefined for the embedded store. Throws on a malformed setting. */
export function redisTargetFromEnv(env: NodeJS.ProcessEnv = process.env): RedisTarget | undefined {
  const auth = { username: setting(env, "REDIS_USERNAME"), password: setting(env, "REDIS_PASSWORD") };
  const cluster = setting(env, "REDIS_CLUSTER_NODES");
  if (cluster) return { kind: "cluster", nodes: hostPorts("REDIS_CLUSTER_NODES", cluster), ...auth };
  const sentinels = setting(env, "REDIS_SENTINELS");
  if (sentinels) {
    const name = setting(env, "REDIS_SENTINEL_NAME");
    if (!name) throw new RedisTargetError("REDIS_SENTINELS is set but REDIS_SENTINEL_NAME (the master's name) is not");
    return { kind: "sentinel", sentinels: hostPorts("REDIS_SENTINELS", sentinels), name, ...auth, sentinelPassword: setting(env, "REDIS_SENTINEL_PASSWORD") };
  }
  const url = setting(env, "REDIS_URL");
  return url ? { kind: "url", url } : undefined;
}

/** The settings a child process needs to reach the same store (tests and tools that spawn components). */
export function redisTargetEnv(target: RedisTarget): Record<string, string> {
  const auth = (t: { username?: string; password?: string }) => ({
    ...(t.username ? { REDIS_USERNAME: t.username } : {}),
    ...(t.password ? { REDIS_PASSWORD: t.password } : {}),
  });
  const list = (hs: HostPort[]) => hs.map((h) => `${h.host}:${h.port}`).join(",");
  if (target.kind === "cluster") return { REDIS_CLUSTER_NODES: list(target.nodes), ...auth(target) };
  if (target.kind === "sentinel") return { REDIS_SENTINELS: list(target.sentinels), REDIS_SENTINEL_NAME: target.name, ...auth(target) };
  return { REDIS_URL: target.url };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable REDIS_URL)";
  }
}

/** How the target is named to people: never with its password. */
export function describeTarget(target: RedisTarget): string {
  const list = (hs: HostPort[]) => hs.map((h) => `${h.host}:${h.port}`).join(",");
  if (target.kind === "cluster") return `Redis Cluster via ${list(target.nodes)}`;
  if (target.kind === "sentinel") return `Redis master "${target.name}" via sentinels ${list(target.sentinels)}`;
  return `Redis at ${redactUrl(target.url)}`;
}
