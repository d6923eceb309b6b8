import type { Store } from "../../../lib/store";
import { type Counters, type Increment, countersFor } from "./counters";
import { elapsedIn, histogramEdge, measureOf, ratioBucket, statutoryInMeasure } from "./measure";
import { chinaDay, dekadOf, monthOf, periodsOf } from "./periods";
import type { ApplicationFinishedFact, ApplicationSubmittedFact, CommitmentCheckedFact, FiguresSink, StepFinishedFact } from "./sink";

/** The national five levels of 好差评; the last two are 差评. */
export const RATING_LEVELS = ["VERY_SATISFIED", "SATISFIED", "BASIC", "DISSATISFIED", "VERY_DISSATISFIED"] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
/** 好评: the top three levels. Satisfaction is their share of the ratings. */
export const GOOD_LEVELS: ReadonlySet<RatingLevel> = new Set(["VERY_SATISFIED", "SATISFIED", "BASIC"]);
export const isPoorRating = (level: RatingLevel): boolean => !GOOD_LEVELS.has(level);

export interface RatedFact {
  applicationId: string;
  office: string;
  level: RatingLevel;
  at: string;
  /** A 追评 after rectification: it replaces the first rating `replaces` in the figures. */
  replaces?: { level: RatingLevel; at: string } | null;
}

/** Month and dekad hashes kept in memory: 3 years × (1 + 3) × 24 scopes × 2 kinds fit. */
const CACHE_ENTRIES = 8_000;

/** The scope every fact also counts in, so a province-wide query reads one hash per period. */
export const PROVINCE_SCOPE = "*";

/**
 * Aggregate layout (all under one hash tag `{fig}` of the engine's prefix):
 * - `o:<period>:<scope>` office figures: apps, done, manual, revoked, items, cut, commit, checked,
 *   false, steps, timed, ontime, `sp:<pct>` (elapsed as % of the statutory limit), `r:<LEVEL>`
 *   (each rated application's current level), rn (ratings), rf (追评), `s:<scenario>:apps|done`;
 * - `i:<period>:<scope>` item figures: `<code>:n`, `<code>:t` (with a deadline), `<code>:ok`
 *   (on time), `<code>:h:<edge>` (processing-time histogram by bucket edge, see measure.ts);
 * - `<period>` is a China day (YYYY-MM-DD), its dekad (YYYY-MM-d1|d2|d3) and its month (YYYY-MM):
 *   a fact adds to all three;
 * - `<scope>` is the office and `*` (the province);
 * - `seen:<month>` markers of the facts counted, `months` the months that hold figures.
 */
export class StoreFigures implements FiguresSink {
  readonly base: string;
  constructor(private readonly counters: Counters, prefix: string) {
    this.base = `${prefix}:{fig}`;
  }

  static on(store: Store, prefix: string): StoreFigures {
    return new StoreFigures(countersFor(store), prefix);
  }

  key(kind: "o" | "i", period: string, scope: string): string {
    return `${this.base}:${kind}:${period}:${scope}`;
  }
  get monthsKey(): string { return `${this.base}:months`; }

  private incs(kind: "o" | "i", day: string, office: string, fields: Record<string, number>): Increment[] {
    const out: Increment[] = [];
    for (const period of [day, dekadOf(day), monthOf(day)]) {
      for (const scope of [office, PROVINCE_SCOPE]) {
        const key = this.key(kind, period, scope);
        for (const [field, by] of Object.entries(fields)) if (by) out.push({ key, field, by });
      }
    }
    return out;
  }

  versionKey(month: string): string { return `${this.base}:ver:${month}`; }

  private count(factId: string, day: string, increments: Increment[], months: string[] = [monthOf(day)]): Promise<boolean> {
    return this.counters.apply(`${this.base}:seen:${monthOf(day)}`, factId, this.monthsKey, monthOf(day), [...new Set(months)].map((m) => this.versionKey(m)), increments);
  }

  async submitted(f: ApplicationSubmittedFact): Promise<void> {
    const day = chinaDay(f.submittedAt);
    await this.count(`sub:${f.applicationId}`, day, this.incs("o", day, f.office, {
      apps: 1,
      [`ch:${f.channel}`]: 1,
      items: f.itemsApplying,
      cut: Math.max(0, f.materialsSumOverItems - f.materialsAsked),
      commit: f.commitments,
      [`s:${f.scenario}:apps`]: 1,
    }));
  }

  async stepFinished(f: StepFinishedFact): Promise<void> {
    const day = chinaDay(f.completedAt);
    const measure = measureOf(f.itemCode);
    const elapsed = elapsedIn(f.elapsed, measure);
    const statutory = statutoryInMeasure(f.itemCode);
    const timed = f.onTime === null ? 0 : 1;
    const ok = f.onTime === true ? 1 : 0;
    const office: Record<string, number> = { steps: 1, timed, ontime: ok };
    if (statutory) office[`sp:${ratioBucket(elapsed, statutory)}`] = 1;
    const c = f.itemCode;
    const item = { [`${c}:n`]: 1, [`${c}:t`]: timed, [`${c}:ok`]: ok, [`${c}:h:${histogramEdge(c, measure, elapsed)}`]: 1 };
    await this.count(`step:${f.applicationId}:${f.stepId}`, day, [...this.incs("o", day, f.office, office), ...this.incs("i", day, f.office, item)]);
  }

  async applicationFinished(f: ApplicationFinishedFact): Promise<void> {
    const day = chinaDay(f.at);
    const fields: Record<string, number> =
      f.status === "COMPLETED" ? { done: 1, [`s:${f.scenario}:done`]: 1 } : f.status === "REVOKED" ? { revoked: 1 } : { manual: 1 };
    // an application may finish as NEEDS_MANUAL and, put back in line, complete later: each outcome once
    await this.count(`fin:${f.applicationId}:${f.status}`, day, this.incs("o", day, f.office, fields));
  }

  async commitmentChecked(f: CommitmentCheckedFact): Promise<void> {
    const day = chinaDay(f.at);
    await this.count(`chk:${f.verificationTaskId}`, day, this.incs("o", day, f.office, { checked: 1, false: f.outcome === "FALSE" ? 1 : 0 }));
  }

  /** A rating counts on the day it was first given; a 追评 moves that day's count to its new level. */
  async rated(f: RatedFact): Promise<void> {
    if (!f.replaces) {
      const day = chinaDay(f.at);
      await this.count(`rate:${f.applicationId}:1`, day, this.incs("o", day, f.office, { rn: 1, [`r:${f.level}`]: 1 }));
      return;
    }
    const day = chinaDay(f.at);
    const firstDay = chinaDay(f.replaces.at);
    const moved = f.replaces.level === f.level ? [] : [
      ...this.incs("o", firstDay, f.office, { [`r:${f.replaces.level}`]: -1 }),
      ...this.incs("o", firstDay, f.office, { [`r:${f.level}`]: 1 }),
    ];
    await this.count(`rate:${f.applicationId}:2`, day, [...this.incs("o", day, f.office, { rf: 1 }), ...moved], [monthOf(day), monthOf(firstDay)]);
  }

  /**
   * Summed counters of one kind over an inclusive period for each scope, in the order given. Month
   * and dekad hashes are kept in memory for as long as their month's version says they are
   * current (a fact of the month bumps it in the same script that counts it); days are summed in
   * Redis by one Lua call. So a query over past months reads their versions and a few days.
   */
  async sums(kind: "o" | "i", scopes: string[], from: string, to: string, month?: string): Promise<Map<string, number>[]> {
    const periods = periodsOf(from, to, month);
    const wide = periods.filter((p) => p.length !== 10);
    const days = periods.filter((p) => p.length === 10);
    const months = [...new Set(wide.map((p) => p.slice(0, 7)))];
    const [versions, daySums] = await Promise.all([
      this.counters.versions(months.map((m) => this.versionKey(m))),
      this.counters.sum(scopes.map((s) => days.map((p) => this.key(kind, p, s)))),
    ]);
    const versionOf = new Map(months.map((m, i) => [m, versions[i]!]));
    const wanted = scopes.flatMap((s) => wide.map((p) => ({ key: this.key(kind, p, s), version: versionOf.get(p.slice(0, 7))! })));
    const missing = wanted.filter((w) => this.cache.get(w.key)?.version !== w.version);
    const fetched = await this.counters.read(missing.map((m) => m.key));
    missing.forEach((m, i) => this.remember(m.key, m.version, fetched[i]!));
    return scopes.map((_, i) => {
      const sum = daySums[i]!;
      for (const w of wanted.slice(i * wide.length, (i + 1) * wide.length)) {
        const cached = this.cache.get(w.key);
        const hash = cached && cached.version >= w.version ? cached.hash : fetched[missing.indexOf(w)]!;
        for (const [f, v] of hash) sum.set(f, (sum.get(f) ?? 0) + v);
      }
      return sum;
    });
  }

  /** Drops what is kept in memory (benchmarks measure a cold read with it). */
  forget(): void { this.cache.clear(); }

  /** Month and dekad hashes by key, least recently used first out. */
  private readonly cache = new Map<string, { version: number; hash: Map<string, number> }>();
  private remember(key: string, version: number, hash: Map<string, number>): void {
    this.cache.delete(key);
    this.cache.set(key, { version, hash });
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The months that hold figures, ascending. */
  async months(): Promise<string[]> {
    return (await this.counters.members(this.monthsKey)).sort();
  }
}
