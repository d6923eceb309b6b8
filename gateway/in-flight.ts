import type { NextFunction, Request, Response } from "express";
import { envInt } from "../lib/config";
import { ErrorCode } from "../lib/errors";
import { rateLimitRefusals } from "../lib/metrics";
import { sendRefusal } from "./messages";

/**
 * Load shedding: at most `max` GraphQL requests in flight in this gateway instance. Past it a
 * request is answered at once with 503 `OVERLOADED` and `Retry-After`, before its body is read or
 * anything is asked of the store or a subgraph, instead of queueing until every caller times out
 * (seen under an overload: requests piling up by the thousand, memory tripled, nearly all failing).
 * Other instances behind the load balancer take the retry. `max` 0 switches it off.
 */
export const defaultMaxInFlight = 512;

export function maxInFlightFromEnv(): number {
  return envInt("GATEWAY_MAX_IN_FLIGHT", defaultMaxInFlight);
}

export function inFlightLimit(max: number) {
  let inFlight = 0;
  const step = (req: Request, res: Response, next: NextFunction) => {
    if (max <= 0 || req.method === "OPTIONS") return next();
    if (inFlight >= max) {
      rateLimitRefusals.inc({ limit: "in-flight" });
      res.set("Retry-After", "1");
      sendRefusal(res, 503, ErrorCode.OVERLOADED, "The gateway is at capacity; try again in 1 s", { retryAfterSeconds: 1 });
      return;
    }
    inFlight++;
    // "close" comes once whether the answer was sent or the caller went away
    res.once("close", () => { inFlight--; });
    next();
  };
  return Object.assign(step, { get inFlight() { return inFlight; } });
}
