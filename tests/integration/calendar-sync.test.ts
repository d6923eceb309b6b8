import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import { WorkingCalendar } from "../../schema/calendar/calendar";
import { CalendarSync } from "../../schema/calendar/calendar-sync";

/**
 * Two processes' calendars (two calendar instances, each with its own store connection and its own
 * folder) over one real Redis: a year added on one side reaches the other with no restart.
 */
const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `kb:test:calendar:${randomUUID()}`;
const stores: RedisStore[] = [];
const syncs: CalendarSync[] = [];
const folder = () => mkdtempSync(join(tmpdir(), "kb-cal-sync-"));
// 2099-01-01 is a Thursday, 2099-01-03 a Saturday; 2098-01-01 a Wednesday
const y2099 = { holidays: { "2099-01-01": "元旦", "2099-01-02": "元旦" }, workdays: { "2099-01-03": "元旦调休" } };
const y2098 = { holidays: { "2098-01-01": "元旦" }, workdays: {} };

async function side(dir = folder()) {
  const store = new RedisStore(url);
  stores.push(store);
  const calendar = new WorkingCalendar([dir]);
  const sync = await CalendarSync.start({ store, calendar, prefix, rescanMs: 0 });
  syncs.push(sync);
  return { store, calendar, sync, dir };
}

/** Resolves when the calendar announces `year`. */
const added = (calendar: WorkingCalendar, year: number) => new Promise<void>((resolve) => {
  const stop = calendar.onYearAdded((y) => { if (y === year) { stop(); resolve(); } });
});

let a: Awaited<ReturnType<typeof side>>;
let b: Awaited<ReturnType<typeof side>>;
beforeAll(async () => {
  a = await side();
  b = await side();
});
afterAll(async () => {
  for (const s of syncs) await s.close();
  const keys = await stores[0]!.keys(`${prefix}:*`);
  if (keys.length) await stores[0]!.del(...keys);
  for (const s of stores) await s.close();
});

describe("calendar years across processes", () => {
  it("a year added through the store reaches the other calendar without a restart, and fires onYearAdded", async () => {
    expect(b.calendar.hasYear(2099)).toBe(false);
    const heard = added(b.calendar, 2099);
    await a.sync.addYear(2099, y2099);
    await heard;
    expect(b.calendar.hasYear(2099)).toBe(true);
    expect(b.calendar.addWorkingDays("2099-01-01", 1)).toBe("2099-01-03");
    expect(b.calendar.lastKnownDate()).toBe("2099-12-31");
  });

  it("a process started later finds the stored year at start", async () => {
    const c = await side();
    expect(c.calendar.hasYear(2099)).toBe(true);
    expect(c.calendar.isWorkingDay("2099-01-02")).toBe(false);
  });

  it("refuses a year already known (CONFLICT) and a bad schedule (BAD_USER_INPUT), writing nothing", async () => {
    await expect(b.sync.addYear(2099, y2099)).rejects.toMatchObject({ extensions: { code: "CONFLICT" } });
    await expect(a.sync.addYear(2097, { holidays: { "2097-01-05": "元旦" }, workdays: { "2097-01-07": "调休" } })).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(await a.store.get(`${prefix}:year:2097`)).toBeNull();
    expect(await a.store.smembers(`${prefix}:years`)).toEqual(["2099"]);
    expect(a.calendar.hasYear(2097) || b.calendar.hasYear(2097)).toBe(false);
  });

  it("a year file dropped in one process's folder reaches that calendar and, through the store, the other", async () => {
    const here = added(a.calendar, 2098);
    const there = added(b.calendar, 2098);
    writeFileSync(join(a.dir, "2098.json"), JSON.stringify(y2098));
    await Promise.all([here, there]);
    expect(a.calendar.hasFileYear(2098)).toBe(true);
    expect(b.calendar.hasFileYear(2098)).toBe(false); // it came through the store
    expect(b.calendar.isWorkingDay("2098-01-01")).toBe(false);
    expect(b.calendar.isWorkingDay("2098-01-02")).toBe(true);
  });
});
