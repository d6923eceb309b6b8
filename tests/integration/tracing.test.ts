import { randomBytes, randomUUID } from "node:crypto";
import { SpanKind, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { log } from "../../lib/log";
import type { Principal } from "../../lib/principal";
import { flushTraces, inSpan, startTracing, stopTracing, tracingEnabled } from "../../lib/tracing";
import { demoData } from "../../schema/demo";
import { startOneThing, type RunningOneThing } from "../../subgraphs/one-thing";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { gql } from "../support/graphql";
import { as, fromTestHeader } from "../support/principals";
import { logLinesDuring } from "./support/gateway-front";
import { sharedTestStore } from "../support/store";

/**
 * One request, one trace: the gateway's operation, the subgraph calls it makes, the subgraphs'
 * own server spans and their legacy calls, all in the trace the caller started (W3C traceparent),
 * and the one-thing engine's steps in the trace of the request that submitted the application.
 */
const exporter = new InMemorySpanExporter();
const store = sharedTestStore();
const run = randomUUID().slice(0, 8);
let agencies: AllAgencies;
let oneThing: RunningOneThing;
let gateway: RunningGateway;
let url: string;
const people = demoData().people;

beforeAll(async () => {
  // before any component starts: they find tracing on (their own startTracing changes nothing)
  expect(await startTracing("test", { exporter })).toBe(true);
  agencies = await startAllAgencies(store);
  oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: { keyPrefix: `kb:trace:${run}`, retryBaseMs: 100, retryMaxMs: 500, pollMs: 100, checkFirstMs: 100, checkMaxMs: 300, timerTickMs: 50 } });
  // the data-sharing cache off: another test that just read the same demo people would leave no subgraph call to trace
  gateway = await startGateway({ port: 0, store, authenticate: fromTestHeader, cacheTtlMs: 0, subgraphs: [...agencies.endpoints, { name: "one-thing", url: oneThing.url }] });
  url = `${gateway.url}/graphql`;
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await oneThing?.close();
  await agencies?.close();
  const keys = await store.keys(`kb:trace:${run}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
  await stopTracing();
});

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const idOf = (s: ReadableSpan) => s.spanContext().spanId;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const component = (s: ReadableSpan) => s.attributes["kuaiban.component"];

async function spansOf(traceId: string): Promise<ReadableSpan[]> {
  await flushTraces();
  return exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
}

/** Is `span` below `ancestor` in `spans` (by parent links)? */
function descends(spans: ReadableSpan[], span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.map((s) => [idOf(s), s]));
  for (let at = byId.get(parentOf(span) ?? ""); at; at = byId.get(parentOf(at) ?? "")) if (at === ancestor) return true;
  return false;
}

const PERSON = "query TracedPerson($id: IdNumber!) { person(idNumber: $id) { socialInsurance { enrolments { status } } employment { registration { status } } } }";

describe("one trace across the components", () => {
  it("a person query through the gateway over two agency subgraphs and their legacy systems is one trace, continuing the caller's", async () => {
    const person = people.find((p) => p.stage === "EMPLOYED")!;
    const citizen: Principal = { kind: "citizen", subject: `t-${run}`, idNumber: person.idNumber };
    const traceId = hex(16);
    const callerSpan = hex(8);
    const r = await gql(url, PERSON, { id: person.idNumber }, { ...as(citizen), traceparent: `00-${traceId}-${callerSpan}-01` });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();

    // the gateway's span ends once the answer is sent: wait for it, not a while
    await expect.poll(async () => (await spansOf(traceId)).some((s) => component(s) === "gateway"), { timeout: 5_000 }).toBe(true);
    const spans = await spansOf(traceId);
    const gatewaySpan = spans.find((s) => component(s) === "gateway")!;
    // the caller's span is the parent of the gateway's; the operation names it, no variables anywhere
    expect(parentOf(gatewaySpan)).toBe(callerSpan);
    expect(gatewaySpan.kind).toBe(SpanKind.SERVER);
    expect(gatewaySpan.name).toBe("query TracedPerson");
    expect(gatewaySpan.attributes["graphql.operation.name"]).toBe("TracedPerson");
    for (const s of spans) expect(JSON.stringify(s.attributes)).not.toContain(person.idNumber);

    for (const subgraph of ["social-insurance", "employment"]) {
      // the gateway's client span for the call, and under it the subgraph's own server span
      const calls = spans.filter((s) => s.name === `subgraph ${subgraph}`);
      expect(calls.length, subgraph).toBeGreaterThan(0);
      for (const call of calls) {
        expect(call.kind).toBe(SpanKind.CLIENT);
        expect(descends(spans, call, gatewaySpan), subgraph).toBe(true);
      }
      const served = spans.filter((s) => component(s) === subgraph && s.kind === SpanKind.SERVER);
      expect(served.length, subgraph).toBeGreaterThan(0);
      for (const s of served) expect(calls.map(idOf)).toContain(parentOf(s));
      // and under that, the subgraph's call to its legacy system
      const legacy = spans.filter((s) => s.name === `legacy ${subgraph}` && s.kind === SpanKind.CLIENT);
      expect(legacy.length, subgraph).toBeGreaterThan(0);
      for (const l of legacy) expect(served.some((s) => descends(spans, l, s)), subgraph).toBe(true);
    }
  });

  it("without a traceparent the gateway starts a new trace, with the same shape", async () => {
    const person = people.filter((p) => p.stage === "EMPLOYED")[1]!;
    const citizen: Principal = { kind: "citizen", subject: `t2-${run}`, idNumber: person.idNumber };
    const before = new Set(exporter.getFinishedSpans().map(idOf));
    const r = await gql(url, PERSON, { id: person.idNumber }, as(citizen));
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const isNewRoot = (s: ReadableSpan) => !before.has(idOf(s)) && component(s) === "gateway" && s.name === "query TracedPerson";
    await expect.poll(async () => { await flushTraces(); return exporter.getFinishedSpans().some(isNewRoot); }, { timeout: 5_000 }).toBe(true);
    const root = exporter.getFinishedSpans().find(isNewRoot)!;
    expect(root.parentSpanContext).toBeUndefined();
    const spans = await spansOf(root.spanContext().traceId);
    expect(spans.filter((s) => s.kind === SpanKind.SERVER).map(component)).toEqual(expect.arrayContaining(["gateway", "social-insurance", "employment"]));
    expect(spans.some((s) => s.name.startsWith("legacy "))).toBe(true);
  });

  it("a one-thing submission's engine steps, performed after the answer, belong to the submission's trace", async () => {
    const person = people.filter((p) => p.stage === "EMPLOYED")[3]!;
    const citizen: Principal = { kind: "citizen", subject: `t3-${run}`, idNumber: person.idNumber };
    const set = await gql<{ materialsFor: { materials: { id: string }[] } }>(url, "query($s: Int!) { materialsFor(scenario: $s) { materials { id } } }", { s: 3 }, as(citizen));
    const traceId = hex(16);
    const input = { scenario: 3, idNumber: person.idNumber, materials: set.data!.materialsFor.materials.map((m) => m.id), details: {}, facts: [], idempotencyKey: `trace-${run}-3` };
    const r = await gql<{ submitApplication: { id: string } }>(url, "mutation Submit($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }", { input }, { ...as(citizen), traceparent: `00-${traceId}-${hex(8)}-01` });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const app = await oneThing.engine.settled(r.data!.submitApplication.id, 30_000);
    const performed = app.steps.filter((s) => s.state.phase === "DONE");
    expect(performed.length).toBeGreaterThan(0);

    await expect.poll(async () => (await spansOf(traceId)).filter((s) => s.name.startsWith("one-thing step ")).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(performed.length);
    const spans = await spansOf(traceId);
    // the request that submitted it: the gateway's operation and the one-thing subgraph's server span
    const submission = spans.find((s) => component(s) === "one-thing" && s.kind === SpanKind.SERVER && s.name === "mutation Submit")
      ?? spans.find((s) => component(s) === "one-thing" && s.kind === SpanKind.SERVER)!;
    expect(submission).toBeDefined();
    const steps = spans.filter((s) => s.name.startsWith("one-thing step "));
    for (const done of performed) expect(steps.map((s) => s.attributes["kuaiban.step.id"])).toContain(done.id);
    for (const step of steps) {
      // children of the submitting request's span, though it ended before they started
      expect(descends(spans, step, submission)).toBe(true);
      // each step's call reaches its agency subgraph, and that subgraph's legacy system, in the same trace
      const served = spans.filter((s) => s.kind === SpanKind.SERVER && parentOf(s) === idOf(step));
      expect(served.length, String(step.attributes["kuaiban.step.item"])).toBeGreaterThan(0);
      expect(spans.some((l) => l.name.startsWith("legacy ") && served.some((s) => descends(spans, l, s)))).toBe(true);
    }
  });

  it("log lines written inside a span carry its trace id", async () => {
    expect(tracingEnabled()).toBe(true);
    let traceId = "";
    const lines = await logLinesDuring(async () => {
      await inSpan("probe", {}, async () => {
        traceId = trace.getActiveSpan()!.spanContext().traceId;
        log.info("inside");
      });
      log.info("outside");
    });
    const [inside, outside] = lines.map((l) => JSON.parse(l) as { msg: string; trace_id?: string });
    expect(inside).toMatchObject({ msg: "inside", trace_id: traceId });
    expect(outside!.msg).toBe("outside");
    expect(outside!.trace_id).toBeUndefined();
  });
});
