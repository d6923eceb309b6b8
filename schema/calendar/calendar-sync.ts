import { existsSync, watch, type FSWatcher } from "node:fs";
import { envInt } from "../../lib/config";
import { ErrorCode, KuaibanError } from "../../lib/errors";
import { log } from "../../lib/log";
import type { Store } from "../../lib/store";
import { calendar, validateSchedule, type WorkingCalendar, type YearSchedule } from "./calendar";

/** Where the years an administrator adds are kept and announced (one key per year, a set of years, a channel). */
export const CALENDAR_PREFIX = "kb:calendar";

export interface CalendarSyncOptions {
  store: Store;
  /** Default: the process-wide calendar. */
  calendar?: WorkingCalendar;
  /** Key prefix (tests use their own). */
  prefix?: string;
  /** Watch the administrator's folder for new `<year>.json` files; default on. */
  watch?: boolean;
  /** Also look in the folder this often (ms), for file systems where watching misses changes; 0 = never. */
  rescanMs?: number;
}

/**
 * Keeps one process's working-day calendar in step with the years an administrator adds, with no
 * restart: years stored by `addCalendarYear` (loaded at start, then announced on a store channel)
 * and `<year>.json` files that appear in `CALENDAR_DIR` (watched, and rescanned as a fallback). A
 * year found as a file is shared through the store too, so processes on other machines, whose
 * folders do not have it, pick it up. A file wins over a stored year: the folder is where an
 * administrator corrects one.
 */
export class CalendarSync {
  readonly calendar: WorkingCalendar;
  private readonly store: Store;
  private readonly prefix: string;
  private unsubscribe?: () => Promise<void>;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private closed = false;

  private constructor(opts: CalendarSyncOptions) {
    this.store = opts.store;
    this.calendar = opts.calendar ?? calendar();
    this.prefix = opts.prefix ?? CALENDAR_PREFIX;
  }

  private yearKey = (year: number) => `${this.prefix}:year:${year}`;
  private get yearsKey() { return `${this.prefix}:years`; }
  private get channel() { return `${this.prefix}:added`; }

  /** Subscribes first, then loads what is stored, so a year announced meanwhile is not missed. */
  static async start(opts: CalendarSyncOptions): Promise<CalendarSync> {
    const sync = new CalendarSync(opts);
    sync.unsubscribe = await sync.store.subscribe(sync.channel, (message) => {
      const year = Number(message);
      if (Number.isInteger(year)) void sync.loadStored(year);
    });
    const stored = (await sync.store.smembers(sync.yearsKey)).map(Number).filter(Number.isInteger).sort((a, b) => a - b);
    for (const year of stored) await sync.loadStored(year);
    await sync.rescanFolder();
    if (opts.watch !== false) sync.watchFolder();
    const every = opts.rescanMs ?? envInt("CALENDAR_RESCAN_MS", 60_000);
    if (every > 0) {
      sync.timer = setInterval(() => { void sync.rescanFolder(); }, every);
      sync.timer.unref();
    }
    return sync;
  }

  /**
   * Adds a year for every process: validated, refused with CONFLICT when the calendar or the store
   * already has it (a correction goes through the folder), stored, announced. Nothing is written
   * when it is refused.
   */
  async addYear(year: number, schedule: YearSchedule): Promise<YearSchedule> {
    const valid = validateSchedule(year, schedule);
    if (this.calendar.hasYear(year)) {
      throw new KuaibanError(ErrorCode.CONFLICT, `The calendar already has ${year}; an administrator corrects a year with ${year}.json in CALENDAR_DIR`, { year });
    }
    const written = await this.store.set(this.yearKey(year), JSON.stringify(valid), { nx: true });
    if (!written) throw new KuaibanError(ErrorCode.CONFLICT, `${year} was added meanwhile`, { year });
    await this.store.sadd(this.yearsKey, String(year));
    this.calendar.addYear(year, valid);
    await this.store.publish(this.channel, String(year));
    log.info({ year, holidays: Object.keys(valid.holidays).length, workdays: Object.keys(valid.workdays).length }, "calendar year added");
    return valid;
  }

  /** Looks in the folder now (the watcher and the timer call this); shares new file years through the store. */
  async rescanFolder(): Promise<number[]> {
    if (this.closed) return [];
    const { added, refused } = this.calendar.rescan();
    for (const r of refused) log.error({ year: r.year, file: r.file, reason: r.reason }, "calendar file refused");
    for (const year of added) {
      try {
        // the folder is the authority: its version replaces a stored one
        await this.store.set(this.yearKey(year), JSON.stringify(this.calendar.schedule(year)));
        await this.store.sadd(this.yearsKey, String(year));
        await this.store.publish(this.channel, String(year));
        log.info({ year }, "calendar year read from the folder");
      } catch (err) {
        log.error({ err, year }, "calendar year from the folder could not be shared");
      }
    }
    return added;
  }

  private async loadStored(year: number): Promise<void> {
    if (this.closed) return;
    try {
      if (this.calendar.hasFileYear(year)) return; // this process's folder has the year: the file wins
      const raw = await this.store.get(this.yearKey(year));
      if (!raw) return;
      this.calendar.addYear(year, JSON.parse(raw) as YearSchedule);
    } catch (err) {
      log.error({ err, year }, "stored calendar year refused");
    }
  }

  private watchFolder(): void {
    const dir = this.calendar.directories()[0];
    if (!dir || !existsSync(dir)) return;
    try {
      this.watcher = watch(dir, () => {
        // an editor writes a file in several steps: look once it has settled
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => { void this.rescanFolder(); }, 50);
      });
      this.watcher.on("error", (err) => log.warn({ err }, "calendar folder watch failed; the periodic rescan goes on"));
      this.watcher.unref();
    } catch (err) {
      log.warn({ err }, "calendar folder cannot be watched; the periodic rescan goes on");
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.watcher?.close();
    await this.unsubscribe?.();
  }
}

/** Starts a calendar sync for the process-wide calendar (the catalogue and the one-thing subgraph do). */
