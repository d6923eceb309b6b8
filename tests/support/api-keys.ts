import type { Store } from "../../lib/store";

/** Deletes what issuing these API keys wrote (records, prefixes, the registry entry, rate counters): a test's own keys only. */
export async function deleteIssuedKeys(store: Store, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const record = await store.hgetall(`kb:apikey:{${id}}`);
    await store.del(`kb:apikey:{${id}}`, ...[record.prefix, record.prevPrefix].filter(Boolean).map((p) => `kb:apikey:prefix:${p}`));
    await store.srem("kb:apikey:ids", id);
    const counters = await store.keys(`kb:rl:own:*key:${id}`);
    if (counters.length) await store.del(...counters);
  }
}
