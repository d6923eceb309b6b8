import { addCalendarDays } from "../../../schema/calendar/calendar";
import { chinaDate } from "../../../schema/calendar/deadline";

/** The China day (YYYY-MM-DD) of an instant. */
export const chinaDay = (iso: string): string => chinaDate(new Date(iso));
export const monthOf = (day: string): string => day.slice(0, 7);

const lastDayOf = (month: string): string => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextMonth = (month: string): string => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
};

/** The months touched by an inclusive period, in order ("2020-06"). */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * An inclusive period as the fewest aggregate periods that cover it exactly: whole months as
 * months ("2020-06"), the edges as days ("2020-06-03"). A six-month query reads six month keys
 * and at most the days of its two partial months.
 */
export function periodsOf(from: string, to: string, within?: string): string[] {
  const out: string[] = [];
  for (const month of within ? [within] : monthsOf(from, to)) {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    const start = from > first ? from : first;
    const end = to < last ? to : last;
    if (start > end) continue;
    if (start === first && end === last) { out.push(month); continue; }
    for (let d = start; d <= end; d = addCalendarDays(d, 1)) out.push(d);
  }
  return out;
}
