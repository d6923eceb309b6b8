import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setClock } from "./clock";
import { calendarCoveredUntil, calendarDaysRemaining, calendarHorizonCheck, calendarMetrics, readiness } from "./readiness";
import { WorkingCalendar } from "../schema/calendar/calendar";

const year = (y: number) => ({ holidays: { [`${y}-10-01`]: "国庆节", [`${y}-10-02`]: "国庆节", [`${y}-10-05`]: "国庆节" }, workdays: {} });
const fresh = () => new WorkingCalendar([mkdtempSync(join(tmpdir(), "kb-ready-"))]);
const at = (date: string) => setClock(() => Date.parse(`${date}T12:00:00+08:00`));

describe("the calendar horizon", () => {
  afterEach(() => setClock(undefined));

  it("counts the days to the end of the years covered without a gap from today", () => {
    const cal = fresh();
    cal.addYear(2098, year(2098));
    expect(calendarDaysRemaining(cal, "2098-12-01")).toBe(30);
    cal.addYear(2100, year(2100)); // a year further on, with 2099 missing, changes nothing
    expect(calendarCoveredUntil(cal, "2098-12-01")).toBe("2098-12-31");
    expect(calendarDaysRemaining(cal, "2098-12-01")).toBe(30);
    cal.addYear(2099, year(2099));
    expect(calendarDaysRemaining(cal, "2098-12-01")).toBe(30 + 365 + 365);
    expect(calendarDaysRemaining(fresh(), "2098-12-01")).toBe(-1);
  });

  it("is not ready at 60 days or fewer (CALENDAR_HORIZON_DAYS), ready beyond", async () => {
    const cal = fresh();
    cal.addYear(2098, year(2098));
    at("2098-11-01"); // 60 days to 2098-12-31
    expect(await readiness([calendarHorizonCheck({ calendar: cal })])).toMatchObject({ ready: false, checks: [{ name: "calendar", ok: false, reason: expect.stringContaining("2099.json") }] });
    at("2098-10-31"); // 61 days
    expect((await readiness([calendarHorizonCheck({ calendar: cal })])).ready).toBe(true);
    at("2098-12-20");
    expect((await readiness([calendarHorizonCheck({ calendar: cal, horizonDays: 5 })])).ready).toBe(true);
    process.env.CALENDAR_HORIZON_DAYS = "20";
    try {
      expect((await readiness([calendarHorizonCheck({ calendar: cal })])).ready).toBe(false);
    } finally {
      delete process.env.CALENDAR_HORIZON_DAYS;
    }
  });

  it("publishes kuaiban_calendar_days_remaining at each scrape", async () => {
    const cal = fresh();
    cal.addYear(2098, year(2098));
    at("2098-12-01");
    expect(await calendarMetrics(cal).metrics()).toMatch(/^kuaiban_calendar_days_remaining 30$/m);
    cal.addYear(2099, year(2099));
    expect(await calendarMetrics(cal).metrics()).toMatch(/^kuaiban_calendar_days_remaining 395$/m);
  });

  it("reports a check that throws as not ready, with its message", async () => {
    const r = await readiness([{ name: "store", check: () => { throw new Error("no answer"); } }]);
    expect(r).toEqual({ ready: false, checks: [{ name: "store", ok: false, reason: "check failed: no answer" }] });
  });
});
