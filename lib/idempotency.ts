import { createHash } from "node:crypto";
import { isSystem } from "./access/scopes";
import { subjectRef } from "./audit";
import { ErrorCode, KuaibanError, badInput, notFound } from "./errors";
import type { Principal } from "./principal";
import type { Store } from "./store";

const KEY_RE = /^[A-Za-z0-9._:-]{8,128}$/;
/** How long a receipt is remembered for its key: long enough for any client's retries and for audits of duplicates. */
const RECEIPT_TTL_MS = 30 * 24 * 3600_000;

function checkKey(idempotencyKey: string): void {
  if (!KEY_RE.test(idempotencyKey)) {
    throw badInput("idempotencyKey must be 8-128 characters of letters, digits, '.', '_', ':' or '-'");
  }
}

/** Whose keys these are, as a keyed pseudonym: no subject, ID number or credit code in a key name. */
export function principalRef(principal: Principal | undefined): string {
  return principal ? subjectRef(`${principal.kind}:${principal.subject}`) : "anonymous";
}

/**
 * A caller's idempotency key as it appears in a store key name: a digest, because callers spell
 * into their keys what they like (`hire-<ID number>`, seen), and no key name may hold an ID number.
 */
export function keyDigest(idempotencyKey: string): string {
  return createHash("sha256").update(idempotencyKey).digest("base64url").slice(0, 22);
}

/**
 * The key the legacy system deduplicates by for this principal's key. Components acting on their own
 * account (the one-thing engine) keep their key as it is, so their step keys stay what every record
 * already holds; anyone else's key is made theirs alone, so two callers choosing the same key reach
 * two records, never each other's.
 */
export function legacyKeyFor(principal: Principal | undefined, idempotencyKey: string): string {
  if (isSystem(principal)) return idempotencyKey;
  return "k-" + createHash("sha256").update(`${principalRef(principal)}:${idempotencyKey}`).digest("base64url").slice(0, 32);
}

/** A receipt that echoes the key it ran under echoes the caller's key, not the scoped one. */
function echoing<T>(result: T, legacyKey: string, idempotencyKey: string): T {
  if (legacyKey === idempotencyKey || !result || typeof result !== "object") return result;
  const r = result as Record<string, unknown>;
  return (r.idempotencyKey === legacyKey ? { ...r, idempotencyKey } : result) as T;
}

/**
 * Exactly-once for item operations, per principal. The first call with a key runs `perform` and
 * stores its receipt; later calls by the same principal with that key get the same receipt back.
 * Reusing a key for a different request is an error. Another principal's key of the same spelling is
 * another key: stored under another name and given to the legacy system as another key.
 *
 * `perform` gets the key to pass on to the legacy system (`legacyKeyFor`), which deduplicates by it,
 * so a crash between the legacy call and storing the receipt still yields one record.
 *
 * Receipts stored before keys were scoped (`kb:idem:<scope>:<key>`) are not read: for the engine
 * they are not needed, since its legacy key is unchanged and the legacy system returns the first
 * record again; anyone else's old receipt must not answer a new principal.
 */
export async function once<T>(
  store: Store,
  scope: string,
  principal: Principal | undefined,
  idempotencyKey: string,
  request: unknown,
  perform: (legacyKey: string) => Promise<T>,
): Promise<T>;
/**
 * The same for a key that is already the caller's alone (one made by `legacyKeyFor`), for code
 * below a principal-scoped `once` that keeps its own receipts.
 */
export async function once<T>(store: Store, scope: string, scopedKey: string, request: unknown, perform: () => Promise<T>): Promise<T>;
export async function once<T>(store: Store, scope: string, ...rest: unknown[]): Promise<T> {
  if (typeof rest[0] === "string") {
    const [scopedKey, request, perform] = rest as [string, unknown, () => Promise<T>];
    checkKey(scopedKey);
    return remembered(store, `kb:idem:${scope}:${scopedKey}`, request, perform);
  }
  const [principal, idempotencyKey, request, perform] = rest as [Principal | undefined, string, unknown, (legacyKey: string) => Promise<T>];
  checkKey(idempotencyKey);
  const legacyKey = legacyKeyFor(principal, idempotencyKey);
  const key = `kb:idem:${scope}:p:${principalRef(principal)}:${keyDigest(idempotencyKey)}`;
  return remembered(store, key, request, async () => echoing(await perform(legacyKey), legacyKey, idempotencyKey));
}

async function remembered<T>(store: Store, key: string, request: unknown, perform: () => Promise<T>): Promise<T> {
  const fingerprint = createHash("sha256").update(JSON.stringify(request)).digest("base64url");
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

/**
 * For operations that keep their own receipts under the key they are given (`once` with a scoped
 * key): runs `run` with this principal's key and answers with the caller's key in the receipt.
 */
export async function asCallersKey<T>(principal: Principal | undefined, idempotencyKey: string, run: (scopedKey: string) => Promise<T>): Promise<T> {
  checkKey(idempotencyKey);
  const legacyKey = legacyKeyFor(principal, idempotencyKey);
  return echoing(await run(legacyKey), legacyKey, idempotencyKey);
}

/**
 * How a case stands at an agency (受理 or 办结), asked by its case number and the key it was
 * submitted with: the key finds it (scoped to the caller as at submission), the number must match.
 */
export function caseByKey<T extends { caseNumber: string }>(
  principal: Principal | undefined, system: string, caseNumber: string, idempotencyKey: string, status: (scopedKey: string) => Promise<T>,
): Promise<T> {
  return asCallersKey(principal, idempotencyKey, async (key) => {
    const receipt = await status(key);
    if (receipt.caseNumber !== caseNumber) throw notFound(`The ${system} system has no such case`);
    return receipt;
  });
}
