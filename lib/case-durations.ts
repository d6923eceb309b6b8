import { parseDuration } from "./config";
import { createHash } from "node:crypto";
import { limitsByCode } from "../schema/catalogue/time-limits";

/**
 * How long the legacy stand-ins take to complete (办结) a case they accepted (受理), in clock time,
 * so a replay on a fast clock (lib/clock.ts) sees months of work. Per item code, with "*" for the
 * rest; from the options of a stand-in, else LEGACY_CASE_DURATIONS (`1.7.4=12d,2.4.1=2d,*=3d`;
 * units ms, s, m, h, d), else the defaults below. LEGACY_CASE_SPREAD (default 0.5) varies each
 * case around its duration (a case-number hash: ×(1 − spread/2 … 1 + spread), the same every time),
 * so some cases run late as real ones do; 0 makes every case take exactly its duration.
 */
export interface CaseDurationOptions {
  /** Clock ms (or a duration text) per item code; "*" for every other item. */
  durations?: Record<string, number | string>;
  spread?: number;
}

const DAY = 86_400_000;

function fromEnv(): Record<string, number> {
  const raw = process.env.LEGACY_CASE_DURATIONS;
  if (!raw) return {};
  return Object.fromEntries(raw.split(",").filter(Boolean).map((pair) => {
    const [code, d] = pair.split("=");
    if (!code || !d) throw new Error(`LEGACY_CASE_DURATIONS: "${pair}" is not code=duration`);
    return [code.trim(), parseDuration(d)];
  }));
}

/**
 * A realistic default: about 60% of the accelerated limit (what offices that meet the notice take),
 * a few minutes for instant items, three days for items without a limit.
 */
function defaultDuration(itemCode: string): number {
  const row = limitsByCode(itemCode);
  const limit = row && ["WORKING_DAYS", "CALENDAR_DAYS", "MONTHS", "INSTANT", "MINUTES"].includes(row.acceleratedLimit.unit) ? row.acceleratedLimit : row?.statutoryLimit;
  switch (limit?.unit) {
    case "INSTANT": return 10 * 60_000;
    case "MINUTES": return (limit.value ?? 30) * 0.6 * 60_000;
    case "WORKING_DAYS": return (limit.value ?? 5) * 1.4 * 0.6 * DAY;
    case "CALENDAR_DAYS": return (limit.value ?? 10) * 0.6 * DAY;
    case "MONTHS": return (limit.value ?? 1) * 30 * 0.6 * DAY;
    default: return 3 * DAY;
  }
}

export type CaseDuration = (itemCode: string, caseNumber: string) => number;

export function caseDurations(opts: CaseDurationOptions = {}): CaseDuration {
  const table: Record<string, number> = { ...fromEnv() };
  for (const [code, d] of Object.entries(opts.durations ?? {})) table[code] = parseDuration(d);
  const spread = opts.spread ?? Number(process.env.LEGACY_CASE_SPREAD ?? "0.5");
  if (!Number.isFinite(spread) || spread < 0) throw new Error("LEGACY_CASE_SPREAD must be a number ≥ 0");
  return (itemCode, caseNumber) => {
    const base = table[itemCode] ?? table["*"] ?? defaultDuration(itemCode);
    if (spread === 0) return base;
    const u = createHash("sha256").update(caseNumber).digest().readUInt32BE(0) / 2 ** 32;
    return Math.round(base * (1 - spread / 2 + u * spread * 1.5));
  };
}
