import { now, nowDate, nowIso } from "../../lib/clock";
import { ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import type { WorkingCalendar } from "../../schema/calendar/calendar";
import { log } from "../../lib/log";
import type { Principal } from "../../lib/principal";
import type { Store } from "../../lib/store";
import { type Application, applicationStatus } from "./application";
import { publishProgress, stepEvent } from "./events";
import type { CaseStatusSource, StepExecutor } from "./executor";
import { type EngineSettings, engineSettings } from "./options";
import { ApplicationRepository } from "./repository";
import { Runner } from "./runner";
import { COMMITMENT_FALSE } from "./step-performer";
import type { StandingSource } from "./standing";
import { type FiguresSink, noFigures } from "./figures/sink";
import { type SubmitInput, applicationIdFor, authorizeSubmission, buildApplication, checkInput, checkStanding, fingerprintOf, officeFor, regionOf, submittedFact } from "./submission";
import { Tracking } from "./tracking";
import { watchEngine } from "../../lib/metrics";
import { Verification } from "./verification";
import { WorkQueue } from "./work-queue";
import type { Facts } from "./workflow";

/** Looks facts up in the agencies' systems (has a card? draws benefit?) to add to what the applicant stated. */
export type FactsSource = (who: { scenario: number; idNumber: string | null; creditCode: string | null; region: string }) => Promise<Facts>;

export interface OneThingEngineOptions {
  store: Store;
  executor: StepExecutor;
  settings?: Partial<EngineSettings>;
  factsSource?: FactsSource;
  /** Where the submitter's standing towards the person comes from (the social-insurance system); without it only citizens and province staff may submit, and employers for the bundles that start a relation. */
  standingSource?: StandingSource;
  /** Names this engine's leases; defaults to pid + random. */
  owner?: string;
  /** Where the engine asks an agency whether a case it accepted is completed (受理 → 办结); without it accepted cases stay open. */
  statusSource?: CaseStatusSource;
  /** Where finished steps and applications are reported for the statistics; default: nowhere. */
  figures?: FiguresSink;
  /** The working-day calendar deadlines are counted on; default: the process-wide one. */
  calendar?: WorkingCalendar;
}

/**
 * The one-thing engine: takes applications (validated whole before anything is written), keeps
 * them in the store and drives their steps at the agencies through the runner.
 */
export class OneThingEngine {
  readonly settings: EngineSettings;
  readonly repo: ApplicationRepository;
  readonly runner: Runner;
  readonly queue: WorkQueue;
  readonly verification: Verification;
  readonly store: Store;
  readonly figures: FiguresSink;
  readonly tracking: Tracking;
  private readonly factsSource: FactsSource | undefined;
  private readonly standingSource: StandingSource | undefined;

  constructor(opts: OneThingEngineOptions) {
    this.store = opts.store;
    this.figures = opts.figures ?? noFigures;
    this.settings = engineSettings(opts.settings);
    this.repo = new ApplicationRepository(opts.store, this.settings.keyPrefix);
    this.tracking = new Tracking(this.repo, opts.store, this.settings, opts.statusSource, this.figures, opts.calendar);
    this.queue = new WorkQueue(opts.store, this.settings.keyPrefix);
    this.runner = new Runner(this.repo, opts.store, opts.executor, this.settings, this.tracking, this.queue, opts.owner);
    this.verification = new Verification(this.repo, opts.store, this.settings, this.figures);
    this.verification.afterSave = (app, step) => this.tracking.afterSave(app, step);
    // a completed case may let the application finish (or a step that waited for it go on)
    this.tracking.onCompleted = async (id) => {
      await this.repo.markOpen(id);
      await this.queue.enqueue(id, "COMPLETED");
    };
    this.tracking.onRetryDue = (id) => this.queue.enqueue(id, "RETRY");
    this.factsSource = opts.factsSource;
    this.standingSource = opts.standingSource;
  }

  /** Starts the runner: it takes work from the queue, including what stopped engines left there. */
  private unwatch: (() => void) | undefined;

  start(): this {
    this.runner.start();
    this.tracking.start();
    this.unwatch ??= watchEngine({
      prefix: this.settings.keyPrefix,
      openApplications: () => this.store.scard(this.repo.openKey),
      timersScheduled: () => this.store.zcard(this.tracking.timersKey),
      timersDue: () => this.store.zcount(this.tracking.timersKey, 0, now()),
      queueDepth: () => this.queue.depth(),
      oldestWorkSeconds: async () => (await this.queue.oldestAgeMs()) / 1000,
      // clock time, as the submissions are stamped
      oldestOpenStepSeconds: async () => (await this.repo.oldestOpenStepMs(now())) / 1000,
    });
    return this;
  }

  /** Stops the runner cleanly: in-flight steps finish and are recorded, unfinished work goes back to the queue. */
  async close(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    await this.tracking.close();
    await this.runner.close();
  }

  /**
   * Submits an application. Same idempotency key and same request → the same application; same key,
   * different request → IDEMPOTENCY_CONFLICT. Nothing is written when validation fails.
   */
  async submit(input: SubmitInput, principal: Principal | undefined): Promise<Application> {
    const parties = authorizeSubmission(principal, input);
    // standing first, from the input alone and the social-insurance system's answer of who insures
    // whom; only then may the person's facts shape anything the submitter sees
    checkInput(input, parties);
    const { readFacts } = await checkStanding(principal!, input.scenario, parties, this.standingSource);
    const region = regionOf(principal!, parties.idNumber, parties.creditCode);
    const extraFacts = this.factsSource && readFacts
      ? await this.factsSource({ scenario: input.scenario, idNumber: parties.idNumber, creditCode: parties.creditCode, region })
      : {};
    const office = await officeFor(principal!, parties, this.standingSource);
    const { app } = buildApplication(input, parties, region, extraFacts, nowDate(), principal, office);
    const fingerprint = fingerprintOf(input, parties.idNumber, parties.creditCode);
    const idemKey = this.repo.idemKey(input.idempotencyKey, principal);
    const claimed = await this.store.set(idemKey, JSON.stringify({ id: app.id, fingerprint }), { nx: true });
    if (!claimed) {
      const seen = JSON.parse((await this.store.get(idemKey)) ?? "{}") as { id?: string; fingerprint?: string };
      if (seen.fingerprint !== fingerprint) {
        throw new KuaibanError(ErrorCode.IDEMPOTENCY_CONFLICT, "This idempotency key was already used for a different application");
      }
      const existing = await this.waitFor(applicationIdFor(input.idempotencyKey, principal));
      if (existing) {
        // the first submission may have died after writing the application: finish what it began
        await this.verification.createTasks(existing);
        await this.figures.submitted(submittedFact(existing));
        // in the queue unless the first submission died before it got there
        if (!(await this.repo.wasQueued(existing.id))) await this.enqueueSubmitted(existing.id, "RESUBMITTED");
        return existing;
      }
      // the first submission died between claiming the key and writing: finish its work
    } else {
      // the application's id follows from the key: one already there came with this key while its
      // record was named by the key itself (before the digest), and is answered as a replay, never
      // written over
      const earlier = await this.repo.load(app.id);
      if (earlier) return earlier;
    }
    // set before the application exists: if this process dies before the queue entry below, the
    // timer still brings the application to an engine (and an engine finding none lets it go)
    await this.tracking.scheduleRetry(app.id, now() + this.settings.submissionGuardMs, "submission");
    await this.repo.create(app);
    for (const step of app.steps) if (step.deadlineStatus === "PENDING_CALENDAR") await this.tracking.afterSave(app, step);
    await this.verification.createTasks(app);
    await this.figures.submitted(submittedFact(app));
    await publishProgress(this.store, {
      applicationId: app.id, kind: "APPLICATION", status: applicationStatus(app.steps), stepId: null, itemCode: null,
      phase: null, attempts: null, caseNumber: null, errorCode: null, at: app.submittedAt,
    });
    await this.enqueueSubmitted(app.id, "SUBMITTED");
    log.info({ applicationId: app.id, scenario: app.scenario, region: app.region, by: app.submittedBy.kind }, "one-thing application submitted");
    return app;
  }

  private async enqueueSubmitted(id: string, reason: "SUBMITTED" | "RESUBMITTED"): Promise<void> {
    await this.queue.enqueue(id, reason);
    await this.repo.markQueued(id);
  }

  /** A concurrent first submission may still be writing; give it a moment. */
  private async waitFor(id: string): Promise<Application | null> {
    for (let i = 0; i < 20; i++) {
      const app = await this.repo.load(id);
      if (app) return app;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  /**
   * Puts a step in manual handling back in line once staff have dealt with the cause (the agency's
   * refusal was cleared up, the system is back): it and the steps waiting on it become PENDING
   * again, keeping their idempotency keys, and the application runs on. A step stopped by a false
   * commitment stays where it is.
   */
  async retryManualStep(id: string, stepId: string): Promise<Application> {
    const app = await this.repo.load(id);
    if (!app) throw notFound(`No application ${id}`);
    const step = app.steps.find((s) => s.id === stepId);
    if (!step) throw notFound(`Application ${id} has no step ${stepId}`);
    if (step.state.phase !== "MANUAL" || step.state.errorCode === COMMITMENT_FALSE) {
      throw new KuaibanError(ErrorCode.CONFLICT, `Step ${stepId} is ${step.state.phase === "MANUAL" ? "stopped by a false commitment" : step.state.phase}, not waiting for manual handling`);
    }
    const reset = new Set([stepId]);
    // the steps blocked by it, and those blocked by them
    for (let grew = true; grew;) {
      grew = false;
      for (const s of app.steps) {
        if (!reset.has(s.id) && s.state.phase === "MANUAL" && s.state.blockedBy && reset.has(s.state.blockedBy)) { reset.add(s.id); grew = true; }
      }
    }
    const at = nowIso();
    for (const s of app.steps.filter((x) => reset.has(x.id))) {
      const next = { ...s, state: { phase: "PENDING" as const }, updatedAt: at };
      app.steps[app.steps.indexOf(s)] = next;
      await this.repo.saveStep(id, next);
      await publishProgress(this.store, stepEvent(id, next, applicationStatus(app.steps)));
    }
    await this.repo.markOpen(id);
    await this.queue.enqueue(id, "MANUAL_RETRY");
    return app;
  }

  /** 补正: the step's agency asks the applicant for a correction; the case's time stops. */
  requestCorrection(id: string, stepId: string, note: string | null): Promise<Application> {
    return this.tracking.requestCorrection(id, stepId, note);
  }

  /** The applicant supplies the correction; the deadline moves by the time waited. */
  supplyCorrection(id: string, stepId: string): Promise<Application> {
    return this.tracking.supplyCorrection(id, stepId);
  }

  get(id: string): Promise<Application | null> {
    return this.repo.load(id);
  }

  /** Resolves when the application has nothing left to run (tests, benchmark). */
  async settled(id: string, timeoutMs = 30_000): Promise<Application> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const app = await this.repo.load(id);
      if (app && applicationStatus(app.steps) !== "IN_PROGRESS") return app;
      if (Date.now() > deadline) throw new Error(`application ${id} still in progress after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
