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
