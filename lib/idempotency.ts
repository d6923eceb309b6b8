import { createHash } from "node:crypto";
import { ErrorCode, KuaibanError, badInput } from "./errors";
import type { Store } from "./store";

const KEY_RE = /^[A-Za-z0-9._:-]{8,128}$/;
/** How long a receipt is remembered for its key: long enough for any client's retries and for audits of duplicates. */
const RECEIPT_TTL_MS = 30 * 24 * 3600_000;

/**
 * Exactly-once for item operations. The first call with a key runs `perform` and stores its
 * receipt; later calls with that key get the same receipt back. Reusing a key for a different
 * request is an error. `perform` must pass the key on to the legacy system, which deduplicates by
 * it, so a crash between the legacy call and storing the receipt still yields one record.
 */
export async function once<T>(
  store: Store,
  scope: string,
  idempotencyKey: string,
  request: unknown,
  perform: () => Promise<T>,
): Promise<T> {
  if (!KEY_RE.test(idempotencyKey)) {
    throw badInput("idempotencyKey must be 8-128 characters of letters, digits, '.', '_', ':' or '-'");
  }
  const fingerprint = createHash("sha256").update(JSON.stringify(request)).digest("base64url");
  const key = `kb:idem:${scope}:${idempotencyKey}`;
  const stored = await store.get(key);
  if (stored) {
    const { fingerprint: seen, result } = JSON.parse(stored) as { fingerprint: string; result: T };
    if (seen !== fingerprint) {
      throw new KuaibanError(ErrorCode.IDEMPOTENCY_CONFLICT, "This idempotency key was already used for a different request");
    }
    return result;
  }
  const result = await perform();
  // nx: if a concurrent call with the same key won, its receipt stands (the legacy system returned the same record to both).
  await store.set(key, JSON.stringify({ fingerprint, result }), { ttlMs: RECEIPT_TTL_MS, nx: true });
  return result;
}
