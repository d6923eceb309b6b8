import type { NextFunction, Request, Response } from "express";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { envInt } from "../lib/config";
import { ErrorCode } from "../lib/errors";
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

/**
 * Rate limits shared by every gateway instance (the counters live in Redis; `rate-limiter-flexible`
 * does the counting, with an in-memory limiter on the embedded store).
 */
export function createRateLimiter(store: Store, limits: RateLimits = defaultRateLimits) {
  const limiters = new Map<keyof RateLimits, RateLimiterAbstract>();
  // The limiter's MULTI must not share an auto-pipelined connection: ioredis mixes up replies
  // ("results[i] is not iterable") when a transaction lands in a pipeline with other commands.
  const client = store.redis?.duplicate({ enableAutoPipelining: false });
  for (const kind of Object.keys(limits) as (keyof RateLimits)[]) {
    const opts = { keyPrefix: `kb:rl:${kind}`, points: limits[kind], duration: 60 };
    limiters.set(
      kind,
      client
        // while Redis is unreachable each instance limits on its own rather than refusing everyone
        ? new RateLimiterRedis({ ...opts, storeClient: client, insuranceLimiter: new RateLimiterMemory(opts) })
        : new RateLimiterMemory(opts),
    );
  }
  const consume = async function consume(principal: Principal | undefined, address: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const kind = principal?.kind ?? "anonymous";
    const key = principal ? principal.subject : address;
    try {
      await limiters.get(kind)!.consume(key);
      return { ok: true };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
      throw err;
    }
  };
  return Object.assign(consume, { close: async () => { await client?.quit().catch(() => client.disconnect()); } });
}

export function rateLimitResponse(res: Response, retryAfterSeconds: number): void {
  res.status(429).set("Retry-After", String(retryAfterSeconds)).json({
    errors: [{ message: `Too many requests; try again in ${retryAfterSeconds} s`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } }],
  });
}

export type Middleware = (req: Request, res: Response, next: NextFunction) => void;
