/**
 * The time every component reads. Real time by default; a replay of past work (the simulation,
 * tests of deadlines) runs the whole system on a shifted and faster clock instead:
 *   KUAIBAN_CLOCK_START=2020-06-01T09:00:00+08:00  the instant the clock shows when the process starts
 *   KUAIBAN_CLOCK_RATE=1440                         clock seconds per real second (1440: a day a minute)
 * A test sets its own with `setClock`, and puts the real one back with `setClock(undefined)`.
 */
export type Clock = () => number;

const realClock: Clock = () => Date.now();

function fromEnv(): Clock {
  const start = process.env.KUAIBAN_CLOCK_START;
  const rate = Number(process.env.KUAIBAN_CLOCK_RATE ?? "1");
  if (!start && rate === 1) return realClock;
  if (!Number.isFinite(rate) || rate <= 0) throw new Error("KUAIBAN_CLOCK_RATE must be a positive number");
  if (process.env.NODE_ENV === "production") throw new Error("KUAIBAN_CLOCK_START / KUAIBAN_CLOCK_RATE are for replays, not for production");
  const origin = start ? Date.parse(start) : Date.now();
  if (!Number.isFinite(origin)) throw new Error("KUAIBAN_CLOCK_START must be an ISO 8601 instant");
  const realOrigin = Date.now();
  return () => origin + (Date.now() - realOrigin) * rate;
}

let current: Clock = fromEnv();
let rateNow = Number(process.env.KUAIBAN_CLOCK_RATE ?? "1") || 1;

/** Milliseconds since the epoch on the system's clock. */
export const now = (): number => current();
/** The system's clock as a Date. */
export const nowDate = (): Date => new Date(current());
/** The system's clock as an ISO string. */
export const nowIso = (): string => new Date(current()).toISOString();
/** Real milliseconds for `ms` of clock time (timers wait real time). */
export const realMs = (ms: number): number => Math.max(0, ms / rateNow);
/** Clock milliseconds that pass in `ms` of real time (a real delay, such as a retry's, placed on the clock). */
export const clockMs = (ms: number): number => ms * rateNow;

/** Replaces the clock (tests, replays); `undefined` restores the one from the environment. */
export function setClock(clock: Clock | undefined, rate = 1): void {
  current = clock ?? fromEnv();
  rateNow = clock ? rate : Number(process.env.KUAIBAN_CLOCK_RATE ?? "1") || 1;
}
