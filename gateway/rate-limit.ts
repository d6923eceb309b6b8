import type { NextFunction, Request, Response } from "express";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterOptions, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Cluster, Redis } from "ioredis";
import { envInt } from "../lib/config";
import { ErrorCode } from "../lib/errors";
import { sendRefusal } from "./messages";
import type { Principal } from "../lib/principal";
import type { Store } from "../lib/store";

/** Requests per minute by kind of caller. Anonymous callers are counted per source address. */
export interface RateLimits {
  anonymous: number;
  citizen: number;
  employer: number;
  staff: number;
  partner: number;
}

// A person clicking through a portal makes a few requests a second at most; staff screens and
// partner batch jobs legitimately make more. Each is configurable.
export const defaultRateLimits: RateLimits = { anonymous: 600, citizen: 600, employer: 1_200, staff: 3_000, partner: 6_000 };

/** `RATE_LIMIT_<KIND>` (requests per minute) overrides a default, e.g. RATE_LIMIT_PARTNER=20000. */
export function rateLimitsFromEnv(): RateLimits {
  const limits = { ...defaultRateLimits };
  for (const kind of Object.keys(limits) as (keyof RateLimits)[]) limits[kind] = envInt(`RATE_LIMIT_${kind.toUpperCase()}`, limits[kind]);
  return limits;
}

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counting is one script call (rate-limiter-flexible's `rlflxIncr`), which rides the store's
 * auto-pipelined connection: the counters of concurrent requests go out with their other commands
 * in one write. Reading and blocking (`get`, `block`) are MULTI transactions, which must not share
 * an auto-pipelined connection (ioredis mixes up replies, "results[i] is not iterable"), so a
 * limiter that reads or blocks gets a connection of its own.
 */
const countingConnection = (store: Store): Redis | Cluster | undefined => store.redis;
const transactionConnection = (store: Store): Redis | Cluster | undefined => store.duplicate?.();

function makeLimiter(client: Redis | Cluster | undefined, opts: IRateLimiterOptions): RateLimiterAbstract {
  return client
    // while Redis is unreachable each instance limits on its own rather than refusing everyone
    ? new RateLimiterRedis({ ...opts, storeClient: client, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(opts) })
    : new RateLimiterMemory(opts);
}

async function consumeOne(limiter: RateLimiterAbstract, key: string): Promise<Verdict> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw err;
  }
}

/**
 * Rate limits shared by every gateway instance (the counters live in Redis; `rate-limiter-flexible`
 * does the counting, with an in-memory limiter on the embedded store). A partner whose key or
 * client carries its own `ratePerMinute` is held to that, counted per key or client; everyone else
 * to the limit of their kind, counted per principal (anonymous callers per address).
 */
export function createRateLimiter(store: Store, limits: RateLimits = defaultRateLimits) {
  // these limiters only count (consume): no transaction, so the shared pipelined connection
  const client = countingConnection(store);
  const limiters = new Map<keyof RateLimits, RateLimiterAbstract>();
  for (const kind of Object.keys(limits) as (keyof RateLimits)[]) {
    limiters.set(kind, makeLimiter(client, { keyPrefix: `kb:rl:${kind}`, points: limits[kind], duration: 60 }));
  }
  // One limiter per distinct rate (a limiter's points are fixed); rates are few, set by administrators.
  const perRate = new Map<number, RateLimiterAbstract>();
  const ownLimiter = (rate: number) => {
    let limiter = perRate.get(rate);
    if (!limiter) {
      limiter = makeLimiter(client, { keyPrefix: `kb:rl:own:${rate}`, points: rate, duration: 60 });
      perRate.set(rate, limiter);
    }
    return limiter;
  };
  const consume = async function consume(principal: Principal | undefined, address: string): Promise<Verdict> {
    if (principal?.kind === "partner" && principal.ratePerMinute && principal.ratePerMinute > 0) {
      const key = principal.keyId ? `key:${principal.keyId}` : principal.clientId ? `client:${principal.clientId}` : principal.subject;
      return consumeOne(ownLimiter(Math.floor(principal.ratePerMinute)), key);
    }
    const kind = principal?.kind ?? "anonymous";
    return consumeOne(limiters.get(kind)!, principal ? principal.subject : address);
  };
  // the connection is the store's, closed with it
  return Object.assign(consume, { close: async () => undefined });
}

/** Per source address, checked before any credential is verified. */
export interface AddressLimits {
  /** Every request from one address, whoever it claims to be: generous, since an office shares one address. */
  perMinute: number;
  /** Refused credentials (bad tokens, bad keys) from one address before it is blocked. */
  refusalsPerMinute: number;
  /** How long an address that passed `refusalsPerMinute` is refused outright. */
  refusalBlockSeconds: number;
}

export const defaultAddressLimits: AddressLimits = { perMinute: 12_000, refusalsPerMinute: 30, refusalBlockSeconds: 300 };

/** `RATE_LIMIT_ADDRESS`, `RATE_LIMIT_REFUSALS`, `RATE_LIMIT_REFUSAL_BLOCK_SECONDS` override the defaults. */
export function addressLimitsFromEnv(): AddressLimits {
  return {
    perMinute: envInt("RATE_LIMIT_ADDRESS", defaultAddressLimits.perMinute),
    refusalsPerMinute: envInt("RATE_LIMIT_REFUSALS", defaultAddressLimits.refusalsPerMinute),
    refusalBlockSeconds: envInt("RATE_LIMIT_REFUSAL_BLOCK_SECONDS", defaultAddressLimits.refusalBlockSeconds),
  };
}

/** Counters for `/metrics`: refusals are counted here instead of each writing an audit record. */
export interface AddressLimiterMetrics {
  /** Credentials refused (`countRefusal` calls). */
  refusals: number;
  /** Requests refused because their address sent too many refused credentials. */
  blockedForRefusals: number;
  /** Requests refused because their address passed `perMinute`. */
  addressLimited: number;
}

/**
 * The per-address limit that runs BEFORE token or key verification, so a flood of forged
 * credentials costs the gateway a counter, not a signature check or a store lookup each.
 * `countRefusal(address)` is called when a credential is refused; past `refusalsPerMinute` the
 * address is refused outright for `refusalBlockSeconds`.
 */
export function createAddressLimiter(store: Store, limits: AddressLimits = defaultAddressLimits) {
  const counting = countingConnection(store);
  const requests = makeLimiter(counting, { keyPrefix: "kb:rl:addr", points: limits.perMinute, duration: 60 });
  // refusals block an address (a MULTI), so they are counted on a connection of their own
  const client = transactionConnection(store);
  const refusals = makeLimiter(client, {
    keyPrefix: "kb:rl:refused",
    points: limits.refusalsPerMinute,
    duration: 60,
    blockDuration: limits.refusalBlockSeconds,
  });
  /**
   * The refusal count every request is checked against, read with two plain commands on the
   * pipelined connection (rate-limiter-flexible's own `get` is a MULTI): it only decides whether to
   * refuse, so the two need not be one transaction.
   */
  const refusedSoFar = async (address: string): Promise<{ consumedPoints: number; msBeforeNext: number } | null> => {
    if (!counting) return refusals.get(address);
    const key = refusals.getKey(address);
    try {
      const [points, ttl] = await Promise.all([counting.get(key), counting.pttl(key)]);
      return points === null ? null : { consumedPoints: Number(points), msBeforeNext: Math.max(0, ttl) };
    } catch {
      // the store is unreachable: the limiter's own read answers from its in-memory insurance
      return refusals.get(address);
    }
  };
  const metrics: AddressLimiterMetrics = { refusals: 0, blockedForRefusals: 0, addressLimited: 0 };

  const check = async function check(address: string): Promise<{ ok: boolean; retryAfterSeconds: number }> {
    // both counters in one round trip: a blocked address's request also counts against its
    // allowance, which costs it nothing it would have had
    const [refused, verdict] = await Promise.all([refusedSoFar(address), consumeOne(requests, address)]);
    if (refused && refused.consumedPoints > limits.refusalsPerMinute) {
      metrics.blockedForRefusals++;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
    }
    if (verdict.ok) return { ok: true, retryAfterSeconds: 0 };
    metrics.addressLimited++;
    return verdict;
  };
  /** Counts a refused credential against the address; `blocked` once it has passed its allowance. */
  const countRefusal = async (address: string): Promise<{ blocked: boolean }> => {
    metrics.refusals++;
    const verdict = await consumeOne(refusals, address);
    return { blocked: !verdict.ok };
  };
  return Object.assign(check, {
    countRefusal,
    metrics: (): AddressLimiterMetrics => ({ ...metrics }),
    close: async () => { await client?.quit().catch(() => client.disconnect()); },
  });
}

export function rateLimitResponse(res: Response, retryAfterSeconds: number): void {
  res.set("Retry-After", String(retryAfterSeconds));
  sendRefusal(res, 429, ErrorCode.RATE_LIMITED, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

export type Middleware = (req: Request, res: Response, next: NextFunction) => void;
