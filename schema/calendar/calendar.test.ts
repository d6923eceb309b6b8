import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WorkingCalendar, calendar } from "./calendar";
import { deadlineFor, itemDeadline } from "./deadline";

describe("working-day calendar", () => {
  const cal = calendar();
  it("counts 调休 make-up days and skips the National Day holiday (2020)", () => {
    expect(cal.isWorkingDay("2020-09-27")).toBe(true); // Sunday, make-up day
    expect(cal.isWorkingDay("2020-10-10")).toBe(true); // Saturday, make-up day
    expect(cal.isWorkingDay("2020-10-05")).toBe(false);
    expect(cal.addWorkingDays("2020-09-25", 5)).toBe("2020-10-09");
    expect(cal.addWorkingDays("2020-09-25", 6)).toBe("2020-10-10");
    expect(cal.addWorkingDays("2020-09-25", 0)).toBe("2020-09-25");
  });
  it("has the years the notice's work needs", () => {
    for (const y of [2020, 2024, 2025, 2026]) expect(cal.years()).toContain(y);
    expect(cal.isWorkingDay("2026-02-16")).toBe(false); // Spring Festival 2026
  });
  it("refuses a year it has no data for instead of guessing", () => {
    expect(() => cal.isWorkingDay("2099-03-02")).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "CALENDAR_YEAR_UNKNOWN" }) }));
    expect(() => cal.addWorkingDays("2026-12-28", 10)).toThrowError(/2027/);
  });
  it("takes a new year from the administrator's folder without a code change", () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-cal-"));
    writeFileSync(join(dir, "2099.json"), JSON.stringify({ holidays: { "2099-01-01": "元旦", "2099-01-02": "元旦" }, workdays: { "2099-01-03": "元旦调休" } }));
    const custom = new WorkingCalendar([dir]);
    expect(custom.years()).toEqual([2099]);
    // 2099-01-01 is a Thursday: Fri 2nd off, Sat 3rd worked
    expect(custom.addWorkingDays("2098-12-31".replace("2098", "2099").replace("12-31", "01-01"), 1)).toBe("2099-01-03");
  });
});

describe("deadlines", () => {
  it("gives 2.4.2 five working days after acceptance, to the end of that day", () => {
    const accepted = new Date("2020-09-25T10:00:00+08:00");
    expect(itemDeadline("2.4.2", accepted)?.toISOString()).toBe(new Date("2020-10-09T23:59:59.999+08:00").toISOString());
  });
  it("gives instant items 30 minutes and items without a limit no deadline", () => {
    const accepted = new Date("2024-03-04T09:00:00+08:00");
    expect(deadlineFor({ unit: "INSTANT", value: null }, accepted)?.toISOString()).toBe(new Date("2024-03-04T09:30:00+08:00").toISOString());
    expect(itemDeadline("1.1.5", accepted)).toBeNull();
  });
  it("moves a calendar-day limit that ends on a day off to the next working day", () => {
    // 2020-09-25 + 7 days = 2020-10-02 (National Day) → 2020-10-09
    expect(deadlineFor({ unit: "CALENDAR_DAYS", value: 7 }, new Date("2020-09-25T10:00:00+08:00"))?.toISOString())
      .toBe(new Date("2020-10-09T23:59:59.999+08:00").toISOString());
  });
});

describe("the calendar's live edge", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "kb-cal-"));
  // 2099-01-01 is a Thursday; 2099-01-03 a Saturday
  const y2099 = { holidays: { "2099-01-01": "元旦", "2099-01-02": "元旦" }, workdays: { "2099-01-03": "元旦调休" } };

  it("knows which years it has and where its data ends", () => {
    const cal = new WorkingCalendar([dir()]);
    expect(cal.hasYear(2099)).toBe(false);
    expect(cal.lastKnownDate()).toBe("");
    cal.addYear(2099, y2099);
    expect(cal.hasYear(2099)).toBe(true);
    expect(cal.lastKnownDate()).toBe("2099-12-31");
  });

  it("takes a year in memory, tells every listener once, and stops telling one that unsubscribed", () => {
    const cal = new WorkingCalendar([dir()]);
    const heard: number[] = [];
    const other: number[] = [];
    const stop = cal.onYearAdded((y) => heard.push(y));
    cal.onYearAdded((y) => other.push(y));
    expect(() => cal.addWorkingDays("2099-01-01", 1)).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "CALENDAR_YEAR_UNKNOWN" }) }));
    cal.addYear(2099, y2099);
    expect(cal.addWorkingDays("2099-01-01", 1)).toBe("2099-01-03");
    cal.addYear(2099, y2099); // the same schedule again changes nothing and says nothing
    expect(heard).toEqual([2099]);
    stop();
    cal.addYear(2099, { ...y2099, workdays: {} }); // a correction
    expect(heard).toEqual([2099]);
    expect(other).toEqual([2099, 2099]);
    expect(cal.addWorkingDays("2099-01-01", 1)).toBe("2099-01-05");
  });

  it("refuses a schedule with mistakes, with BAD_USER_INPUT, and keeps what it had", () => {
    const cal = new WorkingCalendar([dir()]);
    const heard: number[] = [];
    cal.onYearAdded((y) => heard.push(y));
    const bad: [number, { holidays: Record<string, string>; workdays: Record<string, string> }][] = [
      [2099, { holidays: { "2098-12-31": "元旦" }, workdays: {} }], // another year's date
      [2099, { holidays: { "2099-02-30": "春节" }, workdays: {} }], // not a date
      [2099, { holidays: { "2099-1-1": "元旦" }, workdays: {} }], // not YYYY-MM-DD
      [2099, { holidays: { "2099-01-01": "元旦", "2099-01-03": "元旦" }, workdays: { "2099-01-03": "调休" } }], // both off and worked
      [2099, { holidays: { "2099-01-01": "元旦" }, workdays: { "2099-01-05": "调休" } }], // a make-up day on a Monday
      [2099, { holidays: { "2099-01-03": "元旦", "2099-01-04": "元旦" }, workdays: {} }], // weekends only
      [2099, { holidays: { "2099-01-01": " " }, workdays: {} }], // no name
      [1999, { holidays: { "1999-01-01": "元旦" }, workdays: {} }], // out of range
      [2099.5, y2099],
    ];
    for (const [year, schedule] of bad) {
      expect(() => cal.addYear(year, schedule), JSON.stringify(schedule)).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
    }
    expect(cal.hasYear(2099)).toBe(false);
    expect(heard).toEqual([]);
  });

  it("finds a new year file on rescan, without a restart, and skips one that does not validate", () => {
    const folder = dir();
    const cal = new WorkingCalendar([folder]);
    const heard: number[] = [];
    cal.onYearAdded((y) => heard.push(y));
    expect(cal.rescan()).toEqual({ added: [], refused: [] });
    writeFileSync(join(folder, "2099.json"), JSON.stringify(y2099));
    writeFileSync(join(folder, "2098.json"), JSON.stringify({ holidays: { "2099-01-01": "元旦" }, workdays: {} }));
    const r = cal.rescan();
    expect(r.added).toEqual([2099]);
    expect(r.refused.map((x) => x.year)).toEqual([2098]);
    expect(heard).toEqual([2099]);
    expect(cal.hasYear(2098)).toBe(false);
    expect(cal.rescan().added).toEqual([]); // nothing changed since
  });
});
