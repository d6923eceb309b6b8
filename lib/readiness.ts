import type { Request, Response } from "express";
import { Gauge, Registry } from "prom-client";
import { calendar, type WorkingCalendar } from "../schema/calendar/calendar";
import { chinaDate } from "../schema/calendar/deadline";
import { now } from "./clock";
import { envInt } from "./config";

/**
 * `/ready`: whether a component should get traffic and be looked at. Each check answers ok or not
 * with a reason; one failing check makes the answer 503 with every reason, all passing 200. A
 * warning is not a stop: the component keeps serving whatever `/ready` says.
 */
export interface ReadinessResult {
  ok: boolean;
  /** Why not, in words an operator acts on. */
  reason?: string;
  detail?: Record<string, unknown>;
}
export interface ReadinessCheck {
  name: string;
  check(): ReadinessResult | Promise<ReadinessResult>;
}

export async function readiness(checks: ReadinessCheck[]): Promise<{ ready: boolean; checks: ({ name: string } & ReadinessResult)[] }> {
  const results = await Promise.all(checks.map(async (c) => {
    try {
      return { name: c.name, ...(await c.check()) };
    } catch (err) {
      return { name: c.name, ok: false, reason: `check failed: ${(err as Error).message}` };
    }
  }));
  return { ready: results.every((r) => r.ok), checks: results };
}

/** An express handler for `GET /ready`. */
export function readyHandler(checks: ReadinessCheck[]) {
  return async (_req: Request, res: Response) => {
    const answer = await readiness(checks);
    res.status(answer.ready ? 200 : 503).set("cache-control", "no-store").json({ status: answer.ready ? "ready" : "not ready", checks: answer.checks });
  };
}

/** How many days ahead the calendar must reach before `/ready` warns (CALENDAR_HORIZON_DAYS). */
export const calendarHorizonDays = () => envInt("CALENDAR_HORIZON_DAYS", 60);

/**
 * The last day the calendar covers without a gap from `today`: a year added far ahead (by mistake,
 * or in a test) does not hide that the next one is missing. Empty when today's year is unknown.
 */
export function calendarCoveredUntil(cal: WorkingCalendar = calendar(), today: string = chinaDate(new Date(now()))): string {
  let year = Number(today.slice(0, 4));
  if (!cal.hasYear(year)) return "";
  while (cal.hasYear(year + 1)) year++;
  return `${year}-12-31`;
}

/** Days from today (China date, on the system's clock) to the last day covered without a gap; -1 when today is not covered. */
export function calendarDaysRemaining(cal: WorkingCalendar = calendar(), today: string = chinaDate(new Date(now()))): number {
  const last = calendarCoveredUntil(cal, today);
  if (!last) return -1;
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The calendar's horizon: not ready when its last known day is `horizonDays` days away or less,
 * because deadlines past it cannot be computed (they wait as PENDING_CALENDAR until the year is added).
 */
export function calendarHorizonCheck(opts: { calendar?: WorkingCalendar; horizonDays?: number } = {}): ReadinessCheck {
  return {
    name: "calendar",
    check: () => {
      const cal = opts.calendar ?? calendar();
      const horizon = opts.horizonDays ?? calendarHorizonDays();
      const remaining = calendarDaysRemaining(cal);
      const last = calendarCoveredUntil(cal);
      const next = last ? Number(last.slice(0, 4)) + 1 : Number(chinaDate(new Date(now())).slice(0, 4));
      if (remaining > horizon) return { ok: true, detail: { coveredUntil: last, lastKnownDate: cal.lastKnownDate(), daysRemaining: remaining } };
      return {
        ok: false,
        reason: last
          ? `the working-day calendar ends ${last}, ${remaining} days from today (warning at ${horizon}): add ${next} as ${next}.json in CALENDAR_DIR or with addCalendarYear`
          : `the working-day calendar has no data for today's year: add ${next} as ${next}.json in CALENDAR_DIR or with addCalendarYear`,
        detail: { coveredUntil: last, lastKnownDate: cal.lastKnownDate(), daysRemaining: remaining, horizonDays: horizon },
      };
    },
  };
}

/**
 * Prometheus metrics of the calendar horizon, `kuaiban_calendar_days_remaining`, computed at each
 * scrape. One registry per calendar, so two components in one process (npm start) share it.
 */
const registries = new WeakMap<WorkingCalendar, Registry>();
export function calendarMetrics(cal: WorkingCalendar = calendar()): Registry {
  let registry = registries.get(cal);
  if (!registry) {
    const r = new Registry();
    new Gauge({
      name: "kuaiban_calendar_days_remaining",
      help: "Days from today to the last day of the working-day calendar's data (deadlines past it wait for the next year)",
      registers: [r],
      collect() { this.set(calendarDaysRemaining(cal)); },
    });
    registry = r;
    registries.set(cal, registry);
  }
  return registry;
}

/** The store answers (a read of a probe key within `timeoutMs`). */
export function storeCheck(store: { get(key: string): Promise<string | null> }, timeoutMs = 1_000): ReadinessCheck {
  return {
    name: "store",
    check: async () => {
      const started = Date.now();
      try {
        await Promise.race([
          store.get("kb:ready-probe"),
          new Promise((_r, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
        ]);
        return { ok: true, detail: { ms: Date.now() - started } };
      } catch (err) {
        return { ok: false, reason: `the store does not answer: ${(err as Error).message}` };
      }
    },
  };
}

/** Another component answers its `/health` (a subgraph for the gateway, the hub for a portal). */
export function httpCheck(name: string, url: string, timeoutMs = 1_000): ReadinessCheck {
  return {
    name,
    check: async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        return res.ok ? { ok: true } : { ok: false, reason: `${name} answers ${res.status}` };
      } catch (err) {
        return { ok: false, reason: `${name} does not answer: ${(err as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : "unreachable"}` };
      }
    },
  };
}

/** A subgraph (its GraphQL URL) answering its /health. */
export const subgraphCheck = (name: string, graphqlUrl: string) => httpCheck(`subgraph ${name}`, graphqlUrl.replace(/\/graphql\/?$/, "") + "/health");
