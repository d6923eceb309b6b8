import { randomUUID } from "node:crypto";
import { ErrorCode, KuaibanError, codeOf, notFound } from "../../lib/errors";
import { now, nowIso, realMs } from "../../lib/clock";
import { log } from "../../lib/log";
import type { Store } from "../../lib/store";
import { type WorkingCalendar, calendar } from "../../schema/calendar/calendar";
import { processingTime } from "../../schema/calendar/deadline";
import { itemByCode } from "../../schema/catalogue";
import { type Application, type ApplicationStep, type StoredReceipt, applicationStatus, isTerminal } from "./application";
import { publishProgress, stepEvent } from "./events";
import { type CaseStatusSource, type StepReceipt, isTransient } from "./executor";
import { type FiguresSink, noFigures } from "./figures/sink";
import type { EngineSettings } from "./options";
import type { ApplicationRepository } from "./repository";
import { deadlineFields, officeOf, storedReceipt } from "./deadlines";


/** A step at ≥ 80% of its time (AT_RISK) or past its deadline (OVERDUE), as listed and published. */
export interface StepAtRiskEntry {
  applicationId: string;
  caseNumber: string;
  scenario: number;
  stepId: string;
  itemCode: string;
  itemName: string;
  agency: string;
  office: string;
  acceptedAt: string | null;
  deadline: string | null;
  risk: "AT_RISK" | "OVERDUE";
}

export const elapsedShare = (e: Pick<StepAtRiskEntry, "acceptedAt" | "deadline">, at = now()): number => {
  if (!e.acceptedAt || !e.deadline) return 0;
  const span = Date.parse(e.deadline) - Date.parse(e.acceptedAt);
  return span <= 0 ? 1 : Math.max(0, (at - Date.parse(e.acceptedAt)) / span);
};

type TimerKind = "CHECK" | "RISK" | "OVERDUE" | "RETRY";
const member = (kind: TimerKind, appId: string, stepId: string) => `${kind}|${appId}|${stepId}`;

/**
 * Follows every accepted case to its completion and against its limit:
 * - timers in one sorted set of the store, scored by clock time (`<prefix>:timers`): CHECK asks the
 *   agency whether a case is completed (first after `checkFirstMs`, then doubling to `checkMaxMs`,
 *   and at the deadline), RISK fires at `riskShare` of the time, OVERDUE at the deadline, RETRY puts
 *   an application whose step waits for a later retry back in the engines' queue. Each look
 *   reads only the timers that are due (one bounded range), never the open applications;
 * - the at-risk index (`<prefix>:risk` hash + a set per agency and per office), updated as steps
 *   change, and its events on `<prefix>:risk-events`;
 * - deadlines waiting for a calendar year (`<prefix>:pendcal:<year>`), recomputed when the year comes;
 * - 补正 pauses.
 */
export class Tracking {
  private stopped = true;
  private sleeper: NodeJS.Timeout | undefined;
  private nextLocal = Infinity;
  private ticking: Promise<void> | undefined;
  private unsubscribeYear: (() => void) | undefined;
  private readonly owner = randomUUID().slice(0, 8);
  /** Set by the engine: puts an application back in the runner's hands after one of its cases completed. */
  onCompleted: (appId: string) => Promise<void> = async () => undefined;
  /** Set by the engine: puts an application back in the runner's hands when a step's retry is due. */
  onRetryDue: (appId: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly repo: ApplicationRepository,
    private readonly store: Store,
    private readonly settings: EngineSettings,
    private readonly statusSource: CaseStatusSource | undefined,
    readonly figures: FiguresSink = noFigures,
    readonly cal: WorkingCalendar = calendar(),
  ) {}

  get timersKey() { return `${this.repo.prefix}:timers`; }
  get riskKey() { return `${this.repo.prefix}:risk`; }
  get riskChannel() { return `${this.repo.prefix}:risk-events`; }
  riskSetKey(kind: "agency" | "office", value: string) { return `${this.repo.prefix}:risk:${kind}:${value}`; }
  pendingKey(year: number) { return `${this.repo.prefix}:pendcal:${year}`; }
  get pendingYearsKey() { return `${this.repo.prefix}:pendcal:years`; }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribeYear = this.cal.onYearAdded((year) => {
      void this.recomputePending(year).catch((err) => log.warn({ err, year }, "one-thing could not recompute deadlines for a new calendar year"));
    });
    // years added while no engine ran
    void this.recomputeKnownYears().catch((err) => log.warn({ err }, "one-thing could not recompute pending deadlines"));
    this.arm(0);
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribeYear?.();
    clearTimeout(this.sleeper);
    await this.ticking;
  }

  // ---- timers ----

  async schedule(kind: TimerKind, appId: string, stepId: string, atMs: number): Promise<void> {
    await this.store.zadd(this.timersKey, atMs, member(kind, appId, stepId));
    if (atMs < this.nextLocal) this.arm(Math.max(0, atMs - now()));
  }

  async cancel(kind: TimerKind, appId: string, stepId: string): Promise<void> {
    await this.store.zrem(this.timersKey, member(kind, appId, stepId));
  }

  /** Wakes after `clockMs` of clock time, or the real tick at the latest (timers of other engines). */
  private arm(clockMs: number): void {
    if (this.stopped) return;
    const wait = Math.min(realMs(clockMs), this.settings.timerTickMs);
    this.nextLocal = now() + clockMs;
    clearTimeout(this.sleeper);
    this.sleeper = setTimeout(() => {
      this.nextLocal = Infinity;
      this.ticking = this.tick().finally(() => { this.ticking = undefined; this.arm(Infinity); });
    }, wait);
  }

  private async tick(): Promise<void> {
    for (let round = 0; round < 10 && !this.stopped; round++) {
      const due = await this.store.zrange(this.timersKey, { min: 0, max: now(), count: 100 });
      if (due.length === 0) return;
      await Promise.all(due.map((m) => this.fire(m)));
      if (due.length < 100) return;
    }
  }

  private async fire(m: string): Promise<void> {
    // one engine fires a timer: the claim lapses by itself if it dies meanwhile
    if (!(await this.store.set(`${this.timersKey}:claim:${m}`, this.owner, { nx: true, ttlMs: 30_000 }))) return;
    const [kind, appId, stepId] = m.split("|") as [TimerKind, string, string];
    let next: number | null = null;
    try {
      next = kind === "CHECK" ? await this.check(appId, stepId)
        : kind === "RETRY" ? await this.onRetryDue(appId).then(() => null)
        : await this.risk(appId, stepId, kind);
    } catch (err) {
      log.warn({ err, applicationId: appId, stepId, kind }, "one-thing timer failed; tried again later");
      next = now() + this.settings.checkFirstMs;
    }
    if (next === null) await this.store.zrem(this.timersKey, m);
    else await this.store.zadd(this.timersKey, next, m);
    await this.store.del(`${this.timersKey}:claim:${m}`);
  }

  /** When to ask next about a case asked about `checks` times, never later than its deadline. */
  private nextCheck(step: ApplicationStep, checks: number): number {
    const wait = Math.min(this.settings.checkMaxMs, this.settings.checkFirstMs * 2 ** checks);
    let at = now() + wait;
    if (step.deadline && Date.parse(step.deadline) > now()) at = Math.min(at, Date.parse(step.deadline) + 1);
    return at;
  }

  /**
   * Changes of one accepted step (its 办结, a deadline recomputed, a correction) read it fresh and
   * write it under a short lock in the store, so that two of them never write over each other.
   */
  private async locked<T>(appId: string, stepId: string, fn: () => Promise<T>): Promise<T> {
    const key = `${this.repo.prefix}:steplock:{${appId}}:${stepId}`;
    const token = `${this.owner}-${randomUUID().slice(0, 8)}`;
    for (let i = 0; !(await this.store.set(key, token, { nx: true, ttlMs: 5_000 })); i++) {
      if (i > 300) throw new KuaibanError(ErrorCode.CONFLICT, "The step is being changed; try again");
      await new Promise((r) => setTimeout(r, 10));
    }
    try {
      return await fn();
    } finally {
      await this.store.releaseIfHeld(key, token);
    }
  }

  /** Makes sure an accepted case has its CHECK timer (after a restart, or when the runner lets the application go). */
  async ensureCheck(appId: string, step: ApplicationStep): Promise<void> {
    if (step.state.phase === "ACCEPTED" && step.state.nextCheckAt) await this.schedule("CHECK", appId, step.id, Date.parse(step.state.nextCheckAt));
  }

  /**
   * A step of an application the runner let go waits for a retry at `atMs`: the RETRY timer puts the
   * application back in the queue then (one timer per application, at its earliest retry).
   */
  async scheduleRetry(appId: string, atMs: number, why: "next" | "submission" = "next"): Promise<void> {
    await this.schedule("RETRY", appId, why, atMs);
  }

  // ---- 受理 and 办结 ----

  /** The step as its agency accepted it: 受理 recorded, the limit and deadline counted from it. */
  acceptedStep(app: Application, step: ApplicationStep, receipt: StoredReceipt): ApplicationStep {
    const acceptedAt = receipt.acceptedAt;
    const fields = deadlineFields(app, step.itemCode, new Date(acceptedAt), receipt.limitCondition, step.pauses ?? [], this.cal);
    return { ...step, ...fields, acceptedAt };
  }

  /** After a step was saved: its timers, its place in the at-risk index and in the pending-calendar sets follow its state. */
  async afterSave(app: Application, step: ApplicationStep): Promise<void> {
    const s = step.state;
    if (step.deadlineStatus === "PENDING_CALENDAR" && step.pendingYear && s.phase !== "SKIPPED") {
      await this.store.sadd(this.pendingKey(step.pendingYear), `${app.id}|${step.id}`);
      await this.store.sadd(this.pendingYearsKey, String(step.pendingYear));
    }
    if (s.phase === "ACCEPTED") {
      const paused = (step.pauses ?? []).some((p) => !p.to);
      if (s.nextCheckAt) await this.schedule("CHECK", app.id, step.id, Date.parse(s.nextCheckAt));
      if (paused || step.deadlineStatus !== "SET" || !step.deadline || !step.acceptedAt) {
        await this.clearRisk(app, step);
        return;
      }
      const accepted = Date.parse(step.acceptedAt), deadline = Date.parse(step.deadline);
      await this.schedule("RISK", app.id, step.id, accepted + (deadline - accepted) * this.settings.riskShare);
      await this.schedule("OVERDUE", app.id, step.id, deadline);
      // a deadline moved later (a correction supplied) takes a step off the list until it is at risk again
      const entry = await this.store.hget(this.riskKey, `${app.id}|${step.id}`);
      if (entry && elapsedShare({ acceptedAt: step.acceptedAt, deadline: step.deadline }) < this.settings.riskShare) await this.clearRisk(app, step);
      return;
    }
    // only a case that was accepted has timers and perhaps an entry to take away
    if (step.acceptedAt && isTerminal(s)) await this.clearRisk(app, step);
  }

  private async clearRisk(app: Application, step: ApplicationStep): Promise<void> {
    const id = `${app.id}|${step.id}`;
    await Promise.all([this.cancel("RISK", app.id, step.id), this.cancel("OVERDUE", app.id, step.id)]);
    const raw = await this.store.hget(this.riskKey, id);
    if (!raw) return;
    const e = JSON.parse(raw) as StepAtRiskEntry;
    await this.store.hdel(this.riskKey, id);
    await Promise.all([this.store.srem(this.riskSetKey("agency", e.agency), id), this.store.srem(this.riskSetKey("office", e.office), id)]);
  }

  /** The step is DONE (办结): its figures go to the statistics. */
  async finished(app: Application, step: ApplicationStep): Promise<void> {
    if (step.state.phase !== "DONE") return;
    const r = step.state.receipt;
    const completedAt = r.completedAt ?? step.state.completedAt;
    const agency = itemByCode(step.itemCode)?.agency ?? "unknown";
    await this.figures.stepFinished({
      applicationId: app.id,
      stepId: step.id,
      scenario: app.scenario,
      office: officeOf(app),
      itemCode: step.itemCode,
      agency,
      acceptedAt: r.acceptedAt,
      completedAt,
      deadline: step.deadline,
      onTime: step.deadline ? completedAt <= step.deadline : null,
      elapsed: processingTime(r.acceptedAt, completedAt, step.pauses ?? [], this.cal),
    }).catch((err) => log.warn({ err, applicationId: app.id, stepId: step.id }, "one-thing could not report a finished step"));
  }

  private async save(app: Application, step: ApplicationStep): Promise<void> {
    const i = app.steps.findIndex((s) => s.id === step.id);
    app.steps[i] = step;
    await this.repo.saveStep(app.id, step);
    await publishProgress(this.store, stepEvent(app.id, step, applicationStatus(app.steps)));
    await this.afterSave(app, step);
  }

  /** A CHECK timer: asks the agency; returns when to ask again, or null once the case is completed. */
  private async check(appId: string, stepId: string): Promise<number | null> {
    const app = await this.repo.load(appId);
    const step = app?.steps.find((s) => s.id === stepId);
    if (!app || !step || step.state.phase !== "ACCEPTED") return null;
    if (!this.statusSource) return null;
    const state = step.state;
    let receipt: StepReceipt;
    try {
      receipt = await this.statusSource(step, app, state.receipt.caseNumber);
    } catch (err) {
      if (isTransient(err)) return now() + this.settings.checkFirstMs;
      log.warn({ applicationId: appId, stepId, code: codeOf(err) }, "one-thing: the agency does not answer for a case it accepted");
      return now() + this.settings.checkMaxMs;
    }
    const stored = storedReceipt(receipt);
    if (stored.status === "COMPLETED") {
      await this.complete(app, step, stored);
      return null;
    }
    // the step as it is now: a correction asked or supplied while the agency answered is kept
    return this.locked(app.id, step.id, () => this.recordCheck(app, step.id, stored));
  }

  private async recordCheck(app: Application, stepId: string, stored: StoredReceipt): Promise<number | null> {
    const fresh = await this.repo.loadStep(app.id, stepId);
    if (!fresh || fresh.state.phase !== "ACCEPTED") return null;
    const current = fresh.state;
    let next: ApplicationStep = fresh;
    if ((stored.limitCondition ?? null) !== (current.receipt.limitCondition ?? null)) {
      // the agency states (or changes) the condition later: the deadline follows it
      next = this.acceptedStep(app, fresh, { ...stored, acceptedAt: current.receipt.acceptedAt });
    }
    const nextAt = this.nextCheck(next, current.checks + 1);
    next = { ...next, state: { ...current, receipt: { ...stored, acceptedAt: current.receipt.acceptedAt }, checks: current.checks + 1, nextCheckAt: new Date(nextAt).toISOString() } };
    if (next.deadline !== fresh.deadline) await this.save(app, { ...next, updatedAt: nowIso() });
    else await this.repo.saveStep(app.id, next);
    return nextAt;
  }

  /** Records 办结 of an accepted case. */
  async complete(app: Application, step: ApplicationStep, receipt: StoredReceipt): Promise<void> {
    const done = await this.locked(app.id, step.id, () => this.recordCompletion(app, step.id, receipt));
    if (!done) return;
    await this.cancel("CHECK", app.id, step.id);
    await this.finished(app, done);
    await this.onCompleted(app.id);
  }

  private async recordCompletion(app: Application, stepId: string, receipt: StoredReceipt): Promise<ApplicationStep | null> {
    const fresh = await this.repo.loadStep(app.id, stepId);
    if (!fresh || fresh.state.phase !== "ACCEPTED") return null;
    const completedAt = receipt.completedAt ?? nowIso();
    const pauses = (fresh.pauses ?? []).map((p) => (p.to ? p : { ...p, to: completedAt }));
    const done: ApplicationStep = {
      ...fresh,
      pauses,
      state: { phase: "DONE", receipt: { ...receipt, acceptedAt: fresh.state.receipt.acceptedAt, completedAt, limitCondition: receipt.limitCondition ?? fresh.state.receipt.limitCondition ?? null }, completedAt: nowIso() },
      updatedAt: nowIso(),
    };
    await this.save(app, done);
    return done;
  }

  // ---- at risk ----

  private async risk(appId: string, stepId: string, kind: "RISK" | "OVERDUE"): Promise<number | null> {
    const app = await this.repo.load(appId);
    const step = app?.steps.find((s) => s.id === stepId);
    if (!app || !step || step.state.phase !== "ACCEPTED" || !step.deadline || !step.acceptedAt) return null;
    if ((step.pauses ?? []).some((p) => !p.to)) return null;
    const accepted = Date.parse(step.acceptedAt), deadline = Date.parse(step.deadline);
    const dueAt = kind === "RISK" ? accepted + (deadline - accepted) * this.settings.riskShare : deadline;
    if (now() < dueAt) return dueAt; // the deadline moved since the timer was set
    const entry: StepAtRiskEntry = {
      applicationId: app.id,
      caseNumber: step.state.receipt.caseNumber,
      scenario: app.scenario,
      stepId: step.id,
      itemCode: step.itemCode,
      itemName: itemByCode(step.itemCode)?.name ?? step.itemCode,
      agency: itemByCode(step.itemCode)?.agency ?? "unknown",
      office: officeOf(app),
      acceptedAt: step.acceptedAt,
      deadline: step.deadline,
      risk: now() >= deadline ? "OVERDUE" : "AT_RISK",
    };
    const id = `${app.id}|${step.id}`;
    const before = await this.store.hget(this.riskKey, id);
    if (before && (JSON.parse(before) as StepAtRiskEntry).risk === entry.risk) return null;
    await this.store.hset(this.riskKey, { [id]: JSON.stringify(entry) });
    await Promise.all([this.store.sadd(this.riskSetKey("agency", entry.agency), id), this.store.sadd(this.riskSetKey("office", entry.office), id)]);
    await this.store.publish(this.riskChannel, JSON.stringify(entry));
    return null;
  }

  /** The at-risk and overdue steps, narrowed by agency and office through the index's sets. */
  async atRisk(filter: { office?: string | null; agency?: string | null }): Promise<StepAtRiskEntry[]> {
    let ids: string[] | null = null;
    if (filter.agency) ids = await this.store.smembers(this.riskSetKey("agency", filter.agency));
    if (filter.office) {
      const byOffice = await this.store.smembers(this.riskSetKey("office", filter.office));
      ids = ids ? ids.filter((x) => byOffice.includes(x)) : byOffice;
    }
    let entries: StepAtRiskEntry[];
    if (ids) entries = (await Promise.all(ids.map((id) => this.store.hget(this.riskKey, id)))).filter((x): x is string => !!x).map((x) => JSON.parse(x) as StepAtRiskEntry);
    else entries = Object.values(await this.store.hgetall(this.riskKey)).map((x) => JSON.parse(x) as StepAtRiskEntry);
    return entries.sort((a, b) => (a.deadline ?? "").localeCompare(b.deadline ?? "") || a.applicationId.localeCompare(b.applicationId));
  }

  // ---- the calendar's edge ----

  /** Recomputes the deadlines that waited for `year`; those that now wait for a later year move to its set. */
  async recomputePending(year: number): Promise<number> {
    const key = this.pendingKey(year);
    let n = 0;
    for (const m of await this.store.smembers(key)) {
      const [appId, stepId] = m.split("|") as [string, string];
      // off the year's set first: a deadline that still waits (for a later year) goes into that one's
      await this.store.srem(key, m);
      n += await this.locked(appId, stepId, async () => {
        const app = await this.repo.load(appId);
        const step = app?.steps.find((s) => s.id === stepId);
        if (!app || !step || step.deadlineStatus !== "PENDING_CALENDAR") return 0;
        const receipt = step.state.phase === "ACCEPTED" || step.state.phase === "DONE" ? step.state.receipt : null;
        const base = new Date(step.acceptedAt ?? app.submittedAt);
        const fields = deadlineFields(app, step.itemCode, base, receipt?.limitCondition, step.pauses ?? [], this.cal);
        await this.save(app, { ...step, ...fields, updatedAt: nowIso() });
        return 1;
      });
    }
    await this.store.srem(this.pendingYearsKey, String(year));
    return n;
  }

  private async recomputeKnownYears(): Promise<void> {
    for (const y of await this.store.smembers(this.pendingYearsKey)) {
      if (this.cal.hasYear(Number(y))) await this.recomputePending(Number(y));
    }
  }

  // ---- 补正 ----

  /** The agency asks the applicant for a correction: the case waits, its time stops. */
  requestCorrection(appId: string, stepId: string, note: string | null): Promise<Application> {
    return this.locked(appId, stepId, () => this.recordRequest(appId, stepId, note));
  }

  private async recordRequest(appId: string, stepId: string, note: string | null): Promise<Application> {
    const { app, step } = await this.accepted(appId, stepId);
    if ((step.pauses ?? []).some((p) => !p.to)) throw new KuaibanError(ErrorCode.CONFLICT, `Step ${stepId} already waits for a correction`);
    await this.save(app, { ...step, pauses: [...(step.pauses ?? []), { from: nowIso(), to: null, note }], updatedAt: nowIso() });
    return app;
  }

  /** The applicant supplies the correction: the time runs again and the deadline moves by the time waited, in the limit's unit. */
  supplyCorrection(appId: string, stepId: string): Promise<Application> {
    return this.locked(appId, stepId, () => this.recordSupply(appId, stepId));
  }

  private async recordSupply(appId: string, stepId: string): Promise<Application> {
    const { app, step } = await this.accepted(appId, stepId);
    if (!(step.pauses ?? []).some((p) => !p.to)) throw new KuaibanError(ErrorCode.CONFLICT, `Step ${stepId} does not wait for a correction`);
    const at = nowIso();
    const pauses = (step.pauses ?? []).map((p) => (p.to ? p : { ...p, to: at }));
    const receipt = step.state.phase === "ACCEPTED" ? step.state.receipt : null;
    const fields = deadlineFields(app, step.itemCode, new Date(step.acceptedAt ?? app.submittedAt), receipt?.limitCondition, pauses, this.cal);
    await this.save(app, { ...step, ...fields, pauses, updatedAt: at });
    return app;
  }

  private async accepted(appId: string, stepId: string): Promise<{ app: Application; step: ApplicationStep }> {
    const app = await this.repo.load(appId);
    if (!app) throw notFound(`No application ${appId}`);
    const step = app.steps.find((s) => s.id === stepId);
    if (!step) throw notFound(`Application ${appId} has no step ${stepId}`);
    if (step.state.phase !== "ACCEPTED") throw new KuaibanError(ErrorCode.CONFLICT, `Step ${stepId} is ${step.state.phase}: only a case being handled (受理, not 办结) waits for corrections`);
    return { app, step };
  }

  /** The first CHECK of a case just accepted. */
  firstCheckAt(step: ApplicationStep): string {
    return new Date(this.nextCheck(step, 0)).toISOString();
  }
}
