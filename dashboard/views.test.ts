import { describe, expect, it } from "vitest";
import { contactPoints } from "../schema/catalogue";
import { contactPointsCsv } from "./csv";
import type { OfficeFigures, Overview } from "./figures";
import { days } from "./format";
import { periodFrom } from "./period";
import { chartData, officePage, overviewPage } from "./views";

// Fixed figures in the gateway's shapes: what the pages make of them, not the figures themselves.
const row = (name: string, i: number): OfficeFigures => ({
  contactPoint: { name, level: i % 3 ? "PROVINCIAL" : "MINISTRY_AND_PROVINCIAL" },
  applications: 10 + i, bundlesCompleted: 5 + i, itemsIntegrated: 20, materialsCut: 7, onTimeRate: 0.9, medianSpeedUp: 0.55,
  commitments: 3, commitmentsVerified: 1, ratings: { count: 4, satisfaction: i === 0 ? null : 0.75 },
});
const rows = contactPoints.map((c, i) => row(c.name, i));
const user = { sub: "s", name: "督查员", kind: "staff" as const, roles: ["supervisor"], region: "省本级" };
const period = { from: "2020-06-01", to: "2020-12-31" };
const overview: Overview = {
  contactPoints: { ok: true, value: rows },
  items: { ok: true, value: [{ item: { code: "1.3.1", name: "参保单位职工增员" }, handled: 12, medianDays: 1.5, p90Days: 3, statutoryLimit: { text: "5个工作日", value: 5, unit: "WORKING_DAYS" }, acceleratedLimit: { text: "即时办结", value: 0, unit: "INSTANT" }, speedUpPercent: 0.7, onTimeRate: 1 }] },
  months: { ok: true, value: [{ month: "2020-06", applications: 40, onTimeRate: 0.95, satisfaction: 0.9 }] },
  targets: { ok: false, code: "FORBIDDEN", message: "您的账号无权查看这部分统计。" },
};

describe("dashboard pages", () => {
  it("renders one table row per contact point given, with headers, and keeps every value escaped", () => {
    const evil = [{ ...rows[0]!, contactPoint: { name: "<script>x</script>", level: "PROVINCIAL" as const } }, ...rows.slice(1)];
    const html = overviewPage({ user, period, presets: [], overview: { ...overview, contactPoints: { ok: true, value: evil } }, scope: "全省" });
    expect(html.match(/<tr data-office=/g)).toHaveLength(23);
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html.match(/<th scope="col">/g)!.length).toBeGreaterThanOrEqual(12);
    // the refused section says so, the others still show
    expect(html).toContain('id="targets-unavailable"');
    expect(html).toContain("FORBIDDEN");
    for (const id of ["chart-speedup", "chart-ontime", "chart-trend", "chart-satisfaction"]) expect(html).toContain(`id="${id}"`);
  });

  it("puts the chart figures in a data block that no figure can break out of", () => {
    const html = overviewPage({ user, period, presets: [], overview: { ...overview, contactPoints: { ok: true, value: [{ ...rows[1]!, contactPoint: { name: "</script><script>alert(1)</script>", level: "PROVINCIAL" } }] } }, scope: "全省" });
    const block = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(block).not.toContain("<");
    const data = JSON.parse(block);
    expect(data.onTime[0]).toEqual({ name: "</script><script>alert(1)</script>", value: 90 });
    expect(data.speedUp[0]).toMatchObject({ code: "1.3.1", value: 70 });
  });

  it("lists in the item table only the items handled in the period, and says how many were not", () => {
    const idle = { item: { code: "9.9.9", name: "无件事项" }, handled: 0, medianDays: null, p90Days: null, statutoryLimit: null, acceleratedLimit: null, speedUpPercent: null, onTimeRate: null };
    const html = overviewPage({ user, period, presets: [], overview: { ...overview, items: { ok: true, value: [...(overview.items.ok ? overview.items.value : []), idle] } }, scope: "全省" });
    expect([...html.matchAll(/data-item="([^"]+)"/g)].map((m) => m[1])).toEqual(["1.3.1"]);
    expect(html).toContain("另有 1 项本期无办结");
  });

  it("gives processing times in minutes, hours or (working) days", () => {
    expect([days(0.0069), days(0.25), days(2.44, "WORKING_DAYS"), days(12, "CALENDAR_DAYS"), days(null)]).toEqual(["10分钟", "6.0小时", "2.4个工作日", "12.0天", "—"]);
  });

  it("draws speed-up only for items handled, as percentages", () => {
    const d = chartData([
      { item: { code: "a", name: "A" }, handled: 0, medianDays: null, p90Days: null, statutoryLimit: null, acceleratedLimit: null, speedUpPercent: null, onTimeRate: null },
      { item: { code: "b", name: "B" }, handled: 3, medianDays: 2, p90Days: 2, statutoryLimit: null, acceleratedLimit: null, speedUpPercent: 0.456, onTimeRate: 1 },
    ], undefined, undefined);
    expect(d.speedUp).toEqual([{ code: "b", name: "B", value: 45.6 }]);
  });

  it("lists an office's overdue cases first", () => {
    const step = (stepId: string, risk: "AT_RISK" | "OVERDUE", elapsedShare: number) => ({ applicationId: "a", caseNumber: `C-${stepId}`, scenario: 1, stepId, itemCode: "1.3.1", itemName: "增员", agency: "社保经办", office: "太原市", acceptedAt: "2020-06-01T01:00:00Z", deadline: "2020-06-08T09:00:00Z", elapsedShare, risk });
    const html = officePage({ user, period, presets: [], office: "太原市", view: {
      office: { ok: true, value: rows[0]! }, items: overview.items, months: overview.months,
      atRisk: { ok: true, value: [step("s1", "AT_RISK", 0.85), step("s2", "OVERDUE", 1.2), step("s3", "AT_RISK", 0.95)] },
      followUps: { ok: true, value: [
        { applicationId: "f1", caseNumber: "F1", scenario: 1, office: "太原市", level: "DISSATISFIED", tags: [], status: "RECTIFIED", openedAt: "2020-06-01T01:00:00Z", callBackDue: "2020-06-02T09:00:00Z", calledBackAt: "2020-06-01T05:00:00Z", callBackLate: false, rectifyDue: "2020-06-22T09:00:00Z", rectifiedAt: "2020-06-10T02:00:00Z", rectifyLate: false },
        { applicationId: "f2", caseNumber: "F2", scenario: 10, office: "太原市", level: "VERY_DISSATISFIED", tags: [], status: "OPEN", openedAt: "2020-06-03T01:00:00Z", callBackDue: "2020-06-04T09:00:00Z", calledBackAt: null, callBackLate: true, rectifyDue: null, rectifiedAt: null, rectifyLate: false },
      ] },
    } });
    expect([...html.matchAll(/data-follow-up="(f\d)"/g)].map((m) => m[1])).toEqual(["f2", "f1"]);
    expect(html).toContain("差评回访与整改（1 件超时）");
    expect(html).toContain("未回访（超时）");
    expect([...html.matchAll(/data-step="(s\d)"/g)].map((m) => m[1])).toEqual(["s2", "s3", "s1"]);
    expect(html).toContain("1 件超期，2 件临近时限");
  });
});

describe("CSV export", () => {
  it("is UTF-8 with a BOM, CRLF rows, quoted where needed, and neutralises spreadsheet formulas", () => {
    const csv = contactPointsCsv([rows[0]!, { ...rows[1]!, contactPoint: { name: "=HYPERLINK(\"x\"),1", level: "PROVINCIAL" } }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("联系点,层级,申请件数,一件事办结数,整合事项数,精简材料数,按时办结率,提速幅度（中位）,告知承诺件数,承诺已核查数,评价数,满意率");
    expect(lines[1]).toBe("太原市,部、省共同联系点,10,5,20,7,90.0%,55.0%,3,1,4,—");
    expect(lines[2]!.startsWith(`"'=HYPERLINK(""x""),1",省级联系点,11`)).toBe(true);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe("the period asked for", () => {
  it("defaults to the last twelve months, accepts real dates up to three years apart and refuses the rest", () => {
    expect(periodFrom({}, "2026-12-01")).toEqual({ ok: true, period: { from: "2025-12-02", to: "2026-12-01" } });
    expect(periodFrom({ from: "2020-01-01", to: "2022-12-31" }, "2026-12-01")).toMatchObject({ ok: true });
    expect(periodFrom({ from: "2020-01-01", to: "2023-01-03" }, "2026-12-01")).toMatchObject({ ok: false, message: expect.stringContaining("最长三年") });
    expect(periodFrom({ from: "2020-07-01", to: "2020-07-31" }, "2026-12-01")).toEqual({ ok: true, period: { from: "2020-07-01", to: "2020-07-31" } });
    for (const bad of [{ from: "2020-02-30" }, { from: "2020-6-1" }, { to: "tomorrow" }, { from: "2020-08-01", to: "2020-07-01" }, { from: ["2020-06-01"] }]) {
      const r = periodFrom(bad, "2026-12-01");
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, code: "INVALID_PERIOD" });
    }
  });
});
