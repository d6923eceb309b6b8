import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { memoryCounters, redisCounters } from "./counters";
import { StoreFigures } from "./figures";
import { bucketEdge, bucketWidth, measureOf } from "./measure";
import { periodsOf } from "./periods";
import { itemPerformance, monthlyTrend, noticeTargets, officeRows } from "./report";
import type { StepFinishedFact } from "./sink";
import { sharedTestStore } from "../../../tests/support/store";

// A known set of facts, and the figures worked out by hand (in the comments) from them.

const store = sharedTestStore();
const prefix = `kb:test:fig:${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

const step = (applicationId: string, stepId: string, itemCode: string, completedAt: string, onTime: boolean | null, elapsed: Partial<StepFinishedFact["elapsed"]>): StepFinishedFact => ({
  applicationId, stepId, scenario: 3, office: "太原市", itemCode, agency: "employment", acceptedAt: completedAt, completedAt,
  deadline: onTime === null ? null : completedAt, onTime, elapsed: { minutes: 0, calendarDays: 0, workingDays: 0, ...elapsed },
});

async function feed(f: StoreFigures) {
  const a1 = { applicationId: "A1", scenario: 3, office: "太原市", channel: "WINDOW" as const, submittedAt: "2020-06-01T02:00:00Z", materialsAsked: 4, materialsSumOverItems: 7, itemsApplying: 3, commitments: 1 };
  await f.submitted(a1);
  await f.submitted(a1); // reported again after a crash: counts once
  await f.submitted({ applicationId: "A2", scenario: 3, office: "太原市", channel: "ONLINE", submittedAt: "2020-06-15T03:00:00Z", materialsAsked: 2, materialsSumOverItems: 2, itemsApplying: 2, commitments: 0 });
  // 01:00 on 1 July in China: a July application
  await f.submitted({ applicationId: "A3", scenario: 10, office: "迎泽区", channel: "ONLINE", submittedAt: "2020-06-30T17:00:00Z", materialsAsked: 2, materialsSumOverItems: 3, itemsApplying: 1, commitments: 0 });
  // 2.4.1: statutory 7 working days
  await f.stepFinished(step("A1", "s1", "2.4.1", "2020-06-03T02:00:00Z", true, { workingDays: 2 }));
  await f.stepFinished(step("A1", "s2", "2.4.1", "2020-06-05T02:00:00Z", true, { workingDays: 3.5 }));
  const late = step("A2", "s1", "2.4.1", "2020-06-26T02:00:00Z", false, { workingDays: 8 });
  await f.stepFinished(late);
  await f.stepFinished(late);
  // 1.6.1: no statutory limit, instant (minutes)
  await f.stepFinished(step("A2", "s2", "1.6.1", "2020-06-15T03:12:00Z", true, { minutes: 12 }));
  await f.applicationFinished({ applicationId: "A1", scenario: 3, office: "太原市", status: "COMPLETED", at: "2020-06-20T02:00:00Z" });
  await f.applicationFinished({ applicationId: "A2", scenario: 3, office: "太原市", status: "NEEDS_MANUAL", at: "2020-06-27T02:00:00Z" });
  await f.applicationFinished({ applicationId: "A3", scenario: 10, office: "迎泽区", status: "COMPLETED", at: "2020-07-02T02:00:00Z" });
  await f.commitmentChecked({ applicationId: "A1", verificationTaskId: "A1.vt.X", office: "太原市", outcome: "FALSE", at: "2020-06-25T02:00:00Z" });
  await f.commitmentChecked({ applicationId: "A1", verificationTaskId: "A1.vt.X", office: "太原市", outcome: "FALSE", at: "2020-06-25T02:00:00Z" });
  await f.rated({ applicationId: "A1", office: "太原市", level: "DISSATISFIED", at: "2020-06-21T02:00:00Z" });
  await f.rated({ applicationId: "A3", office: "迎泽区", level: "VERY_SATISFIED", at: "2020-07-03T02:00:00Z" });
}

describe.each([
  ["Redis", () => new StoreFigures(redisCounters(store.redis), prefix)],
  ["memory", () => new StoreFigures(memoryCounters(), "kb:mem")],
])("figures from known facts (%s)", (_name, make) => {
  const f = make();
  const june = ["2020-06-01", "2020-06-30"] as const;

  it("office rows: counts, on-time rate, median speed-up and satisfaction as worked out by hand", async () => {
    await feed(f);
    const rows = await officeRows(f, ["迎泽区", "太原市"], ...june);
    expect(rows.map((r) => r.contactPoint.name)).toEqual(["太原市", "迎泽区"]); // the notice's order
    // 太原市 in June: A1 + A2; items 3 + 2; cut (7-4) + (2-2); 4 timed steps, 3 on time;
    // ratios 2/7 = 28%, 3.5/7 = 50%, 8/7 = 114% → median (2nd of 3) 50% → speed-up 0.5
    expect(rows[0]).toEqual({
      contactPoint: { name: "太原市", level: "PROVINCIAL" },
      applications: 2, bundlesCompleted: 1, itemsIntegrated: 5, materialsCut: 3, onTimeRate: 0.75, medianSpeedUp: 0.5,
      commitments: 1, commitmentsVerified: 1, ratings: { count: 1, satisfaction: 0 },
    });
    expect(rows[1]).toEqual({
      contactPoint: { name: "迎泽区", level: "PROVINCIAL" },
      applications: 0, bundlesCompleted: 0, itemsIntegrated: 0, materialsCut: 0, onTimeRate: null, medianSpeedUp: null,
      commitments: 0, commitmentsVerified: 0, ratings: { count: 0, satisfaction: null },
    });
    // 15 June to 1 July: A2 (太原市) and A3 (迎泽区, 1 July China time)
    const edge = await officeRows(f, ["太原市", "迎泽区"], "2020-06-15", "2020-07-01");
    expect(edge.map((r) => [r.applications, r.itemsIntegrated, r.materialsCut])).toEqual([[1, 2, 0], [1, 1, 1]]);
  });

  it("item performance: median and p90 from the histogram, speed-up against the statutory limit", async () => {
    const rows = await itemPerformance(f, null, ...june);
    const r241 = rows.find((r) => r.item.code === "2.4.1")!;
    // 2, 3.5, 8 working days: median (2nd) 3.5, p90 (⌈2.7⌉ = 3rd) 8, which is past the 7-day limit
    // where buckets are 0.7 day wide: [7.7, 8.4) → 7.7; 1 − 3.5/7 = 0.5; 2 of 3 on time
    expect(r241).toMatchObject({ handled: 3, medianDays: 3.5, p90Days: 7.7, speedUpPercent: 0.5, onTimeRate: 0.6667 });
    expect(r241.statutoryLimit).toEqual({ text: "7个工作日", value: 7, unit: "WORKING_DAYS" });
    expect(r241.acceleratedLimit).toEqual({ text: "3个工作日", value: 3, unit: "WORKING_DAYS" });
    const r161 = rows.find((r) => r.item.code === "1.6.1")!;
    // 12 minutes = 12/1440 day; no statutory limit, so no speed-up
    expect(r161).toMatchObject({ handled: 1, medianDays: 0.0083, p90Days: 0.0083, speedUpPercent: null, onTimeRate: 1 });
    expect(rows.find((r) => r.item.code === "1.6.12")).toMatchObject({ handled: 0, medianDays: null, speedUpPercent: null, onTimeRate: null });
    // the city's offices alone give the same (every step was 太原市's); 迎泽区 alone has none
    expect((await itemPerformance(f, ["太原市", "迎泽区"], ...june)).find((r) => r.item.code === "2.4.1")).toEqual(r241);
    expect((await itemPerformance(f, ["迎泽区"], ...june)).find((r) => r.item.code === "2.4.1")!.handled).toBe(0);
  });

  it("a 追评 after rectification replaces the first rating on its day; targets and the monthly trend", async () => {
    await f.rated({ applicationId: "A1", office: "太原市", level: "SATISFIED", at: "2020-07-10T02:00:00Z", replaces: { level: "DISSATISFIED", at: "2020-06-21T02:00:00Z" } });
    const [ty] = await officeRows(f, ["太原市"], ...june);
    expect(ty!.ratings).toEqual({ count: 1, satisfaction: 1 });
    const [julyTy] = await officeRows(f, ["太原市"], "2020-07-01", "2020-07-31");
    expect(julyTy!.ratings).toEqual({ count: 0, satisfaction: null });
    // bundles 3 and 10 completed; one item (2.4.1) at 50% faster
    expect(await noticeTargets(f, null, "2020-06-01", "2020-07-31")).toEqual({ bundlesAsOneThing: 2, bundlesTarget: 10, itemsHalfFaster: 1, itemsTarget: 10 });
    expect(await noticeTargets(f, ["迎泽区"], "2020-06-01", "2020-07-31")).toEqual({ bundlesAsOneThing: 1, bundlesTarget: 10, itemsHalfFaster: 0, itemsTarget: 10 });
    expect(await monthlyTrend(f, null, "2020-06-01", "2020-07-31")).toEqual([
      { month: "2020-06", applications: 2, onTimeRate: 0.75, satisfaction: 1 },
      { month: "2020-07", applications: 1, onTimeRate: null, satisfaction: 1 },
    ]);
    expect(await f.months()).toEqual(["2020-06", "2020-07"]);
  });
});

describe("periods", () => {
  it("whole months are read as months, whole dekads of the edges as dekads, the rest as days", () => {
    expect(periodsOf("2020-06-15", "2020-08-31")).toEqual([
      "2020-06-15", "2020-06-16", "2020-06-17", "2020-06-18", "2020-06-19", "2020-06-20", "2020-06-d3", "2020-07", "2020-08",
    ]);
    expect(periodsOf("2020-06-09", "2020-07-12")).toEqual(["2020-06-09", "2020-06-10", "2020-06-d2", "2020-06-d3", "2020-07-d1", "2020-07-11", "2020-07-12"]);
    expect(periodsOf("2020-06-11", "2020-06-20")).toEqual(["2020-06-d2"]);
    expect(periodsOf("2020-02-01", "2020-02-29")).toEqual(["2020-02"]);
    expect(periodsOf("2020-03-31", "2020-04-01")).toEqual(["2020-03-31", "2020-04-01"]);
  });
});

describe("histogram resolution", () => {
  it("buckets are 1% of the item's limit, at least 0.1 day or 1 minute; a time is kept as its bucket's lower edge", () => {
    expect([measureOf("2.4.1"), bucketWidth("2.4.1")]).toEqual(["WORKING_DAYS", 0.1]); // 7 working days
    expect([measureOf("1.7.4"), bucketWidth("1.7.4")]).toEqual(["CALENDAR_DAYS", 0.6]); // 60 days
    expect([measureOf("1.6.1"), bucketWidth("1.6.1")]).toEqual(["MINUTES", 1]); // instant
    expect(bucketEdge(3.55, 0.1, 7)).toBe(3.5);
    expect(bucketEdge(7.9, 0.6, 60)).toBe(7.8);
    expect(bucketEdge(12.7, 1, 30)).toBe(12);
    // past the limit, a tenth of the limit; beyond 10× the limit, the last bucket
    expect(bucketEdge(8, 0.1, 7)).toBe(7.7);
    expect(bucketEdge(75, 0.6, 60)).toBe(72);
    expect(bucketEdge(10_000, 0.1, 7)).toBe(70);
  });
});
