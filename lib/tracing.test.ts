import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { afterEach, describe, expect, it } from "vitest";
import { contextOf, currentTraceparent, flushTraces, inSpan, serverSpan, startTracing, stopTracing, tracingEnabled, withTraceHeaders } from "./tracing";

afterEach(async () => { await stopTracing(); });

describe("tracing, off by default", () => {
  it("makes no span and adds no header while the settings ask for none", async () => {
    expect(await startTracing("test", { env: {} })).toBe(false);
    expect(await startTracing("test", { env: { OTEL_TRACES_EXPORTER: "none" } })).toBe(false);
    expect(tracingEnabled()).toBe(false);
    let inside: unknown = "unset";
    let ctx: unknown = "unset";
    await inSpan("nothing", {}, async (c) => { ctx = c; inside = trace.getActiveSpan(); });
    // not even the API's non-recording span: the work runs as if the helper were not there
    expect(ctx).toBeUndefined();
    expect(inside).toBeUndefined();
    const headers = { a: "1" };
    expect(withTraceHeaders(headers)).toEqual({ a: "1" });
    expect(currentTraceparent()).toBeUndefined();
    expect(contextOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).toBeUndefined();
    const res = { locals: {} as Record<string, unknown>, once: () => { throw new Error("no listener while off"); } };
    let nexted = false;
    serverSpan("test")({ headers: {}, method: "POST", path: "/graphql", baseUrl: "" } as never, res as never, () => { nexted = true; });
    expect(nexted).toBe(true);
    expect(res.locals).toEqual({});
  });

  it("refuses an exporter it does not know, by name", async () => {
    await expect(startTracing("test", { env: { OTEL_TRACES_EXPORTER: "jaegr" } })).rejects.toThrow(/jaegr/);
    expect(tracingEnabled()).toBe(false);
  });

  it("turns on for an OTLP endpoint alone, and honours OTEL_SDK_DISABLED", async () => {
    expect(await startTracing("test", { env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1", OTEL_SDK_DISABLED: "true" } })).toBe(false);
    expect(await startTracing("test", { env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1" } })).toBe(true);
    expect(tracingEnabled()).toBe(true);
  });
});

describe("tracing, on", () => {
  it("continues a stored traceparent, and the sampler setting is honoured", async () => {
    const exporter = new InMemorySpanExporter();
    expect(await startTracing("test", { exporter, env: {} })).toBe(true);
    const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let inner: string | undefined;
    await inSpan("step", { "kuaiban.step.id": "s1" }, async () => { inner = currentTraceparent(); }, { parent: contextOf(parent) });
    await flushTraces();
    const [span] = exporter.getFinishedSpans();
    expect(span!.spanContext().traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(span!.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
    expect(inner).toBe(`00-0af7651916cd43dd8448eb211c80319c-${span!.spanContext().spanId}-01`);
    expect(withTraceHeaders({}, contextOf(parent))).toEqual({ traceparent: parent });
    await stopTracing();

    const none = new InMemorySpanExporter();
    await startTracing("test", { exporter: none, env: { OTEL_TRACES_SAMPLER: "always_off" } });
    await inSpan("dropped", {}, async () => undefined);
    await flushTraces();
    expect(none.getFinishedSpans()).toEqual([]);
  });

  it("marks a failed call with its code", async () => {
    const exporter = new InMemorySpanExporter();
    await startTracing("test", { exporter, env: {} });
    const failure = Object.assign(new Error("down"), { extensions: { code: "UPSTREAM_UNAVAILABLE" } });
    await expect(inSpan("legacy x", {}, async () => { throw failure; })).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span!.status).toEqual({ code: 2, message: "UPSTREAM_UNAVAILABLE" });
    expect(span!.attributes["kuaiban.error.code"]).toBe("UPSTREAM_UNAVAILABLE");
  });
});
