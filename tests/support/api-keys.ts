import { IDS_KEY, prefixKey, recordKey } from "../../gateway/api-keys/store";
import type { Store } from "../../lib/store";

/** Deletes what issuing these API keys wrote (records, prefixes, the registry entry, rate counters): a test's own keys only. */
export async function deleteIssuedKeys(store: Store, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const record = await store.hgetall(recordKey(id));
    await store.del(recordKey(id), ...[record.prefix, record.prevPrefix].filter((p): p is string => Boolean(p)).map(prefixKey));
    await store.srem(IDS_KEY, id);
    const counters = await store.keys(`kb:rl:own:*key:${id}`);
    if (counters.length) await store.del(...counters);
  }
}
