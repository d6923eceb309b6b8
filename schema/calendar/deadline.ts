import type { TimeLimit } from "../catalogue/types";
import { limitsByCode } from "../catalogue/time-limits";
import { addCalendarDays, addMonths, calendar, type WorkingCalendar } from "./calendar";

/** The notice: 即时办结事项，从接收材料到办结原则上不超过30分钟. */
export const INSTANT_MINUTES = 30;
const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China Standard Time of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 China Standard Time at the end of a date: a limit of "N days" runs to the end of the last day. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - CST_OFFSET_MS);
}

/**
 * When a limit runs out for something accepted at `acceptedAt`, or null when the limit is not a
 * period (无, 各市县结合实际, 按法律法规). Day-based limits count from the day after acceptance
 * (the start day is not counted); a calendar-day or month limit ending on a day off ends on the
 * next working day instead, as administrative periods do (期间届满的最后一日为节假日的顺延).
 */
export function deadlineFor(limit: Pick<TimeLimit, "value" | "unit">, acceptedAt: Date, cal: WorkingCalendar = calendar()): Date | null {
  const day = chinaDate(acceptedAt);
  switch (limit.unit) {
    case "INSTANT":
      return new Date(acceptedAt.getTime() + INSTANT_MINUTES * 60_000);
    case "MINUTES":
      return limit.value === null ? null : new Date(acceptedAt.getTime() + limit.value * 60_000);
    case "WORKING_DAYS":
      return limit.value === null ? null : endOfChinaDay(cal.addWorkingDays(day, limit.value));
    case "CALENDAR_DAYS":
      return limit.value === null ? null : endOfChinaDay(cal.rollForward(addCalendarDays(day, limit.value)));
    case "MONTHS":
      return limit.value === null ? null : endOfChinaDay(cal.rollForward(addMonths(day, limit.value)));
    case "QUARTER_OF_YEAR": {
      // "by the end of quarter N": this year's if that is still ahead, otherwise next year's
      if (limit.value === null) return null;
      const year = Number(day.slice(0, 4));
      const quarterEnd = (y: number) => new Date(Date.UTC(y, limit.value! * 3, 0)).toISOString().slice(0, 10);
      const end = quarterEnd(year) >= day ? quarterEnd(year) : quarterEnd(year + 1);
      return endOfChinaDay(end);
    }
    case "NONE":
    case "LOCAL_TARGET":
    case "STATUTORY":
      return null;
    default: {
      const unreachable: never = limit.unit;
      throw new Error(`unknown limit unit ${String(unreachable)}`);
    }
  }
}

const periodUnits = new Set(["INSTANT", "MINUTES", "WORKING_DAYS", "CALENDAR_DAYS", "MONTHS", "QUARTER_OF_YEAR"]);

/** The limit that governs an item: the accelerated one where it is a period, else the statutory one. */
export function governingLimit(itemCode: string): TimeLimit | null {
  const row = limitsByCode(itemCode);
  if (!row) return null;
  if (periodUnits.has(row.acceleratedLimit.unit)) return row.acceleratedLimit;
  if (periodUnits.has(row.statutoryLimit.unit)) return row.statutoryLimit;
  return null;
}

export function itemDeadline(itemCode: string, acceptedAt: Date, cal: WorkingCalendar = calendar()): Date | null {
  const limit = governingLimit(itemCode);
  return limit ? deadlineFor(limit, acceptedAt, cal) : null;
}
