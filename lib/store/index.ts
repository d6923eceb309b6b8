import { log } from "../log";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";
import type { Store } from "./store";

export type { AtomicWrite, Store, StreamEntry } from "./store";
export { MemoryStore } from "./memory-store";
export { RedisStore } from "./redis-store";

/**
 * The one place a store is made: Redis when `REDIS_URL` is set, otherwise the embedded in-process
 * store (development only: state lives as long as the process).
 */
export function createStore(url = process.env.REDIS_URL): Store {
  if (url) return new RedisStore(url);
  if (process.env.NODE_ENV === "production") {
    throw new Error("REDIS_URL must be set in production: the embedded store keeps nothing across restarts or instances");
  }
  return new MemoryStore();
}

/** The line every component prints first, so nobody mistakes the embedded store for Redis. */
export function describeStore(store: Store, url = process.env.REDIS_URL): string {
  if (store.kind === "redis") return `store: Redis at ${redactUrl(url ?? "")}`;
  return "store: EMBEDDED in-process store (REDIS_URL is not set; state is lost when the process stops)";
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

/** Announces the store on the first line of a process's output, as plain text people read first. */
export function announceStore(store: Store): void {
  process.stdout.write(`${describeStore(store)}\n`);
  log.debug(describeStore(store));
}
