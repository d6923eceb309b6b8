import { envString } from "../lib/config";
import { now } from "../lib/clock";
import type { Period } from "./figures";

/** A China date (UTC+8, no daylight saving) as YYYY-MM-DD. */
export const chinaDate = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const DAY = 86_400_000;
const dayMs = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
/** The statistics answer periods of up to three years (1,098 days, leap day included). */
export const MAX_PERIOD_DAYS = 1_098;

/**
 * The period the dashboard opens with: the last twelve months to today;
 * `DASHBOARD_DEFAULT_FROM` fixes its first day instead.
 */
export function defaultPeriod(today = chinaDate(now())): Period {
  return { from: envString("DASHBOARD_DEFAULT_FROM", chinaDate(dayMs(today) - 364 * DAY)), to: today };
}

/** Quick choices beside the date fields. */
export function presets(today = chinaDate(now())): { label: string; period: Period }[] {
  const year = today.slice(0, 4);
  const monthAgo = chinaDate(dayMs(today) - 29 * DAY);
  return [
    { label: "近12个月", period: { from: chinaDate(dayMs(today) - 364 * DAY), to: today } },
    { label: "快办行动（2020年6—12月）", period: { from: "2020-06-01", to: "2020-12-31" } },
    { label: `${year}年`, period: { from: `${year}-01-01`, to: today } },
    { label: "近30天", period: { from: monthAgo, to: today } },
  ];
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; code: "INVALID_PERIOD"; message: string };

/** The period asked for in a page's query string (`from`, `to`); either may be left out. */
export function periodFrom(query: Record<string, unknown>, today = chinaDate(now())): PeriodResult {
  const fallback = defaultPeriod(today);
  // absent or empty: the default; anything but one string (from=a&from=b) is not a date
  const pick = (v: unknown, d: string) => (v === undefined || v === "" ? d : typeof v === "string" ? v : "");
  const from = pick(query.from, fallback.from);
  const to = pick(query.to, fallback.to);
  if (!validDate(from) || !validDate(to)) return { ok: false, code: "INVALID_PERIOD", message: "日期格式应为 年-月-日，例如 2020-06-01。" };
  if (from > to) return { ok: false, code: "INVALID_PERIOD", message: "开始日期不能晚于结束日期。" };
  if ((dayMs(to) - dayMs(from)) / DAY + 1 > MAX_PERIOD_DAYS) return { ok: false, code: "INVALID_PERIOD", message: "统计期间最长三年，请缩短查询范围。" };
  return { ok: true, period: { from, to } };
}
