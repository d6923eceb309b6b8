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

/** The dekad (旬) of a day: "2020-06-d1" (1st-10th), "-d2" (11th-20th), "-d3" (21st to the end). */
export function dekadOf(day: string): string {
  const d = Number(day.slice(8, 10));
  return `${monthOf(day)}-d${d <= 10 ? 1 : d <= 20 ? 2 : 3}`;
}

function dekadsOf(month: string): { key: string; first: string; last: string }[] {
  return [
    { key: `${month}-d1`, first: `${month}-01`, last: `${month}-10` },
    { key: `${month}-d2`, first: `${month}-11`, last: `${month}-20` },
    { key: `${month}-d3`, first: `${month}-21`, last: lastDayOf(month) },
  ];
}

/**
 * An inclusive period as the fewest aggregate periods that cover it exactly: whole months as
 * months ("2020-06"), whole dekads of the edge months as dekads ("2020-06-d2"), the rest as days
 * ("2020-06-03"). Any period reads its months plus at most 2 × (2 dekads + 9 days).
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
    for (const dk of dekadsOf(month)) {
      const s = start > dk.first ? start : dk.first;
      const e = end < dk.last ? end : dk.last;
      if (s > e) continue;
      if (s === dk.first && e === dk.last) { out.push(dk.key); continue; }
      for (let d = s; d <= e; d = addCalendarDays(d, 1)) out.push(d);
    }
  }
  return out;
}
