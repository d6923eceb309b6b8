import { calendar } from "../../schema/calendar/calendar";
import { contactPoints } from "../../schema/catalogue";
import { demoData, type DemoEmployer, type DemoPerson } from "../../schema/demo";

/**
 * What a replay submits, decided before anything runs: the same options and seed give the same
 * plan on every machine. Time is China time (UTC+8); offices open on working days 09:00–17:30.
 */
export interface PlannedApplication {
  /** Ordinal in the plan; also the idempotency key's tail. */
  n: number;
  /** When it is submitted, epoch ms on the system's clock. */
  at: number;
  office: string;
  channel: "WINDOW" | "ONLINE";
  scenario: number;
  idNumber: string;
  creditCode?: string;
  /** Online: who submits (the person herself, or her employer's operator for the employer's bundles). */
  onlineAs: "citizen" | "employer";
  /** Replace the commitment-eligible materials by a signed commitment (告知承诺制). */
  useCommitments: boolean;
  /** When its commitments are sampled for checking, the check finds them false. */
  commitmentFalse: boolean;
  /** The applicant's rating once it is done (some 差评), or none (not everyone rates). */
  rating?: { level: RatingLevel; tags: string[]; comment?: string };
  /**
   * After a 差评, the office's follow-up: it calls back after `callBackHours` and rectifies after
   * `rectifyDays` (clock time; some beyond the 1 and 15 working days allowed), and the applicant
   * rates once more (追评) with `again`, or not.
   */
  followUp?: { callBackHours: number; rectifyDays: number; again?: RatingLevel };
}

export type RatingLevel = "VERY_SATISFIED" | "SATISFIED" | "BASIC" | "DISSATISFIED" | "VERY_DISSATISFIED";

export interface PlanOptions { from: string; to: string; applications: number; seed?: number }

/**
 * How much each contact point handles: its resident population (seventh census, 2020, ten
 * thousands; a city's 市本级 serves the city less its county-level point), 省本级 the provincial
 * institutions' staff. Window and online work follow people, so this is the office's weight.
 */
export const OFFICE_WEIGHT: Record<string, number> = {
  太原市: 487, 迎泽区: 66, 大同市: 287, 天镇县: 19, 朔州市: 144, 山阴县: 15, 忻州市: 240, 原平市: 43,
  吕梁市: 313, 汾阳市: 41, 晋中市: 282, 榆次区: 56, 阳泉市: 99, 盂县: 30, 长治市: 300, 潞城区: 18,
  晋城市: 175, 高平市: 44, 临汾市: 369, 襄汾县: 28, 运城市: 464, 盐湖区: 69, 省本级: 60,
};

/** Bundles by how often people come for them: hiring and cards daily, a death in service rarely. */
const SCENARIO_WEIGHT: Record<number, number> = { 1: 30, 2: 14, 3: 10, 4: 10, 5: 3, 6: 4, 7: 8, 8: 1, 9: 3, 10: 17 };
/** The bundles an employer submits online (the others the person herself). */
const EMPLOYER_BUNDLES = new Set([1, 2, 5, 8]);
const WINDOW_SHARE = 0.55;
const COMMITMENT_SHARE = 0.3;
/** Of the commitments that get checked, this share turns out false. */
const FALSE_SHARE = 0.12;
const RATED_SHARE = 0.8;
const LEVELS: [RatingLevel, number][] = [["VERY_SATISFIED", 62], ["SATISFIED", 22], ["BASIC", 8], ["DISSATISFIED", 5], ["VERY_DISSATISFIED", 3]];
// the national 好差评 tags (the API's RatingTag): 好评 tags with the top three levels, 差评 tags with the last two
const PRAISE = ["EFFICIENT", "DONE_IN_ONE_VISIT", "FEWER_MATERIALS", "WARM_SERVICE", "CLEAR_GUIDANCE"];
const COMPLAINTS = ["TOOK_TOO_LONG", "MANY_VISITS", "UNCLEAR_GUIDANCE", "TOO_MANY_MATERIALS"];

/** mulberry32: small, fast, and the same sequence everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, entries: [T, number][]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [v, w] of entries) { r -= w; if (r < 0) return v; }
  return entries[entries.length - 1]![0];
}

const DAY = 86_400_000;
const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const dateOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** Days of the period; working days per the State Council's schedule where the calendar has the year. */
function days(from: string, to: string): { date: string; working: boolean }[] {
  const cal = calendar();
  const out: { date: string; working: boolean }[] = [];
  for (let t = chinaMidnight(from); t <= chinaMidnight(to); t += DAY) {
    const date = dateOf(t);
    let working: boolean;
    try { working = cal.isWorkingDay(date); } catch { const d = new Date(t + 8 * 3_600_000).getUTCDay(); working = d !== 0 && d !== 6; }
    out.push({ date, working });
  }
  return out;
}

/**
 * The bundles a person could plausibly come for on `date`, given where her working life is: the
 * end of a job only after it began (the demo population was hired up to 2025, a replay may be of
 * 2020), a social security card once.
 */
function optionsFor(p: DemoPerson, date: string, carded: boolean): [number, number][] {
  const age = Number(date.slice(0, 4)) - Number(p.birthDate.slice(0, 4));
  const all: [number, number][] = (() => {
    switch (p.stage) {
      case "UNEMPLOYED": return [[1, 30], [3, 10], [5, 3], [6, 4], [10, 6]];
      case "GRADUATE": return [[4, 10], [1, 8], [5, 2], [10, 4]];
      case "EMPLOYED": return age >= 55 ? [[7, 8], [2, 4], [10, 4], [8, 1]] : [[2, 14], [10, 10], [8, 1]];
      case "RETIRED": return [[10, 6], [9, 3]];
      default: return [];
    }
  })();
  const working = !p.hiredOn || p.hiredOn <= date;
  return all.filter(([s]) => (s === 10 ? !carded : [2, 7, 8].includes(s) ? working : true));
}

/** After a bundle, where the person stands (so a later application of hers is plausible too). */
function afterwards(p: DemoPerson, scenario: number, employer: string | undefined, date: string): DemoPerson {
  switch (scenario) {
    case 1: case 4: case 5: return { ...p, stage: "EMPLOYED", employerCreditCode: employer ?? p.employerCreditCode, hiredOn: date };
    case 2: return { ...p, stage: "UNEMPLOYED" };
    case 7: return { ...p, stage: "RETIRED" };
    case 8: case 9: return { ...p, stage: "DECEASED_RETIREE" };
    default: return p;
  }
}

/**
 * A replay's applications over [from, to]: offices by size, window and online, bundles by how
 * often they are asked for and open to the person, some commitments, some later found false, most
 * rated and a few of those 差评.
 */
export function planApplications(o: PlanOptions): PlannedApplication[] {
  if (!(o.applications > 0)) return [];
  const random = rng(o.seed ?? 20200601);
  const { people, employers } = demoData();
  const state = new Map(people.map((p) => [p.idNumber, p]));
  const byRegion = (region: string) => [...state.values()].filter((p) => p.region === region && p.stage !== "DECEASED_RETIREE");
  const employersIn = (region: string): DemoEmployer[] => { const here = employers.filter((e) => e.region === region); return here.length ? here : employers; };
  const period = days(o.from, o.to);
  const working = period.filter((d) => d.working);
  const officeEntries = contactPoints.map((c) => [c.name, OFFICE_WEIGHT[c.name] ?? 1] as [string, number]);
  // when and where first, in time order, so each person's applications follow one another plausibly
  const slots = Array.from({ length: o.applications }, () => {
    const office = weighted(random, officeEntries);
    const channel: PlannedApplication["channel"] = random() < WINDOW_SHARE ? "WINDOW" : "ONLINE";
    // windows open on working days 09:00–17:30; online submissions come any day, 07:00–23:00
    const pool = channel === "WINDOW" || random() < 0.85 ? (working.length ? working : period) : period;
    const day = pool[Math.floor(random() * pool.length)]!;
    const minutes = channel === "WINDOW" ? 540 + random() * 510 : 420 + random() * 960;
    return { office, channel, at: chinaMidnight(day.date) + Math.floor(minutes * 60_000) };
  }).sort((a, b) => a.at - b.at);
  const out: PlannedApplication[] = [];
  const carded = new Set<string>();
  for (const [n, { office, channel, at }] of slots.entries()) {
    const date = dateOf(at);
    const candidates = byRegion(office);
    const pool2 = candidates.length ? candidates : [...state.values()];
    // a few people of the office until one has something to come for (nearly always the first)
    let person = pool2[Math.floor(random() * pool2.length)]!;
    let options = optionsFor(person, date, carded.has(person.idNumber));
    for (let tries = 0; !options.length && tries < 20; tries++) {
      person = pool2[Math.floor(random() * pool2.length)]!;
      options = optionsFor(person, date, carded.has(person.idNumber));
    }
    if (!options.length) continue;
    // the province-wide mix decides between the bundles open to her
    const scenario = weighted(random, options.map(([sc, w]) => [sc, w * (SCENARIO_WEIGHT[sc] ?? 1)] as [number, number]));
    if (scenario === 10) carded.add(person.idNumber);
    const needsEmployer = [1, 2, 5, 7, 8].includes(scenario);
    const pickEmployer = () => {
      const list = scenario === 5 ? employers.filter((e) => e.publicInstitution) : employersIn(office);
      return (list.length ? list : employers)[Math.floor(random() * (list.length || employers.length))]!.creditCode;
    };
    const creditCode = !needsEmployer ? undefined : scenario === 1 || scenario === 5 ? pickEmployer() : person.employerCreditCode ?? pickEmployer();
    const useCommitments = random() < COMMITMENT_SHARE;
    const commitmentFalse = useCommitments && random() < FALSE_SHARE;
    let rating: PlannedApplication["rating"];
    let followUp: PlannedApplication["followUp"];
    if (random() < RATED_SHARE) {
      const level = weighted(random, LEVELS);
      const bad = level === "DISSATISFIED" || level === "VERY_DISSATISFIED";
      rating = bad
        ? { level, tags: [COMPLAINTS[Math.floor(random() * COMPLAINTS.length)]!], comment: "办理时间比承诺的长，希望改进。" }
        : { level, tags: [PRAISE[Math.floor(random() * PRAISE.length)]!] };
      if (bad) {
        followUp = {
          callBackHours: random() < 0.85 ? 2 + random() * 20 : 30 + random() * 60,
          rectifyDays: random() < 0.8 ? 2 + random() * 12 : 18 + random() * 15,
          again: random() < 0.6 ? weighted(random, [["SATISFIED", 5], ["BASIC", 3], ["DISSATISFIED", 1]] as [RatingLevel, number][]) : undefined,
        };
      }
    }
    out.push({
      n, at, office, channel, scenario, idNumber: person.idNumber, creditCode,
      onlineAs: EMPLOYER_BUNDLES.has(scenario) && creditCode ? "employer" : "citizen",
      useCommitments, commitmentFalse, rating, followUp,
    });
    state.set(person.idNumber, afterwards(person, scenario, creditCode, date));
  }
  return out;
}
