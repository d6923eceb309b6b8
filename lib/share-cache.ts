import { subjectRef } from "./audit";
import type { Store } from "./store";

/**
 * Key layout of the data-sharing cache (信息共享) of entity lookups: what one system said about one
 * person or employer for one selection of fields. Every entry is also listed under its subject, so
 * a change to that person or employer drops everything any system said about them at once.
 */
export const shareCacheKey = (system: string, typename: string, key: string, selection: string) =>
  `kb:share:{${typename}:${subjectPart(typename, key)}}:${system}:${selection}`;
const subjectIndex = (typename: string, key: string) => `kb:share:{${typename}:${subjectPart(typename, key)}}:index`;
/** A person appears in key names only as her keyed pseudonym; credit codes are public register numbers. */
const subjectPart = (typename: string, key: string) => (typename === "Person" ? subjectRef(key) : key);

export async function rememberShared(store: Store, entries: { system: string; typename: string; key: string; selection: string; value: string }[], ttlMs: number): Promise<void> {
  await Promise.all(
    entries.map(async (e) => {
      const cacheKey = shareCacheKey(e.system, e.typename, e.key, e.selection);
      await store.sadd(subjectIndex(e.typename, e.key), cacheKey);
      await store.pexpire(subjectIndex(e.typename, e.key), ttlMs * 2);
      await store.set(cacheKey, e.value, { ttlMs });
    }),
  );
}

/** Drops everything cached about a person (`Person`, ID number) or an employer (`Employer`, credit code). */
export async function invalidateSubject(store: Store, typename: "Person" | "Employer", key: string): Promise<number> {
  const index = subjectIndex(typename, key);
  const keys = await store.smembers(index);
  return store.del(index, ...keys);
}
