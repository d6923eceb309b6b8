import { defaults, envInt, envString } from "../../lib/config";

/**
 * The engine's settings, each with why it is what it is. Every one can be overridden by the caller
 * (tests use short ones) or by the environment variable named beside it.
 */
export interface EngineSettings {
  /** Prefix of every store key of the engine (ONE_THING_KEY_PREFIX); tests isolate runs with it. */
  keyPrefix: string;
  /** The roster stream every completed item is appended to (ONE_THING_ROSTER_STREAM). */
  rosterStream: string;
  /** First retry delay after UPSTREAM_UNAVAILABLE (ONE_THING_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** Longest retry delay: a system down for long is tried at least this often (ONE_THING_RETRY_MAX_MS). */
  retryMaxMs: number;
  /** Attempts per step before it goes to manual handling (ONE_THING_MAX_ATTEMPTS). */
  maxAttempts: number;
  /**
   * How long an engine's hold on an application lasts without its heartbeat (sent every fifth of
   * it): the lease on the application and the idle time after which its queue entries are taken
   * over by another engine. A dead engine's work is resumed after this (ONE_THING_LEASE_MS).
   */
  leaseMs: number;
  /**
   * How often an engine takes over queue entries left idle by an engine that died, and asks again
   * for applications another engine held (ONE_THING_POLL_MS). It reads the queue, never the open
   * applications: what it costs does not grow with their number.
   */
  pollMs: number;
  /**
   * A retry due sooner than this is waited for by the engine that drives the application; a later
   * one goes to the store's timers and comes back through the queue (ONE_THING_RETRY_HOLD_MS).
   */
  retryHoldMs: number;
  /**
   * Clock time after a submission at which its application gets one more look from an engine
   * (ONE_THING_SUBMISSION_GUARD_MS): a submission that dies after writing the application but
   * before its queue entry leaves it to this timer, set before the application is written.
   */
  submissionGuardMs: number;
  /** Applications one engine holds at most at a time; the rest wait in the queue for it or another (ONE_THING_CONCURRENCY). */
  concurrency: number;
  /** Share of commitments sampled for post-verification (ONE_THING_VERIFY_SHARE, per cent). */
  verificationShare: number;
  /** Seed of the sampling, so the same application is always sampled the same way (ONE_THING_VERIFY_SEED). */
  verificationSeed: string;
  /** Clock time after 受理 of the first question to the agency whether a case is completed (ONE_THING_CHECK_FIRST_MS). */
  checkFirstMs: number;
  /** Longest clock time between two such questions; they double up to it (ONE_THING_CHECK_MAX_MS). */
  checkMaxMs: number;
  /** Real time between two looks at the store's timers when no timer of this process is due sooner (ONE_THING_TIMER_TICK_MS). */
  timerTickMs: number;
  /** Share of its time after which an open case is listed at risk (ONE_THING_RISK_SHARE, per cent). */
  riskShare: number;
}

export function engineSettings(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    keyPrefix: envString("ONE_THING_KEY_PREFIX", "kb:one"),
    rosterStream: envString("ONE_THING_ROSTER_STREAM", "kb:roster"),
    // one second first, doubling: a restarting legacy system is back within a few tries
    retryBaseMs: envInt("ONE_THING_RETRY_BASE_MS", 1_000),
    retryMaxMs: envInt("ONE_THING_RETRY_MAX_MS", 5 * 60_000),
    // ~1 h of doubling capped at 5 min; longer outages are for people to look at
    maxAttempts: envInt("ONE_THING_MAX_ATTEMPTS", 16),
    // a heartbeat every 300 ms, so a busy engine (a slow agency call does not stop it) is not taken
    // for dead, and a dead one's work is resumed within two seconds
    leaseMs: envInt("ONE_THING_LEASE_MS", 1_500),
    // ten looks a second for abandoned work (one command each): with the lease, resumption within
    // 1.5 + 0.1 s, leaving room under 2 s for a busy machine
    pollMs: envInt("ONE_THING_POLL_MS", 100),
    // the first retries (1 s, 2 s) are waited for in place; minutes-long ones do not hold an engine
    retryHoldMs: envInt("ONE_THING_RETRY_HOLD_MS", 2_000),
    // far longer than a submission takes, short enough that nobody waits long for a lost one
    submissionGuardMs: envInt("ONE_THING_SUBMISSION_GUARD_MS", 60_000),
    // well above what one process's legacy connections carry; the queue evens out the rest
    concurrency: envInt("ONE_THING_CONCURRENCY", 256),
    // the notice asks for post-verification, not a check of every one: one in five
    verificationShare: envInt("ONE_THING_VERIFY_SHARE", 20) / 100,
    verificationSeed: envString("ONE_THING_VERIFY_SEED", "kuaiban-verification"),
    // an instant item is due within 30 minutes: the first question comes well before that
    checkFirstMs: envInt("ONE_THING_CHECK_FIRST_MS", 5 * 60_000),
    // a case of several weeks is asked about a few times a day, not every minute
    checkMaxMs: envInt("ONE_THING_CHECK_MAX_MS", 4 * 3600_000),
    // timers set by another engine (or before a restart) are seen within a second
    timerTickMs: envInt("ONE_THING_TIMER_TICK_MS", 1_000),
    // the notice's supervision asks for warnings before a limit runs out: at 80% of it
    riskShare: envInt("ONE_THING_RISK_SHARE", 80) / 100,
    ...overrides,
  };
}

export type AgencyUrls = Record<"social-insurance" | "employment" | "personnel" | "labor-relations" | "card", string>;

const local = (port: number) => `http://${defaults.host}:${port}/graphql`;

/** Each agency subgraph's GraphQL endpoint (SOCIAL_INSURANCE_SUBGRAPH_URL … CARD_SUBGRAPH_URL). */
export function agencyUrls(overrides: Partial<AgencyUrls> = {}): AgencyUrls {
  return {
    "social-insurance": envString("SOCIAL_INSURANCE_SUBGRAPH_URL", local(defaults.ports.socialInsurance)),
    employment: envString("EMPLOYMENT_SUBGRAPH_URL", local(defaults.ports.employment)),
    personnel: envString("PERSONNEL_SUBGRAPH_URL", local(defaults.ports.personnel)),
    "labor-relations": envString("LABOR_RELATIONS_SUBGRAPH_URL", local(defaults.ports.laborRelations)),
    card: envString("CARD_SUBGRAPH_URL", local(defaults.ports.card)),
    ...overrides,
  };
}
