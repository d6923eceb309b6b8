import { setClock } from "../../lib/clock";
import { envInt } from "../../lib/config";
import type { Store } from "../../lib/store";
import { PacedClock } from "./clock";
import type { ReplayIdentities } from "./identities";
import { planApplications } from "./plan";
import { replay, type ReplaySummary } from "./replay";

const DAY = 86_400_000;
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);


export interface SeedOptions {
  store: Store;
  gatewayUrl: string;
  identities: ReplayIdentities;
  /** How far back the history reaches (KUAIBAN_SEED_DAYS, default 60). */
  days?: number;
  /** How many applications (KUAIBAN_SEED_APPLICATIONS, default 80; 0 seeds nothing). */
  applications?: number;
  /** Real seconds the replay's clock takes to cover the history (default 5). */
  seconds?: number;
}

const SEEDED_KEY = "kb:dashboard:seeded";

/**
 * A small simulated history for the dashboard's first run: the last `days` replayed through the
 * real gateway and engine on a clock that starts that far back, runs fast, and meets real time
 * when the replay is done; applications still open then go on in real time (and show as at risk
 * or overdue, as they would). Once per store: a store that was seeded before keeps its history.
 */
export async function seedHistory(o: SeedOptions): Promise<ReplaySummary | "already" | "off"> {
  const applications = o.applications ?? envInt("KUAIBAN_SEED_APPLICATIONS", 80);
  if (applications <= 0) return "off";
  if (!(await o.store.set(SEEDED_KEY, new Date().toISOString(), { nx: true }))) return "already";
  const days = o.days ?? envInt("KUAIBAN_SEED_DAYS", 60);
  const spanMs = days * DAY;
  const rate = spanMs / ((o.seconds ?? 5) * 1000);
  const today = Date.now();
  const plan = planApplications({ from: chinaDate(today - spanMs), to: chinaDate(today), applications })
    .filter((p) => p.at < today); // today's afternoon has not happened yet
  // from that far back, fast, joining real time when it catches up with it
  const clock = new PacedClock(today - spanMs, rate, () => Date.now());
  setClock(clock.now, rate);
  try {
    return await replay(plan, { gatewayUrl: o.gatewayUrl, identities: o.identities }, { drainMs: 1_000, runId: `seed-${today}`, pace: (at) => clock.holdAt(at) });
  } finally {
    setClock(undefined);
  }
}
