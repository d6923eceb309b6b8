import { contactPoints } from "../../../schema/catalogue/contact-points";
import { itemByCode, limitsByCode, scenarios } from "../../../schema/catalogue";
import type { ContactLevel, TimeLimit } from "../../../schema/catalogue/types";
import { GOOD_LEVELS, PROVINCE_SCOPE, RATING_LEVELS, type StoreFigures } from "./figures";
import { asDays, measureOf, percentileBucket, statutoryInMeasure } from "./measure";
import { monthsOf } from "./periods";

/**
 * The figures the notice tracks, computed from the aggregates (never from the applications):
 * - applications: submitted in the period; bundlesCompleted: completed (办结) in the period;
 * - itemsIntegrated: item steps that apply to the applications submitted in the period (事项整合数);
 * - materialsCut: materials not asked again (sum over the items − the one set asked);
 * - onTimeRate: share of the steps finished in the period with a deadline that met it;
 * - medianSpeedUp: 1 − the median of (processing time ÷ statutory limit) over the steps of items
 *   with a statutory limit, to 1 percentage point;
 * - commitments: 告知承诺 signed; commitmentsVerified: those post-verified (either outcome);
 * - ratings: count of applications rated in the period (first ratings), satisfaction the share of
 *   them whose current level is 好评 (VERY_SATISFIED, SATISFIED or BASIC; a 追评 after
 *   rectification replaces the first rating), null when none.
 */
export interface OfficeFiguresRow {
  contactPoint: { name: string; level: ContactLevel };
  applications: number;
  bundlesCompleted: number;
  itemsIntegrated: number;
  materialsCut: number;
  onTimeRate: number | null;
  medianSpeedUp: number | null;
  commitments: number;
  commitmentsVerified: number;
  ratings: { count: number; satisfaction: number | null };
}

export interface LimitFigureRow { text: string; value: number | null; unit: string }
export interface ItemPerformanceRow {
  item: { code: string; name: string };
  handled: number;
  medianDays: number | null;
  p90Days: number | null;
  statutoryLimit: LimitFigureRow | null;
  acceleratedLimit: LimitFigureRow | null;
  speedUpPercent: number | null;
  onTimeRate: number | null;
}
export interface NoticeTargetsRow { bundlesAsOneThing: number; bundlesTarget: number; itemsHalfFaster: number; itemsTarget: number }
export interface MonthFiguresRow { month: string; applications: number; onTimeRate: number | null; satisfaction: number | null }

/** The notice's own targets (四): 10+ bundles handled as one thing, 10+ frequent items 50% faster. */
export const BUNDLES_TARGET = 10;
export const ITEMS_TARGET = 10;
export const HALF_FASTER = 0.5;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const get = (m: Map<string, number>, f: string) => m.get(f) ?? 0;
/** Rates and shares are rounded to 4 decimals, days to 0.1 (their bucket). */
const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

function histogram(sum: Map<string, number>, prefix: string): Map<number, number> {
  const h = new Map<number, number>();
  for (const [f, v] of sum) if (f.startsWith(prefix) && v > 0) h.set(Number(f.slice(prefix.length)), v);
  return h;
}

function satisfactionOf(sum: Map<string, number>): { count: number; satisfaction: number | null } {
  let all = 0;
  let good = 0;
  for (const level of RATING_LEVELS) {
    const n = get(sum, `r:${level}`);
    all += n;
    if (GOOD_LEVELS.has(level)) good += n;
  }
  return { count: get(sum, "rn"), satisfaction: round4(ratio(good, all)) };
}

export function officeRow(name: string, sum: Map<string, number>): OfficeFiguresRow {
  const point = contactPoints.find((c) => c.name === name);
  const sp = percentileBucket(histogram(sum, "sp:"), 0.5);
  return {
    contactPoint: { name, level: point?.level ?? "PROVINCIAL" },
    applications: get(sum, "apps"),
    bundlesCompleted: get(sum, "done"),
    itemsIntegrated: get(sum, "items"),
    materialsCut: get(sum, "cut"),
    onTimeRate: round4(ratio(get(sum, "ontime"), get(sum, "timed"))),
    medianSpeedUp: sp === null ? null : round4(1 - sp / 100),
    commitments: get(sum, "commit"),
    commitmentsVerified: get(sum, "checked"),
    ratings: satisfactionOf(sum),
  };
}

/** One row per contact point asked for, in the notice's order (附件3). */
export async function officeRows(figures: StoreFigures, offices: string[], from: string, to: string): Promise<OfficeFiguresRow[]> {
  const ordered = contactPoints.map((c) => c.name).filter((n) => offices.includes(n));
  const sums = await figures.sums("o", ordered, from, to);
  return ordered.map((name, i) => officeRow(name, sums[i]!));
}

const limitFigure = (l: TimeLimit | undefined): LimitFigureRow | null => (l ? { text: l.text, value: l.value, unit: l.unit } : null);

/** The items the bundles perform, in the notice's order (附件1), then any other item with figures. */
export function bundleItemCodes(): string[] {
  const codes: string[] = [];
  for (const s of scenarios) for (const c of s.itemCodes) if (!codes.includes(c)) codes.push(c);
  return codes;
}

function merge(sums: Map<string, number>[]): Map<string, number> {
  if (sums.length === 1) return sums[0]!;
  const out = new Map<string, number>();
  for (const s of sums) for (const [f, v] of s) out.set(f, (out.get(f) ?? 0) + v);
  return out;
}

interface ItemSums { n: number; t: number; ok: number; h: Map<number, number> }

/** One pass over the summed fields, grouped by item. */
function byItem(sum: Map<string, number>): Map<string, ItemSums> {
  const items = new Map<string, ItemSums>();
  for (const [f, v] of sum) {
    const i = f.indexOf(":");
    const code = f.slice(0, i);
    let it = items.get(code);
    if (!it) { it = { n: 0, t: 0, ok: 0, h: new Map() }; items.set(code, it); }
    const rest = f.slice(i + 1);
    if (rest === "n") it.n += v;
    else if (rest === "t") it.t += v;
    else if (rest === "ok") it.ok += v;
    else if (rest.startsWith("h:") && v > 0) it.h.set(Number(rest.slice(2)), v);
  }
  return items;
}

const NO_ITEM: ItemSums = { n: 0, t: 0, ok: 0, h: new Map() };

export function itemRows(sum: Map<string, number>): ItemPerformanceRow[] {
  const items = byItem(sum);
  const codes = bundleItemCodes();
  for (const code of items.keys()) if (!codes.includes(code)) codes.push(code);
  return codes.map((code) => {
    const measure = measureOf(code);
    const it = items.get(code) ?? NO_ITEM;
    const median = percentileBucket(it.h, 0.5);
    const p90 = percentileBucket(it.h, 0.9);
    const statutory = statutoryInMeasure(code);
    const row = limitsByCode(code);
    return {
      item: { code, name: itemByCode(code)?.name ?? code },
      handled: it.n,
      medianDays: median === null ? null : round4(asDays(median, measure)),
      p90Days: p90 === null ? null : round4(asDays(p90, measure)),
      statutoryLimit: limitFigure(row?.statutoryLimit),
      acceleratedLimit: limitFigure(row?.acceleratedLimit),
      speedUpPercent: median === null || !statutory ? null : round4(1 - median / statutory),
      onTimeRate: round4(ratio(it.ok, it.t)),
    };
  });
}

/** Item figures of the province (`null`: its roll-up) or of some offices together. */
export async function itemPerformance(figures: StoreFigures, offices: string[] | null, from: string, to: string): Promise<ItemPerformanceRow[]> {
  return itemRows(merge(await figures.sums("i", offices ?? [PROVINCE_SCOPE], from, to)));
}

export async function noticeTargets(figures: StoreFigures, offices: string[] | null, from: string, to: string): Promise<NoticeTargetsRow> {
  const scopes = offices ?? [PROVINCE_SCOPE];
  const [o, i] = await Promise.all([figures.sums("o", scopes, from, to), figures.sums("i", scopes, from, to)]);
  const office = merge(o);
  const bundlesAsOneThing = scenarios.filter((s) => get(office, `s:${s.seq}:done`) > 0).length;
  const itemsHalfFaster = itemRows(merge(i)).filter((r) => r.speedUpPercent !== null && r.speedUpPercent >= HALF_FASTER).length;
  return { bundlesAsOneThing, bundlesTarget: BUNDLES_TARGET, itemsHalfFaster, itemsTarget: ITEMS_TARGET };
}

export async function monthlyTrend(figures: StoreFigures, offices: string[] | null, from: string, to: string): Promise<MonthFiguresRow[]> {
  const scopes = offices ?? [PROVINCE_SCOPE];
  return Promise.all(monthsOf(from, to).map(async (month) => {
    const sum = merge(await figures.sums("o", scopes, from, to, month));
    return {
      month,
      applications: get(sum, "apps"),
      onTimeRate: round4(ratio(get(sum, "ontime"), get(sum, "timed"))),
      satisfaction: satisfactionOf(sum).satisfaction,
    };
  }));
}
