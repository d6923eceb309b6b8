import { RedisStore } from "../../lib/store";
import { REDIS_SETTINGS, type RedisTarget, redisTargetEnv, redisTargetFromEnv } from "../../lib/store/redis-target";

/**
 * The Redis the in-process parts of a test share: what the environment names (REDIS_URL, or
 * REDIS_CLUSTER_NODES / REDIS_SENTINELS to run the suite on a cluster or behind Sentinel), else
 * the one on 127.0.0.1:6379 that the suite's global setup makes sure of.
 */
export function sharedTestStore(): RedisStore {
  return new RedisStore(sharedTarget());
}

const sharedTarget = (): RedisTarget => redisTargetFromEnv() ?? { kind: "url", url: "redis://127.0.0.1:6379" };

/** An environment without any store setting: for a child that must run on the embedded store, or on one the test names. */
export function withoutStoreSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && !(REDIS_SETTINGS as readonly string[]).includes(k))) as Record<string, string>;
}

/** The settings that put a child process on the same store as `sharedTestStore()`. */
export function sharedTestStoreEnv(): Record<string, string> {
  return redisTargetEnv(sharedTarget());
}
