import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, type Listening } from "./http";

export interface LegacyStandIn extends Listening {
  name: string;
  /** Requests served since start (or since `resetStats`), for batching tests; `timeline` when each began and ended. */
  stats: { requests: number; byPath: Record<string, number>; timeline: { path: string; start: number; end: number }[] };
  resetStats(): void;
  /** Makes every answer wait this long first: a slow system, for fault tests and demos. */
  setDelay(ms: number): void;
}

/**
 * Serves a legacy stand-in: counts requests and can be slowed down on purpose. The stand-ins play
 * the province's existing systems; in production the adapters point at the real ones instead.
 */
export async function serveLegacy(
  name: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
): Promise<LegacyStandIn> {
  const stats = { requests: 0, byPath: {} as Record<string, number>, timeline: [] as { path: string; start: number; end: number }[] };
  let delayMs = 0;
  const counted = (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const path = (req.url ?? "/").split("?")[0]!;
    stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
    const start = Date.now();
    res.on("finish", () => {
      stats.timeline.push({ path, start, end: Date.now() });
      if (stats.timeline.length > 10_000) stats.timeline.splice(0, 5_000); // a long demo run keeps the recent part
    });
    if (delayMs > 0) setTimeout(() => handler(req, res), delayMs);
    else handler(req, res);
  };
  const listening = await listen(counted, port, { name, graceMs: 1_000 });
  return {
    ...listening,
    name,
    stats,
    resetStats: () => { stats.requests = 0; stats.byPath = {}; stats.timeline = []; },
    setDelay: (ms) => { delayMs = ms; },
  };
}
