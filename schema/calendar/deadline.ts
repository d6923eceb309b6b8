import { ErrorCode, codeOf } from "../../lib/errors";
import type { LimitConditionKey, TimeLimit } from "../catalogue/types";
import { instantCardOffices, limitsByCode } from "../catalogue/time-limits";
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
export function deadlineFor(
  limit: Pick<TimeLimit, "value" | "unit">,
  acceptedAt: Date,
  cal: WorkingCalendar = calendar(),
  paused: { ms: number; calendarDays: number; workingDays: number } = NO_PAUSE,
): Date | null {
  const day = chinaDate(acceptedAt);
  switch (limit.unit) {
    case "INSTANT":
      return new Date(acceptedAt.getTime() + INSTANT_MINUTES * 60_000 + paused.ms);
    case "MINUTES":
      return limit.value === null ? null : new Date(acceptedAt.getTime() + limit.value * 60_000 + paused.ms);
    case "WORKING_DAYS":
      return limit.value === null ? null : endOfChinaDay(cal.addWorkingDays(day, limit.value + paused.workingDays));
    case "CALENDAR_DAYS":
      return limit.value === null ? null : endOfChinaDay(cal.rollForward(addCalendarDays(day, limit.value + paused.calendarDays)));
    case "MONTHS":
      return limit.value === null ? null : endOfChinaDay(cal.rollForward(addCalendarDays(addMonths(day, limit.value), paused.calendarDays)));
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

const NO_PAUSE = { ms: 0, calendarDays: 0, workingDays: 0 };

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

/** What decides which of an item's limits applies to one case. */
export interface LimitContext {
  /** A condition the agency stated when it accepted the case (1.7.4: CLEAR or INVESTIGATION), if any. */
  stated?: LimitConditionKey | null;
  /** WINDOW: handed in at a window (现场办理); ONLINE otherwise. */
  channel: "WINDOW" | "ONLINE";
  /** The contact point that handles the case. */
  office: string;
  /** 1.10.1: cards made in an employer's batch run (批量制发) rather than for one applicant. */
  batch?: boolean;
}

export interface AppliedLimit {
  value: number | null;
  unit: TimeLimit["unit"];
  /** Which column of 附件2 it comes from. */
  basis: "ACCELERATED" | "STATUTORY";
  /** The condition under which it applies, in the notice's words (null for the general limit). */
  condition: string | null;
  text: string;
}

/** The condition keys that hold for a case. */
function holding(ctx: LimitContext): Set<LimitConditionKey> {
  const keys = new Set<LimitConditionKey>();
  if (ctx.stated) keys.add(ctx.stated);
  if (ctx.channel === "WINDOW") keys.add("ON_SITE");
  keys.add(ctx.office === "省本级" ? "PROVINCIAL" : "LOCAL");
  if (ctx.batch) keys.add("BATCH");
  else {
    keys.add("SINGLE");
    if (instantCardOffices.includes(ctx.office)) keys.add("INSTANT_COUNTY");
  }
  return keys;
}

/** Within one column: the first alternative whose condition holds, else the general limit if its own condition holds. */
function pick(limit: TimeLimit, keys: Set<LimitConditionKey>, basis: AppliedLimit["basis"]): AppliedLimit | null {
  for (const a of limit.alternatives) {
    if (a.key && keys.has(a.key)) return { value: a.value, unit: a.unit, basis, condition: a.condition, text: limit.text };
  }
  if (limit.conditionKey && !keys.has(limit.conditionKey)) return null;
  return { value: limit.value, unit: limit.unit, basis, condition: limit.condition, text: limit.text };
}

/**
 * The limit that governs one case of an item, with its condition: the accelerated column where
 * the limit that applies there is a period, else the statutory one, else none. So 1.7.4 gets 7
 * days when the agency states the facts are clear, 60 under investigation, 30 otherwise; 1.10.1 a
 * batch 30 working days, a single card 立等可取 (30 minutes) in the offices that issue on the spot
 * and the statutory 5 working days elsewhere; 1.8.1 5 working days at a window and the statutory
 * 10 days online.
 */
export function limitForCase(itemCode: string, ctx: LimitContext): AppliedLimit | null {
  const row = limitsByCode(itemCode);
  if (!row) return null;
  const keys = holding(ctx);
  for (const [limit, basis] of [[row.acceleratedLimit, "ACCELERATED"], [row.statutoryLimit, "STATUTORY"]] as const) {
    const applied = pick(limit, keys, basis);
    if (applied && periodUnits.has(applied.unit) && (applied.unit === "INSTANT" || applied.value !== null)) return applied;
  }
  return null;
}

/** A time the case waited for the applicant's corrections (补正); `to` null while it still waits. */
export interface Pause {
  from: string;
  to: string | null;
}

/** Working days from `from` (counted) to `to` (not counted); a weekday count where the calendar lacks a year. */
function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  let n = 0;
  for (let d = from; d < to; d = addCalendarDays(d, 1)) {
    let working: boolean;
    try {
      working = cal.isWorkingDay(d);
    } catch {
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      working = wd !== 0 && wd !== 6;
    }
    if (working) n++;
  }
  return n;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The time spent in finished pauses, in each unit a limit is stated in. A pause asked on Monday and
 * answered on Wednesday is 2 days (Monday and Tuesday): the day the correction is asked for counts
 * as waiting, the day it is supplied as working again, like the start day of a period.
 */
export function pausedTime(pauses: Pause[], cal: WorkingCalendar = calendar()): { ms: number; calendarDays: number; workingDays: number } {
  let ms = 0, calendarDays = 0, workingDays = 0;
  for (const p of pauses) {
    if (!p.to) continue;
    ms += Math.max(0, Date.parse(p.to) - Date.parse(p.from));
    const a = chinaDate(new Date(p.from)), b = chinaDate(new Date(p.to));
    calendarDays += Math.max(0, daysBetween(a, b));
    workingDays += workingDaysBetween(a, b, cal);
  }
  return { ms, calendarDays, workingDays };
}

export type DeadlineOutcome =
  | { status: "SET"; deadline: Date }
  | { status: "NONE" }
  /** The deadline falls in (or its counting crosses) a year the calendar has no data for yet. */
  | { status: "PENDING_CALENDAR"; year: number };

/** The deadline of a case under `limit`, accepted at `acceptedAt`, moved by its finished pauses. */
export function caseDeadline(limit: Pick<TimeLimit, "value" | "unit"> | null, acceptedAt: Date, pauses: Pause[] = [], cal: WorkingCalendar = calendar()): DeadlineOutcome {
  if (!limit) return { status: "NONE" };
  try {
    const d = deadlineFor(limit, acceptedAt, cal, pausedTime(pauses, cal));
    return d ? { status: "SET", deadline: d } : { status: "NONE" };
  } catch (err) {
    if (codeOf(err) === ErrorCode.CALENDAR_YEAR_UNKNOWN) {
      const year = Number((err as { extensions?: { year?: number } }).extensions?.year);
      return { status: "PENDING_CALENDAR", year };
    }
    throw err;
  }
}

/** Processing time from acceptance to completion with the pauses left out, in each unit a limit may be stated in. */
export function processingTime(acceptedAt: string, completedAt: string, pauses: Pause[] = [], cal: WorkingCalendar = calendar()) {
  const paused = pausedTime(pauses, cal);
  const a = chinaDate(new Date(acceptedAt)), b = chinaDate(new Date(completedAt));
  return {
    minutes: Math.max(0, (Date.parse(completedAt) - Date.parse(acceptedAt) - paused.ms) / 60_000),
    calendarDays: Math.max(0, daysBetween(a, b) - paused.calendarDays),
    workingDays: Math.max(0, workingDaysBetween(addCalendarDays(a, 1), addCalendarDays(b, 1), cal) - paused.workingDays),
  };
}
