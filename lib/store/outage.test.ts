import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "../log";
import { OutageLog } from "./outage";

describe("the store outage log", () => {
  let errors: ReturnType<typeof vi.fn>, warnings: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    errors = vi.spyOn(log, "error").mockImplementation(() => undefined) as unknown as ReturnType<typeof vi.fn>;
    warnings = vi.spyOn(log, "warn").mockImplementation(() => undefined) as unknown as ReturnType<typeof vi.fn>;
  });
  afterEach(() => vi.restoreAllMocks());
  const lines = (spy: { mock: { calls: unknown[][] } }, text: string) => spy.mock.calls.filter((c) => String(c[1] ?? c[0]).includes(text)).length;

  it("logs one outage however many connections and reconnect attempts fail, and one recovery when a failed one is back", () => {
    const outage = new OutageLog("redis");
    const main = {}, subscriber = {};
    outage.failed(new Error("ECONNREFUSED"), main);
    outage.failed(new Error("ECONNREFUSED"), main);
    outage.failed(new Error("ECONNRESET"), subscriber);
    expect(outage.down).toBe(true);
    outage.recovered(main);
    expect(outage.down).toBe(false);
    outage.recovered(subscriber); // reconnected later, in the same outage
    expect(outage.down).toBe(false);
    expect(lines(errors, "store unreachable")).toBe(1);
    expect(lines(warnings, "store reachable again")).toBe(1);
  });

  it("a connection that finishes its handshake as the server goes away neither ends the outage nor starts a second one", () => {
    const outage = new OutageLog("redis");
    const main = {}, late = {};
    outage.failed(new Error("ECONNRESET"), main);
    outage.recovered(late); // its INFO answered just before the shutdown
    outage.failed(new Error("ECONNRESET"), late);
    expect(outage.down).toBe(true);
    expect(lines(errors, "store unreachable")).toBe(1);
    expect(lines(warnings, "store reachable again")).toBe(0);
  });

  it("a failed connection closed for good no longer holds the outage open", () => {
    const outage = new OutageLog("redis");
    const side = {};
    outage.failed(new Error("ECONNREFUSED"), side);
    outage.closed(side);
    expect(outage.down).toBe(false);
  });
});
