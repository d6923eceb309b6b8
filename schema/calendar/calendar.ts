import { fromRoot } from "../../lib/paths";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, KuaibanError, badInput } from "../../lib/errors";
import { log } from "../../lib/log";

/**
 * The official working-day calendar: 法定节假日 (days off) and 调休 make-up working days, by year.
 *
 * Data comes from three places, in this order of precedence:
 *  1. `CALENDAR_DIR` (default `schema/calendar/years/`): one `<year>.json` per year, written by an
 *     administrator when the State Council publishes a new year's schedule. No code change needed,
 *     and no restart: `rescan()` (run by `CalendarSync` on a watch and a timer) picks up new files.
 *  2. Years added at run time with `addYear`: through the store from the admin mutation
 *     `addCalendarYear` (see calendar-sync.ts), validated by `validateSchedule`.
 *  3. The `chinese-days` package, which tracks the State Council's schedules (2004 onwards).
 * A year in none of them is unknown, and asking about it is an error, never a guess from weekdays;
 * `hasYear` asks first, and `onYearAdded` tells when one arrives.
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

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
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

export const defaultCalendarDir = fromRoot("schema", "calendar", "years");

/** Where the `chinese-days` package keeps its years. */
export function packageYearsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("chinese-days/package.json")), "dist", "years");
}

/** Years a schedule may be given for: the State Council publishes one year ahead, the data starts in 2004. */
const MIN_YEAR = 2004;
const MAX_YEAR = 2100;
/** More than any real year has (the longest schedules list ~35 days off and ~8 make-up days). */
const MAX_HOLIDAYS = 60;
const MAX_WORKDAYS = 20;
const MAX_NAME_LENGTH = 40;

const isWeekend = (date: string) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};
const isRealDate = (date: string) => DATE_RE.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;

/**
 * Checks one year's schedule the way an administrator's mistakes show: a date that is not a real
 * date or not of that year, a day listed both off and worked, a 调休 make-up day that is not a
 * weekend, a holiday list with no weekday in it (every year's festivals take weekdays off), an
 * empty or overlong name. Throws BAD_USER_INPUT naming the first problem; returns the schedule.
 */
export function validateSchedule(year: number, schedule: YearSchedule): YearSchedule {
  const bad = (message: string, extensions: Record<string, unknown> = {}) => badInput(message, { year, ...extensions });
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw bad(`year must be a whole number from ${MIN_YEAR} to ${MAX_YEAR}`);
  if (!schedule || typeof schedule.holidays !== "object" || typeof schedule.workdays !== "object" || !schedule.holidays || !schedule.workdays) {
    throw bad('a calendar year needs "holidays" and "workdays"');
  }
  const holidays = Object.entries(schedule.holidays);
  const workdays = Object.entries(schedule.workdays);
  if (holidays.length > MAX_HOLIDAYS) throw bad(`at most ${MAX_HOLIDAYS} holidays in a year`);
  if (workdays.length > MAX_WORKDAYS) throw bad(`at most ${MAX_WORKDAYS} make-up working days in a year`);
  for (const [date, name] of [...holidays, ...workdays]) {
    if (!isRealDate(date)) throw bad(`${date} is not a date (YYYY-MM-DD)`, { date });
    if (!date.startsWith(`${year}-`)) throw bad(`${date} is not a date of ${year}`, { date });
    if (typeof name !== "string" || !name.trim() || name.length > MAX_NAME_LENGTH) throw bad(`${date} needs a festival name of 1 to ${MAX_NAME_LENGTH} characters`, { date });
  }
  for (const [date] of workdays) {
    if (date in schedule.holidays) throw bad(`${date} is listed both as a holiday and as a working day`, { date });
    if (!isWeekend(date)) throw bad(`${date} is a weekday: a make-up working day (调休) is a Saturday or Sunday`, { date });
  }
  if (!holidays.some(([date]) => !isWeekend(date))) throw bad("the holidays fall only on weekends: no day off work would change, which is not a State Council schedule");
  return { holidays: { ...schedule.holidays }, workdays: { ...schedule.workdays } };
}

const sameSchedule = (a: YearSchedule, b: YearSchedule) => JSON.stringify(sortedSchedule(a)) === JSON.stringify(sortedSchedule(b));
const sortedSchedule = (s: YearSchedule) => ({
  holidays: Object.fromEntries(Object.entries(s.holidays).sort()),
  workdays: Object.fromEntries(Object.entries(s.workdays).sort()),
});

export class WorkingCalendar {
  private readonly sources: Map<number, string>;
  private readonly cache = new Map<number, YearSchedule>();
  /** Years given at run time (an administrator's mutation, a new file), which need no file. */
  private readonly added = new Map<number, YearSchedule>();
  private readonly listeners = new Set<(year: number) => void>();
  private readonly mtimes = new Map<string, number>();

  constructor(private readonly dirs: string[] = [process.env.CALENDAR_DIR ?? defaultCalendarDir, packageYearsDir()]) {
    // Later directories only fill years the earlier ones lack: the administrator's file wins.
    this.sources = new Map();
    for (const dir of [...dirs].reverse()) for (const [year, path] of yearFiles(dir)) this.sources.set(year, path);
    for (const path of this.sources.values()) this.mtimes.set(path, mtimeOf(path));
  }

  years(): number[] {
    return [...new Set([...this.sources.keys(), ...this.added.keys()])].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.sources.has(year) || this.added.has(year);
  }

  /** The last day the calendar can count to: 31 December of its last year (`""` when it has none). */
  lastKnownDate(): string {
    const years = this.years();
    return years.length ? `${years[years.length - 1]}-12-31` : "";
  }

  /**
   * Adds (or corrects) a year in memory, validated first; listeners hear of it when the calendar
   * changed. Used by the live sources (store, folder) and by tests.
   */
  addYear(year: number, schedule: YearSchedule): void {
    const valid = validateSchedule(year, schedule);
    const before = this.hasYear(year) ? this.tryCached(year) : undefined;
    if (before && sameSchedule(before, valid)) return;
    this.added.set(year, valid);
    this.cache.set(year, valid);
    for (const cb of [...this.listeners]) {
      try {
        cb(year);
      } catch (err) {
        log.error({ err, year }, "a calendar listener failed");
      }
    }
  }

  /** Calls `cb(year)` whenever a year is added or corrected; returns the function that stops it. */
  onYearAdded(cb: (year: number) => void): () => void {
    this.listeners.add(cb);
    return () => { this.listeners.delete(cb); };
  }

  /**
   * Looks in the calendar's directories for year files that are new or changed since it last
   * looked, and adds them: a new `<year>.json` needs no restart. A file that does not validate is
   * skipped and reported, never half-read. Returns the years that were added or corrected.
   */
  rescan(): { added: number[]; refused: { year: number; file: string; reason: string }[] } {
    const result = { added: [] as number[], refused: [] as { year: number; file: string; reason: string }[] };
    const found = new Map<number, string>();
    for (const dir of [...this.dirs].reverse()) for (const [year, path] of yearFiles(dir)) found.set(year, path);
    for (const [year, path] of found) {
      const mtime = mtimeOf(path);
      if (this.sources.get(year) === path && this.mtimes.get(path) === mtime) continue;
      let schedule: YearSchedule;
      try {
        schedule = validateSchedule(year, readSchedule(path, year));
      } catch (err) {
        result.refused.push({ year, file: path, reason: (err as Error).message });
        continue;
      }
      const before = this.hasYear(year) ? this.tryCached(year) : undefined;
      if (!before || !sameSchedule(before, schedule)) {
        this.addYear(year, schedule);
        result.added.push(year);
      }
      this.sources.set(year, path);
      this.mtimes.set(path, mtime);
    }
    return result;
  }

  /** Whether a year comes from a file (the administrator's folder or the package), which wins over the store. */
  hasFileYear(year: number): boolean {
    return this.sources.has(year);
  }

  /** The year's schedule if it can be read, without throwing. */
  private tryCached(year: number): YearSchedule | undefined {
    try {
      return this.schedule(year);
    } catch {
      return undefined;
    }
  }

  /** The directories this calendar reads, the administrator's first. */
  directories(): string[] {
    return [...this.dirs];
  }

  schedule(year: number): YearSchedule {
    let s = this.cache.get(year) ?? this.added.get(year);
    if (!s) {
      const path = this.sources.get(year);
      if (!path) {
        throw new KuaibanError(ErrorCode.CALENDAR_YEAR_UNKNOWN, `The working-day calendar has no data for ${year}; an administrator adds it as ${year}.json or with addCalendarYear`, { year });
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
    return !isWeekend(date);
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
/**
 * The process-wide calendar (files are read once, on first use of each year). Years arrive at run
 * time through `addYear`, `rescan` and the store (`CalendarSync` in calendar-sync.ts).
 */
export function calendar(): WorkingCalendar {
  shared ??= new WorkingCalendar();
  return shared;
}
