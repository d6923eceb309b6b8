import { log } from "./log";

/** Shifts every default port, so a second copy (a benchmark, a demo) runs beside `npm start`. */
const portOffset = Number(process.env.KUAIBAN_PORT_OFFSET ?? 0) || 0;
const shifted = <T extends Record<string, number>>(ports: T): T =>
  Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, v + portOffset])) as T;

/**
 * Every default of the system in one place, each with the reason it is what it is. Components read
 * their settings through `env*` below so that an environment variable always wins.
 */
export const defaults = {
  /** Ports in development (shifted by `KUAIBAN_PORT_OFFSET`); each component also reads its own `*_PORT`. */
  ports: shifted({
    gateway: 4000, // the one endpoint front-end teams are told about
    catalogue: 4011,
    socialInsurance: 4012,
    employment: 4013,
    personnel: 4014,
    laborRelations: 4015,
    card: 4016,
    oneThing: 4017,
    // legacy stand-ins sit 100 above their adapter so the pairing is obvious in `ss -ltn`
    legacySocialInsurance: 4112,
    legacyEmployment: 4113,
    legacyPersonnel: 4114,
    legacyLaborRelations: 4115,
    legacyCard: 4116,
    auth: 4400, // the SSO hub; portals sit right after it
    portalServiceHall: 4401,
    portalEmployment: 4402,
    upstreamIdp: 4410, // plays the national government-service platform in development
    dashboard: 4420, // the department's statistics dashboard, a browser app calling the gateway
  }),
  /** Host every development service binds to: nothing is exposed beyond this machine by default. */
  host: "127.0.0.1",
  /** A legacy call that takes longer than this is treated as down (issue: 2 s). */
  legacyTimeoutMs: 2_000,
  /** Reads are retried this many times on a transport failure; writes never are (idempotency keys make a later retry safe). */
  legacyReadRetries: 1,
  /** How long the gateway waits for a subgraph before reporting its fields as unavailable. */
  subgraphTimeoutMs: 5_000,
  /**
   * Data-sharing cache of entity lookups: short, because roster events and mutations invalidate it
   * anyway; the ttl only bounds what a change made outside Kuaiban (directly in a legacy system) costs.
   */
  shareCacheTtlMs: 60_000,
  /** Graceful shutdown: in-flight requests get this long to finish before connections are cut. */
  shutdownGraceMs: 5_000,
  /** Demo data seed: the same seed gives the same people and employers on every machine. */
  demoSeed: 20200525, // the notice's date
} as const;

export const isProduction = () => process.env.NODE_ENV === "production";

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

export function envString(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw === "" ? fallback : raw;
}

/**
 * A setting whose default is only good for development (demo secrets, dev signing keys): in
 * production it must be set, and in development its use is announced loudly.
 */
const warned = new Set<string>();
export function devOnlyDefault(name: string, devValue: string): string {
  const raw = process.env[name];
  if (raw) return raw;
  if (isProduction()) throw new Error(`${name} must be set in production; the development default refuses to run there`);
  if (!warned.has(name)) {
    warned.add(name);
    log.warn({ setting: name }, `using the DEVELOPMENT default for ${name}; set it before going to production`);
  }
  return devValue;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "500ms", "90s", "15m", "12h", "30d" (decimals allowed; a number is milliseconds) → milliseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === "number") return text;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration such as 500ms, 90s, 30m, 12h or 30d`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}
