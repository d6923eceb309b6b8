import { limitsByCode } from "../../../schema/catalogue/time-limits";
import type { LimitUnit, TimeLimit } from "../../../schema/catalogue/types";

/**
 * How an item's processing time is measured and kept: in the unit its limit is stated in
 * (working days, calendar days, or minutes for instant items), as a histogram of buckets, so a
 * median or p90 over any period is read off summed histograms instead of every case.
 *
 * Precision: buckets are 1% of the item's limit wide, at least 0.1 day (1 minute) — 0.1 day for
 * limits up to 10 days, 0.6 day for 60 days (see `bucketWidth`); a percentile is the lower edge of
 * the bucket that holds the nearest-rank value, so it is the exact value rounded down to that
 * width; past the limit buckets are a tenth of the limit wide. Speed-up ratios (elapsed ÷
 * statutory limit) are kept in 1-percentage-point buckets up to 100%, 10 points past it.
 */
export type Measure = "WORKING_DAYS" | "CALENDAR_DAYS" | "MINUTES";

/** Average days in a month, to compare a months limit (1.8.9's 3 months) with calendar days. */
const DAYS_PER_MONTH = 30.4375;
const INSTANT_MINUTES = 30;

function measureOfUnit(unit: LimitUnit): Measure | null {
  switch (unit) {
    case "WORKING_DAYS":
      return "WORKING_DAYS";
    case "CALENDAR_DAYS":
    case "MONTHS":
    case "QUARTER_OF_YEAR":
      return "CALENDAR_DAYS";
    case "MINUTES":
    case "INSTANT":
      return "MINUTES";
    case "NONE":
    case "LOCAL_TARGET":
    case "STATUTORY":
      return null;
    default: {
      const never: never = unit;
      throw new Error(`unknown limit unit ${String(never)}`);
    }
  }
}

/** The unit an item's time is measured in: its statutory limit's, else its accelerated limit's, else working days. */
export function measureOf(itemCode: string): Measure {
  const row = limitsByCode(itemCode);
  if (!row) return "WORKING_DAYS";
  return measureOfUnit(row.statutoryLimit.unit) ?? measureOfUnit(row.acceleratedLimit.unit) ?? "WORKING_DAYS";
}

/** A limit as a number of the measure's units, or null when it is not a duration. */
export function limitInMeasure(limit: Pick<TimeLimit, "value" | "unit">, measure: Measure): number | null {
  switch (limit.unit) {
    case "WORKING_DAYS":
      return measure === "WORKING_DAYS" ? limit.value : null;
    case "CALENDAR_DAYS":
      return measure === "CALENDAR_DAYS" ? limit.value : null;
    case "MONTHS":
      return measure === "CALENDAR_DAYS" && limit.value !== null ? limit.value * DAYS_PER_MONTH : null;
    case "MINUTES":
      return measure === "MINUTES" ? limit.value : null;
    case "INSTANT":
      return measure === "MINUTES" ? INSTANT_MINUTES : null;
    default:
      return null;
  }
}

/** The statutory limit of an item in its measure, the figure a speed-up is counted against. */
export function statutoryInMeasure(itemCode: string): number | null {
  const row = limitsByCode(itemCode);
  if (!row) return null;
  const v = limitInMeasure(row.statutoryLimit, measureOf(itemCode));
  return v && v > 0 ? v : null;
}

export interface Elapsed { minutes: number; calendarDays: number; workingDays: number }

export function elapsedIn(elapsed: Elapsed, measure: Measure): number {
  return measure === "MINUTES" ? elapsed.minutes : measure === "CALENDAR_DAYS" ? elapsed.calendarDays : elapsed.workingDays;
}

const EPS = 1e-9;
/** The limit a histogram's resolution is cut to: the statutory one, else the accelerated one, else 10 days (30 minutes). */
function referenceLimit(itemCode: string, measure: Measure): number {
  const row = limitsByCode(itemCode);
  const accelerated = row ? limitInMeasure(row.acceleratedLimit, measure) : null;
  return statutoryInMeasure(itemCode) ?? (accelerated && accelerated > 0 ? accelerated : measure === "MINUTES" ? 30 : 10);
}

/**
 * The width of an item's histogram buckets: 1% of its limit, at least 0.1 day (1 minute), in
 * tenths of a day (whole minutes): 0.1 day for a 7-working-day limit, 0.6 for 60 days.
 */
export function bucketWidth(itemCode: string, measure: Measure = measureOf(itemCode)): number {
  const limit = referenceLimit(itemCode, measure);
  return measure === "MINUTES" ? Math.max(1, Math.ceil(limit / 100)) : Math.max(1, Math.ceil(limit / 10)) / 10;
}

const tenth = (x: number) => Math.round(x * 10) / 10;

/**
 * The histogram field of a time: the lower edge of its bucket, in the measure's unit (so the
 * stored figures read the same whatever the widths are later). Within the limit buckets are
 * `width` wide; past it, a tenth of the limit (a late case's exact lateness matters less than
 * the reads a fine tail would cost); times beyond 10× the limit share the last bucket.
 */
export function bucketEdge(value: number, width: number, limit: number): number {
  const v = Math.max(0, value);
  if (v < limit) return tenth(Math.floor(v / width + EPS) * width);
  const step = Math.max(width, limit / 10);
  return tenth(limit + Math.min(90, Math.floor((v - limit) / step + EPS)) * step);
}

/** The histogram field of an item's processing time (see `bucketEdge`). */
export function histogramEdge(itemCode: string, measure: Measure, value: number): number {
  return bucketEdge(value, bucketWidth(itemCode, measure), referenceLimit(itemCode, measure));
}
/** A time in the measure's unit as days (minutes ÷ 1440). */
export const asDays = (value: number, measure: Measure): number => (measure === "MINUTES" ? value / 1440 : value);

/** The speed-up bucket: elapsed as whole per cent of the statutory limit; past 100% in steps of 10 points, capped at 1000%. */
export function ratioBucket(elapsed: number, statutory: number): number {
  const pct = Math.floor((Math.max(0, elapsed) / statutory) * 100 + EPS);
  return pct < 100 ? pct : Math.min(1000, 100 + Math.floor((pct - 100) / 10) * 10);
}

/**
 * The nearest-rank percentile of a histogram (bucket → count): the bucket holding the
 * ⌈q·n⌉-th smallest value; null when it is empty.
 */
export function percentileBucket(histogram: Map<number, number>, q: number): number | null {
  let n = 0;
  for (const c of histogram.values()) n += c;
  if (n <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * n - EPS));
  let seen = 0;
  for (const b of [...histogram.keys()].sort((x, y) => x - y)) {
    seen += histogram.get(b)!;
    if (seen >= rank) return b;
  }
  return null;
}
