import type { NextFunction, Request, Response } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The process's Prometheus metrics (prom-client), served on `/metrics` by every component. One
 * registry per process: under `npm start` every component shares it and the `component` label
 * tells them apart. Labels only ever take values from bounded sets (component names, systems,
 * codes, routes) — never anything a client sends, such as an operation name it made up.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "kuaiban_" });

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: "kuaiban_http_requests_total",
  help: "HTTP requests answered, by component, route and status class",
  labelNames: ["component", "route", "status"] as const,
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: "kuaiban_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by component and route",
  labelNames: ["component", "route"] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
export const graphqlOperations = new Counter({
  name: "kuaiban_graphql_operations_total",
  help: "GraphQL operations at the gateway, by operation (named operations of the known set, else 'other') and outcome code",
  labelNames: ["operation", "type", "outcome"] as const,
  registers: [registry],
});
export const graphqlDuration = new Histogram({
  name: "kuaiban_graphql_operation_duration_seconds",
  help: "Time from a GraphQL operation's start to its answer at the gateway",
  labelNames: ["operation", "type"] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
export const subgraphCalls = new Counter({
  name: "kuaiban_subgraph_calls_total",
  help: "Calls from the gateway to a subgraph, by subgraph and outcome (ok, error, unavailable)",
  labelNames: ["subgraph", "outcome"] as const,
  registers: [registry],
});
export const subgraphDuration = new Histogram({
  name: "kuaiban_subgraph_call_duration_seconds",
  help: "Time of a gateway-to-subgraph call",
  labelNames: ["subgraph"] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
export const legacyCalls = new Counter({
  name: "kuaiban_legacy_calls_total",
  help: "Calls to a legacy system, by system and outcome (ok, refused, error, timeout)",
  labelNames: ["system", "outcome"] as const,
  registers: [registry],
});
export const legacyDuration = new Histogram({
  name: "kuaiban_legacy_call_duration_seconds",
  help: "Time of a call to a legacy system, retries included",
  labelNames: ["system"] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
export const entityCache = new Counter({
  name: "kuaiban_entity_cache_lookups_total",
  help: "Data-sharing cache lookups of entities at the gateway, by system and result (hit, miss)",
  labelNames: ["system", "result"] as const,
  registers: [registry],
});
export const planCache = new Counter({
  name: "kuaiban_query_plans_total",
  help: "Queries by how the gateway ran them: planned (a new plan), hit (a cached plan), unplanned (through stitching)",
  labelNames: ["result"] as const,
  registers: [registry],
});
export const rateLimitRefusals = new Counter({
  name: "kuaiban_rate_limit_refusals_total",
  help: "Requests refused by a limit, by limit (principal, address: 429; in-flight: 503 OVERLOADED)",
  labelNames: ["limit"] as const,
  registers: [registry],
});
export const auditAppends = new Counter({
  name: "kuaiban_audit_appends_total",
  help: "Audit records appended, by outcome (ok, failed)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
export const authEvents = new Counter({
  name: "kuaiban_auth_events_total",
  help: "Sign-in events at the hub: login.success, login.failure, lockout, logout, partner.token, partner.refused",
  labelNames: ["type"] as const,
  registers: [registry],
});
export const storeOutages = new Counter({
  name: "kuaiban_store_outages_total",
  help: "Times the store became unreachable",
  registers: [registry],
});
export const storeUp = new Gauge({
  name: "kuaiban_store_up",
  help: "1 while the store answers, 0 during an outage",
  registers: [registry],
});
storeUp.set(1);

/** The route label of a request: the mounted path's first segment, so unknown URLs cannot grow the label set. */
function routeOf(req: Request, known: ReadonlySet<string>): string {
  // the URL as it came in (a mounted router sees only the rest of it), without its query
  const first = `/${((req.originalUrl ?? req.url).split("?")[0]!.split("/")[1] ?? "")}`;
  return known.has(first) ? first : "other";
}

/** Express middleware counting and timing every request of a component. */
export function httpMetrics(component: string, routes: string[]) {
  const known = new Set(routes);
  return (req: Request, res: Response, next: NextFunction) => {
    const route = routeOf(req, known);
    const end = httpDuration.startTimer({ component, route });
    res.on("finish", () => {
      end();
      httpRequests.inc({ component, route, status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}

/** `GET /metrics`: the process registry and any component registries (e.g. the calendar's). */
export function metricsRoute(extra: Registry[] = []) {
  return async (_req: Request, res: Response) => {
    const merged = extra.length ? Registry.merge([registry, ...extra]) : registry;
    res.type(merged.contentType).set("cache-control", "no-store").send(await merged.metrics());
  };
}

/** What the one-thing engines of this process report at each scrape (their work in the store). */
export interface EngineGauges {
  prefix: string;
  openApplications(): Promise<number>;
  timersScheduled(): Promise<number>;
  /** Timers whose time has come but have not fired yet. */
  timersDue(): Promise<number>;
  /** Entries of the work queue not yet read by an engine plus those an engine holds. */
  queueDepth(): Promise<number>;
  /** Age of the oldest entry of the work queue not yet done, in seconds (0 when empty). */
  oldestWorkSeconds(): Promise<number>;
  /** How long the oldest step not yet done, skipped or revoked has been open, in seconds. */
  oldestOpenStepSeconds(): Promise<number>;
}
const engines = new Map<string, EngineGauges>();
/** Registers an engine's gauges (one per key prefix); returns the function that removes them. */
export function watchEngine(e: EngineGauges): () => void {
  engines.set(e.prefix, e);
  return () => { if (engines.get(e.prefix) === e) engines.delete(e.prefix); };
}
const engineGauge = (name: string, help: string, read: (e: EngineGauges) => Promise<number>) =>
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      let total = 0;
      for (const e of engines.values()) total += await read(e).catch(() => 0);
      this.set(total);
    },
  });
engineGauge("kuaiban_engine_open_applications", "Applications the one-thing engine still drives (its work queue)", (e) => e.openApplications());
engineGauge("kuaiban_engine_timers_scheduled", "Case checks, 80% and overdue timers scheduled", (e) => e.timersScheduled());
engineGauge("kuaiban_engine_queue_depth", "Work queue entries waiting for an engine or held by one (stream lag + pending)", (e) => e.queueDepth());
const oldestGauge = (name: string, help: string, read: (e: EngineGauges) => Promise<number>) =>
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      let oldest = 0;
      for (const e of engines.values()) oldest = Math.max(oldest, await read(e).catch(() => 0));
      this.set(oldest);
    },
  });
oldestGauge("kuaiban_engine_oldest_open_step_seconds", "Age of the oldest one-thing step not yet done (since its application was submitted; manual handling counts as open)", (e) => e.oldestOpenStepSeconds());
oldestGauge("kuaiban_engine_oldest_work_seconds", "Age of the oldest application waiting in or held from the one-thing work queue", (e) => e.oldestWorkSeconds());
engineGauge("kuaiban_engine_timers_due", "Timers due but not yet fired (a backlog)", (e) => e.timersDue());
