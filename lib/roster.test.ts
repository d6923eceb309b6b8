import { describe, expect, it } from "vitest";
import { MemoryStore } from "./store";
import { applyRosterEvent, rosterOf, startRosterConsumer, ROSTER_STREAM } from "./roster";

const event = (over: Record<string, string>) => ({
  type: "COMPLETED", itemCode: "1.1.5", idNumber: "11010519491231002X", creditCode: "91310110666007217T",
  applicationId: "app-1", caseNumber: "SI-1", at: "2026-11-27T10:00:00.000Z", stepId: "enrolment", action: "ENROL_EMPLOYEE", scenario: "1", ...over,
});

describe("roster sync", () => {
  it("adds a hired person once, however often the event arrives", async () => {
    const store = new MemoryStore();
    const e = { id: "1-0", fields: event({}) };
    expect(await applyRosterEvent(store, "social-insurance", e)).toBe("applied");
    expect(await applyRosterEvent(store, "social-insurance", { ...e, id: "2-0" })).toBe("duplicate");
    expect(await rosterOf(store, "social-insurance", "91310110666007217T")).toEqual([
      expect.objectContaining({ idNumber: "11010519491231002X", status: "ACTIVE", itemCode: "1.1.5", caseNumber: "SI-1" }),
    ]);
  });

  it("marks a person who left, even when the event names no employer", async () => {
    const store = new MemoryStore();
    await applyRosterEvent(store, "employment", { id: "1-0", fields: event({ action: "REGISTER_EMPLOYMENT", itemCode: "2.4.2", stepId: "reg" }) });
    await applyRosterEvent(store, "employment", { id: "2-0", fields: event({ action: "REGISTER_UNEMPLOYMENT", itemCode: "2.4.1", stepId: "unreg", creditCode: "", applicationId: "app-2" }) });
    expect(await rosterOf(store, "employment", "91310110666007217T")).toEqual([expect.objectContaining({ status: "LEFT", reason: "2.4.1" })]);
  });

  it("undoes what a revoked application did, and only that", async () => {
    const store = new MemoryStore();
    await applyRosterEvent(store, "labor-relations", { id: "1-0", fields: event({ action: "FILE_EMPLOYMENT", itemCode: "4.1.1" }) });
    expect(await applyRosterEvent(store, "labor-relations", { id: "2-0", fields: event({ type: "REVOKED", applicationId: "someone-else" }) })).toBe("ignored");
    await applyRosterEvent(store, "labor-relations", { id: "3-0", fields: event({ type: "REVOKED" }) });
    expect(await rosterOf(store, "labor-relations", "91310110666007217T")).toEqual([expect.objectContaining({ status: "LEFT", reason: "REVOKED" })]);
  });

  it("consumes the stream through the agency's own group and reports its lag", async () => {
    const store = new MemoryStore();
    await store.xadd(ROSTER_STREAM, event({}));
    const consumer = startRosterConsumer(store, "social-insurance", { blockMs: 50 });
    await expect.poll(() => rosterOf(store, "social-insurance", "91310110666007217T")).toHaveLength(1);
    await expect.poll(() => consumer.lag()).toBe(0);
    expect(await consumer.metrics()).toMatchObject({ kuaiban_roster_lag: 0, kuaiban_roster_events_applied_total: 1 });
    await consumer.stop();
    // another agency's group still has the event to read
    expect(await store.xlag(ROSTER_STREAM, "roster:employment")).toBe(1);
  });

  it("keeps trying when the store is away as it starts, and consumes once it is back", async () => {
    const store = new MemoryStore();
    let refusals = 2;
    const away = Object.create(store) as MemoryStore;
    away.xgroupEnsure = async (...args) => {
      if (refusals-- > 0) throw new Error("connect ECONNREFUSED");
      return store.xgroupEnsure(...args);
    };
    await store.xadd(ROSTER_STREAM, event({ applicationId: "app-away" }));
    const consumer = startRosterConsumer(away, "card", { blockMs: 50 });
    await expect.poll(() => rosterOf(store, "card", "91310110666007217T"), { timeout: 5_000 }).toHaveLength(1);
    expect(refusals).toBeLessThan(0);
    await consumer.stop();
  });
});
