import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, KuaibanError } from "../../lib/errors";

/**
 * The official working-day calendar: 法定节假日 (days off) and 调休 make-up working days, by year.
 *
 * Data comes from two places, in this order of precedence:
 *  1. `CALENDAR_DIR` (default `schema/calendar/years/`): one `<year>.json` per year, written by an
 *     administrator when the State Council publishes a new year's schedule. No code change needed.
 *  2. The `chinese-days` package, which tracks the State Council's schedules (2004 onwards).
 * A year in neither is unknown, and asking about it is an error, never a guess from weekdays.
 */
export interface YearSchedule {
  /** Dates off work that would otherwise be working days, with the festival's name. */
  holidays: Record<string, string>;
  /** Weekend dates that are working days (调休 make-up days), with the festival they make up for. */
  workdays: Record<string, string>;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function yearFiles(dir: string): Map<number, string> {
  const found = new Map<number, string>();
  if (!existsSync(dir)) return found;
  for (const file of readdirSync(dir)) {
    const m = /^(\d{4})\.json$/.exec(file);
    if (m) found.set(Number(m[1]), join(dir, file));
  }
  return found;
}

function readSchedule(path: string, year: number): YearSchedule {
  const raw = JSON.parse(readFileSync(path, "utf8")) as Partial<YearSchedule>;
  if (typeof raw.holidays !== "object" || typeof raw.workdays !== "object") {
    throw new Error(`${path}: a calendar year needs "holidays" and "workdays" objects`);
  }
  for (const date of [...Object.keys(raw.holidays!), ...Object.keys(raw.workdays!)]) {
    if (!DATE_RE.test(date) || !date.startsWith(`${year}-`)) throw new Error(`${path}: ${date} is not a date of ${year}`);
  }
  return { holidays: raw.holidays!, workdays: raw.workdays! };
}

export const defaultCalendarDir = join(dirname(fileURLToPath(import.meta.url)), "years");

function packageYearsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("chinese-days/package.json")), "dist", "years");
}

export class WorkingCalendar {
  private readonly sources: Map<number, string>;
  private readonly cache = new Map<number, YearSchedule>();
  private readonly added = new Set<(year: number) => void>();

  constructor(dirs: string[] = [process.env.CALENDAR_DIR ?? defaultCalendarDir, packageYearsDir()]) {
    // Later directories only fill years the earlier ones lack: the administrator's file wins.
    this.sources = new Map();
    for (const dir of [...dirs].reverse()) for (const [year, path] of yearFiles(dir)) this.sources.set(year, path);
  }

  years(): number[] {
    return [...new Set([...this.sources.keys(), ...this.cache.keys()])].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.sources.has(year) || this.cache.has(year);
  }

  /** YYYY-12-31 of the last year with data. */
  lastKnownDate(): string {
    const ys = this.years();
    return `${ys[ys.length - 1] ?? 1970}-12-31`;
  }

  /** Adds (or replaces) a year in memory after checking its dates, then tells every `onYearAdded` listener. */
  addYear(year: number, schedule: YearSchedule): void {
    if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new KuaibanError(ErrorCode.BAD_USER_INPUT, "year must be a four-digit year");
    for (const date of [...Object.keys(schedule.holidays ?? {}), ...Object.keys(schedule.workdays ?? {})]) {
      if (!DATE_RE.test(date) || !date.startsWith(`${year}-`)) throw new KuaibanError(ErrorCode.BAD_USER_INPUT, `${date} is not a date of ${year}`);
    }
    this.cache.set(year, { holidays: { ...schedule.holidays }, workdays: { ...schedule.workdays } });
    for (const cb of this.added) cb(year);
  }

  /** Calls `cb` with each year added from now on; returns the unsubscribe. */
  onYearAdded(cb: (year: number) => void): () => void {
    this.added.add(cb);
    return () => { this.added.delete(cb); };
  }

  schedule(year: number): YearSchedule {
    let s = this.cache.get(year);
    if (!s) {
      const path = this.sources.get(year);
      if (!path) {
        throw new KuaibanError(ErrorCode.CALENDAR_YEAR_UNKNOWN, `The working-day calendar has no data for ${year}; an administrator adds it as ${year}.json`, { year });
      }
      s = readSchedule(path, year);
      this.cache.set(year, s);
    }
    return s;
  }

  isWorkingDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    const s = this.schedule(year);
    if (date in s.workdays) return true;
    if (date in s.holidays) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The date `days` working days after `date`; the start day itself is not counted. */
  addWorkingDays(date: string, days: number): string {
    if (!Number.isInteger(days) || days < 0) throw new KuaibanError(ErrorCode.BAD_USER_INPUT, "days must be a whole number ≥ 0");
    this.schedule(Number(date.slice(0, 4))); // an unknown start year is an error even for 0 days
    let current = date;
    let left = days;
    while (left > 0) {
      current = addCalendarDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return current;
  }

  /** `date` itself when it is a working day, otherwise the next working day (期间届满日逢节假日顺延). */
  rollForward(date: string): string {
    let current = date;
    while (!this.isWorkingDay(current)) current = addCalendarDays(current, 1);
    return current;
  }
}

export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Same day of month `months` later, clamped to the month's last day (1-31 + 1 month → 2-28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

let shared: WorkingCalendar | undefined;
/** The process-wide calendar (files are read once, on first use of each year). */
export function calendar(): WorkingCalendar {
  shared ??= new WorkingCalendar();
  return shared;
}
