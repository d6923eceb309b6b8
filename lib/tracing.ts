import { context, propagation, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Context, type Span } from "@opentelemetry/api";
// the SDK is loaded only when tracing is turned on: while off, only the API (its no-ops) is in the process
import type { Sampler, SpanExporter, SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
type Sdk = typeof import("@opentelemetry/sdk-trace");
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { onShutdown } from "./http";

/**
 * Traces, by OpenTelemetry, with W3C `traceparent` carried from the gateway to the subgraphs, the
 * legacy systems and the one-thing engine's steps. Off unless the standard settings ask for it
 * (`OTEL_TRACES_EXPORTER=otlp|console`, or an `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT`); while off,
 * no span object is ever made: every helper here checks one flag and calls straight through.
 *
 * Spans are made by hand at the few places a request crosses a process (HTTP in, GraphQL
 * operation, subgraph call, legacy call, engine step) rather than by the auto-instrumentations,
 * which patch `http`, express and graphql wholesale and add a span per resolver and middleware.
 */

let provider: TracerProvider | undefined;
let enabled = false;
const TRACER = "kuaiban";

/** Whether spans are being made in this process. */
export function tracingEnabled(): boolean {
  return enabled;
}

function samplerFromEnv(env: NodeJS.ProcessEnv, sdk: Sdk): Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = sdk;
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG ?? "1");
  const ratio = () => new TraceIdRatioBasedSampler(Number.isFinite(arg) ? arg : 1);
  switch ((env.OTEL_TRACES_SAMPLER ?? "parentbased_always_on").trim().toLowerCase()) {
    case "always_on": return new AlwaysOnSampler();
    case "always_off": return new AlwaysOffSampler();
    case "traceidratio": return ratio();
    case "parentbased_always_off": return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio": return new ParentBasedSampler({ root: ratio() });
    default: return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

async function exportersFromEnv(env: NodeJS.ProcessEnv, sdk: () => Promise<Sdk>): Promise<SpanExporter[]> {
  const named = env.OTEL_TRACES_EXPORTER?.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)
    ?? (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT ? ["otlp"] : []);
  const exporters: SpanExporter[] = [];
  for (const name of new Set(named)) {
    if (name === "otlp") {
      // the exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout, compression) itself
      const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
      exporters.push(new OTLPTraceExporter());
    } else if (name === "console") exporters.push(new (await sdk()).ConsoleSpanExporter());
    else if (name !== "none") throw new Error(`OTEL_TRACES_EXPORTER: unknown exporter "${name}" (otlp, console or none)`);
  }
  return exporters;
}

/** OTEL_BSP_*: the batch span processor's settings (the SDK leaves reading them to its user). */
function batchFromEnv(env: NodeJS.ProcessEnv) {
  const n = (name: string) => {
    const v = Number(env[name]);
    return env[name] && Number.isFinite(v) && v >= 0 ? v : undefined;
  };
  const settings = {
    scheduledDelayMillis: n("OTEL_BSP_SCHEDULE_DELAY"),
    exportTimeoutMillis: n("OTEL_BSP_EXPORT_TIMEOUT"),
    maxQueueSize: n("OTEL_BSP_MAX_QUEUE_SIZE"),
    maxExportBatchSize: n("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

export interface TracingOptions {
  /** Export to this exporter (synchronously, span by span) instead of what `OTEL_*` says: for tests and benchmarks. */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

/**
 * Turns tracing on for this process when the settings ask for it; `component` names the service
 * unless `OTEL_SERVICE_NAME` does. Once per process: later calls (several components in one
 * process) change nothing. Returns whether tracing is on.
 */
export async function startTracing(component: string, opts: TracingOptions = {}): Promise<boolean> {
  if (provider) return enabled;
  const env = opts.env ?? process.env;
  if (!opts.exporter && (env.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  const sdk = () => import("@opentelemetry/sdk-trace");
  const exporters = opts.exporter ? [] : await exportersFromEnv(env, sdk);
  if (!opts.exporter && !exporters.length) return enabled;
  const [{ BatchSpanProcessor, SimpleSpanProcessor, TracerProvider }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, resources, { ATTR_SERVICE_NAME }] = await Promise.all([
    sdk(), import("@opentelemetry/context-async-hooks"), import("@opentelemetry/core"), import("@opentelemetry/resources"), import("@opentelemetry/semantic-conventions"),
  ]);
  if (provider) return enabled;
  const processors: SpanProcessor[] = opts.exporter
    ? [new SimpleSpanProcessor({ exporter: opts.exporter })]
    : exporters.map((exporter) => new BatchSpanProcessor({ exporter, ...batchFromEnv(env) }));
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, over the component's own name
  const resource = resources.resourceFromAttributes({ [ATTR_SERVICE_NAME]: `kuaiban-${component}` })
    .merge(resources.detectResources({ detectors: [resources.resourceAttributesEnvDetector, resources.serviceNameEnvDetector] }));
  provider = new TracerProvider({ resource, sampler: samplerFromEnv(env, await sdk()), spanProcessors: processors });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  // deployed (configured by the environment): sent on at SIGTERM, after the servers have closed
  if (!opts.exporter) onShutdown(() => stopTracing());
  return true;
}

/** Sends what is buffered and turns tracing off again (the process's shutdown; tests between runs). */
export async function stopTracing(): Promise<void> {
  const p = provider;
  enabled = false;
  provider = undefined;
  if (!p) return;
  // what is buffered goes out, but an unreachable collector does not hold up the process's stop
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.shutdown().catch(() => undefined), new Promise<void>((r) => { timer = setTimeout(r, 2_000).unref(); })]);
  clearTimeout(timer);
  trace.disable();
  propagation.disable();
  context.disable();
}

/** Buffered spans out now (a test reads its exporter after this). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}

const tracer = () => trace.getTracer(TRACER);

const TRACE_CONTEXT = "traceContext";

/**
 * The server span of one HTTP request, continuing the caller's `traceparent` when it sent one.
 * The span's context is kept on `res.locals`; `inRequestTrace` runs a later handler inside it (the
 * body parsers between them would lose an async context set here). Ends when the answer is sent.
 */
export function serverSpan(component: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!enabled) return next();
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(`${req.method} ${req.baseUrl || req.path}`, {
      kind: SpanKind.SERVER,
      attributes: { "http.request.method": req.method, "url.path": req.baseUrl || req.path, "kuaiban.component": component },
    }, parent);
    res.locals[TRACE_CONTEXT] = trace.setSpan(parent, span);
    res.once("finish", () => {
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    res.once("close", () => { if (!res.writableFinished) span.end(); });
    next();
  };
}

/** Runs `handler` inside the request's server span (see `serverSpan`). */
export function inRequestTrace(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const ctx = enabled ? (res.locals[TRACE_CONTEXT] as Context | undefined) : undefined;
    if (!ctx) return handler(req, res, next);
    return context.with(ctx, () => handler(req, res, next));
  };
}

/**
 * Names the request's server span after its GraphQL operation (`query PersonOverview`): the
 * operation's type and name only, never its variables or any value from the document.
 */
export function nameOperationSpan(type: string | undefined, name: string | null | undefined): void {
  if (!enabled) return;
  const span = trace.getActiveSpan();
  if (!span) return;
  const op = type ?? "operation";
  const safe = name && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : undefined;
  span.updateName(safe ? `${op} ${safe}` : op);
  span.setAttribute("graphql.operation.type", op);
  if (safe) span.setAttribute("graphql.operation.name", safe);
}

/** An Apollo Server plugin doing `nameOperationSpan` once the operation is known. */
export function operationSpanPlugin<T extends object>(): import("@apollo/server").ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      if (!enabled) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          nameOperationSpan(operation?.operation, operation?.name?.value ?? operationName);
        },
      };
    },
  };
}

/** `headers` with the active trace's `traceparent` (and `tracestate`) added; unchanged while off. */
export function withTraceHeaders<H extends Record<string, string>>(headers: H, ctx?: Context): H {
  if (!enabled) return headers;
  propagation.inject(ctx ?? context.active(), headers);
  return headers;
}

/**
 * Runs `fn` inside a new span (a CLIENT span for calls out of the process), marked failed when it
 * throws. `fn` gets the span's context, to inject into the call's headers. While off: `fn()` alone.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (ctx: Context | undefined) => Promise<T>,
  opts: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  if (!enabled) return fn(undefined);
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.CLIENT, attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => fn(ctx));
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

function failed(span: Span, err: unknown): void {
  const code = (err as { extensions?: { code?: unknown } })?.extensions?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === "string" ? code : (err as Error)?.name ?? "Error" });
  if (typeof code === "string") span.setAttribute("kuaiban.error.code", code);
}

/**
 * The active trace as a `traceparent` value, for work done later by someone else (the one-thing
 * engine performs a submission's steps after the request has been answered); undefined while off.
 */
export function currentTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a stored `traceparent` names, to continue that trace (undefined: start a new one). */
export function contextOf(traceparent: string | undefined): Context | undefined {
  if (!enabled || !traceparent) return undefined;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}
