import { log } from "../log";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";
import { type RedisTarget, redisTargetFromEnv } from "./redis-target";
import type { Store } from "./store";

export type { AtomicWrite, Store, StreamEntry } from "./store";
export { MemoryStore } from "./memory-store";
export { RedisStore } from "./redis-store";
export { type RedisTarget, redisTargetEnv, redisTargetFromEnv } from "./redis-target";

/**
 * The one place a store is made: Redis when `REDIS_CLUSTER_NODES`, `REDIS_SENTINELS` or
 * `REDIS_URL` is set (see `redis-target.ts`), otherwise the embedded in-process store (development
 * only: state lives as long as the process). A URL passed in names one Redis server.
 */
export function createStore(target: string | RedisTarget | undefined = redisTargetFromEnv()): Store {
  if (target) return new RedisStore(target);
  if (process.env.NODE_ENV === "production") {
    throw new Error("REDIS_URL (or REDIS_CLUSTER_NODES, or REDIS_SENTINELS) must be set in production: the embedded store keeps nothing across restarts or instances");
  }
  return new MemoryStore();
}

/** Whether the environment names a Redis (of any kind) rather than the embedded store. */
export const redisConfigured = (env: NodeJS.ProcessEnv = process.env): boolean => redisTargetFromEnv(env) !== undefined;

/** The line every component prints first, so nobody mistakes the embedded store for Redis. */
export function describeStore(store: Store): string {
  if (store instanceof RedisStore) return `store: ${store.describe()}`;
  return "store: EMBEDDED in-process store (REDIS_URL is not set; state is lost when the process stops)";
}

/** Announces the store on the first line of a process's output, as plain text people read first. */
export function announceStore(store: Store): void {
  process.stdout.write(`${describeStore(store)}\n`);
  log.debug(describeStore(store));
}
