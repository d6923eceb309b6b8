import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WorkingCalendar, calendar } from "./calendar";
import { type LimitContext, caseDeadline, limitForCase, pausedTime, processingTime } from "./deadline";

// 2020's National Day and Mid-Autumn: 1-8 October off, Sunday 27 September and Saturday 10 October worked.
const at = (s: string) => new Date(s);
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();
const window = (office = "太原市"): LimitContext => ({ channel: "WINDOW", office });
const online = (office = "太原市"): LimitContext => ({ channel: "ONLINE", office });

function deadline(itemCode: string, ctx: LimitContext, acceptedAt: string, pauses: { from: string; to: string }[] = []): string | null {
  const out = caseDeadline(limitForCase(itemCode, ctx), at(acceptedAt), pauses);
  return out.status === "SET" ? out.deadline.toISOString() : out.status;
}

describe("the limit a case gets, with its condition", () => {
  it("1.7.4: 7 days when the agency states the facts are clear, 60 under investigation, 30 otherwise", () => {
    expect(limitForCase("1.7.4", { ...online(), stated: "CLEAR" })).toMatchObject({ value: 7, unit: "CALENDAR_DAYS", basis: "ACCELERATED", condition: "事实清楚、权利义务明确" });
    expect(limitForCase("1.7.4", { ...online(), stated: "INVESTIGATION" })).toMatchObject({ value: 60, unit: "CALENDAR_DAYS" });
    expect(limitForCase("1.7.4", online())).toMatchObject({ value: 30, unit: "CALENDAR_DAYS", condition: null });
  });
  it("1.10.1: a batch 30 working days; a single card 立等可取 where the office issues on the spot, else the statutory 5 working days", () => {
    expect(limitForCase("1.10.1", { ...window(), batch: true })).toMatchObject({ value: 30, unit: "WORKING_DAYS", condition: "批量制发" });
    expect(limitForCase("1.10.1", window("太原市"))).toMatchObject({ unit: "INSTANT", basis: "ACCELERATED" });
    expect(limitForCase("1.10.1", window("山阴县"))).toMatchObject({ value: 5, unit: "WORKING_DAYS", basis: "STATUTORY", condition: "零星制发" });
  });
  it("1.8.1: 5 working days at a window (现场办理), the statutory 10 days online", () => {
    expect(limitForCase("1.8.1", window())).toMatchObject({ value: 5, unit: "WORKING_DAYS", basis: "ACCELERATED", condition: "现场办理" });
    expect(limitForCase("1.8.1", online())).toMatchObject({ value: 10, unit: "CALENDAR_DAYS", basis: "STATUTORY" });
  });
  it("2.6.2: the provincial level's first quarter, nothing where cities set their own targets; no limit at all for items outside 附件2", () => {
    expect(limitForCase("2.6.2", window("省本级"))).toMatchObject({ value: 1, unit: "QUARTER_OF_YEAR" });
    expect(limitForCase("2.6.2", window("太原市"))).toBeNull();
    expect(limitForCase("1.1.5", window())).toBeNull();
  });
});

describe("deadlines across the 2020 National Day holiday", () => {
  it("instant items: 30 minutes, holidays or not", () => {
    expect(deadline("1.10.1", window(), "2020-09-30T17:45:00+08:00")).toBe(at("2020-09-30T18:15:00+08:00").toISOString());
    expect(deadline("2.7.1", online(), "2020-10-03T09:00:00+08:00")).toBe(at("2020-10-03T09:30:00+08:00").toISOString());
  });
  it("working days: the make-up Sunday counts, the holiday does not", () => {
    // 27, 28, 29, 30 September, 9 October
    expect(deadline("1.8.1", window(), "2020-09-25T10:00:00+08:00")).toBe(endOf("2020-10-09"));
    expect(deadline("1.10.1", window("山阴县"), "2020-09-25T10:00:00+08:00")).toBe(endOf("2020-10-09"));
  });
  it("calendar days: a period ending on a day off ends on the next working day", () => {
    expect(deadline("1.7.4", { ...online(), stated: "CLEAR" }, "2020-09-25T10:00:00+08:00")).toBe(endOf("2020-10-09")); // 2 Oct → 9 Oct
    expect(deadline("1.7.4", online(), "2020-09-25T10:00:00+08:00")).toBe(endOf("2020-10-26")); // Sunday 25 Oct → Monday
    expect(deadline("1.7.4", { ...online(), stated: "INVESTIGATION" }, "2020-09-25T10:00:00+08:00")).toBe(endOf("2020-11-24"));
    expect(deadline("1.8.1", online(), "2020-09-25T10:00:00+08:00")).toBe(endOf("2020-10-09")); // 5 Oct → 9 Oct
  });
  it("months: the same day a month on, moved off the holiday", () => {
    expect(deadline("1.8.9", window(), "2020-09-08T10:00:00+08:00")).toBe(endOf("2020-10-09")); // 8 Oct → 9 Oct
    expect(deadline("1.8.9", online(), "2020-09-08T10:00:00+08:00")).toBe(endOf("2020-12-08"));
  });
});

describe("补正: time waiting for the applicant's correction does not count", () => {
  const asked = "2020-09-28T09:00:00+08:00"; // Monday
  const supplied = "2020-09-30T15:00:00+08:00"; // Wednesday: Monday and Tuesday waited
  it("counts the waiting in each unit", () => {
    expect(pausedTime([{ from: asked, to: supplied }])).toEqual({ ms: (2 * 24 + 6) * 3600_000, calendarDays: 2, workingDays: 2 });
    expect(pausedTime([{ from: asked, to: null }])).toEqual({ ms: 0, calendarDays: 0, workingDays: 0 });
  });
  it("moves a working-day deadline by the working days waited", () => {
    // 7 working days from 25 Sep: 27, 28, 29, 30 Sep, 9, 10 (make-up Saturday), 12 Oct
    expect(deadline("1.8.1", window(), "2020-09-25T10:00:00+08:00", [{ from: asked, to: supplied }])).toBe(endOf("2020-10-12"));
  });
  it("moves a calendar-day deadline by the days waited, and an instant one by the minutes", () => {
    expect(deadline("1.7.4", { ...online(), stated: "INVESTIGATION" }, "2020-09-25T10:00:00+08:00", [{ from: "2020-09-26T10:00:00+08:00", to: "2020-09-29T10:00:00+08:00" }]))
      .toBe(endOf("2020-11-27"));
    expect(deadline("1.10.1", window(), "2020-09-25T10:00:00+08:00", [{ from: "2020-09-25T10:05:00+08:00", to: "2020-09-25T10:25:00+08:00" }]))
      .toBe(at("2020-09-25T10:50:00+08:00").toISOString());
  });
  it("leaves the pause out of the processing time", () => {
    expect(processingTime("2020-09-25T10:00:00+08:00", "2020-10-09T16:00:00+08:00", [{ from: asked, to: supplied }])).toEqual({
      minutes: (14 * 24 + 6) * 60 - (2 * 24 + 6) * 60,
      calendarDays: 12,
      workingDays: 3, // 27, 28, 29, 30 Sep and 9 Oct, less the 2 waited
    });
  });
});

describe("the calendar's edge", () => {
  it("a deadline in a year without data is pending, not an error, and is set once the year is added", () => {
    // 2026 as published, and nothing after it, whatever years the data folders hold by now
    const cal = new WorkingCalendar([mkdtempSync(join(tmpdir(), "kb-edge-"))]);
    cal.addYear(2026, new WorkingCalendar().schedule(2026));
    const processWideHad2027 = calendar().hasYear(2027);
    expect(cal.hasYear(2027)).toBe(false);
    expect(cal.lastKnownDate()).toBe("2026-12-31");
    const limit = limitForCase("2.4.2", window())!;
    expect(caseDeadline(limit, at("2026-12-28T10:00:00+08:00"), [], cal)).toEqual({ status: "PENDING_CALENDAR", year: 2027 });
    const heard: number[] = [];
    const off = cal.onYearAdded((y) => heard.push(y));
    cal.addYear(2027, { holidays: { "2027-01-01": "元旦" }, workdays: {} });
    off();
    expect(heard).toEqual([2027]);
    expect(cal.hasYear(2027)).toBe(true);
    expect(cal.lastKnownDate()).toBe("2027-12-31");
    // 29, 30, 31 Dec, then 1 Jan is off: 4 Jan, 5 Jan
    expect(caseDeadline(limit, at("2026-12-28T10:00:00+08:00"), [], cal)).toEqual({ status: "SET", deadline: new Date(endOf("2027-01-05")) });
    expect(() => cal.addYear(2028, { holidays: { "2027-05-01": "劳动节" }, workdays: {} })).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
    expect(calendar().hasYear(2027)).toBe(processWideHad2027); // another calendar's year is not the process-wide one's
  });
});
