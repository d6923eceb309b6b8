/**
 * The clock a replay runs the system on: it starts at `start` and goes `rate` times faster than
 * real time, but never past `hold` — the time of the next application not yet submitted — so a
 * slow machine makes the replay take longer instead of submitting the work later than planned.
 * It never goes back, and it never jumps: held, it waits; released, it goes on at `rate`.
 * `ceiling` (optional) caps it for good, e.g. at real time for a history that ends now.
 */
export class PacedClock {
  private virtual: number;
  private lastReal: number;
  private hold = Number.POSITIVE_INFINITY;

  constructor(start: number, readonly rate: number, private readonly ceiling: () => number = () => Number.POSITIVE_INFINITY, private readonly real: () => number = Date.now) {
    this.virtual = start;
    this.lastReal = real();
  }

  readonly now = (): number => {
    const t = this.real();
    const next = this.virtual + (t - this.lastReal) * this.rate;
    this.lastReal = t;
    this.virtual = Math.max(this.virtual, Math.min(next, this.hold, this.ceiling()));
    return this.virtual;
  };

  /** Keeps the clock at or before `at` until told otherwise (Infinity: no hold). */
  holdAt(at: number): void {
    this.now();
    this.hold = at;
  }
}
