import { randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { contextOf, inSpan } from "../../lib/tracing";
import { nowIso } from "../../lib/clock";
import { codeOf } from "../../lib/errors";
import { log } from "../../lib/log";
import type { Store } from "../../lib/store";
import {
  type Application,
  type ApplicationStep,
  type StepState,
  applicationStatus,
  isTerminal,
  passedAgency,
  satisfiesNeed,
  unreachable,
} from "./application";
import { appendRoster, publishProgress, stepEvent } from "./events";
import { type StepExecutor, type StepReceipt, isTransient } from "./executor";
import type { EngineSettings } from "./options";
import type { ApplicationRepository } from "./repository";
import { officeOf, storedReceipt } from "./deadlines";
import type { Tracking } from "./tracking";

/** The state a step is put in when a commitment it relies on proved false before it finished. */
export const COMMITMENT_FALSE = "COMMITMENT_FALSE";

type Gate = { go: true } | { go: false; blockedBy: string | null };

/**
 * Drives applications to the end, stage by stage. Work is claimed per application with a lease in
 * the store, renewed while it is driven; a process that dies loses its leases after `leaseMs` and
 * any engine then resumes its applications (the poll picks up every open one). Each step is
 * recorded RUNNING before its agency is called, so a resumed RUNNING step is called again with the
 * same idempotency key and the agency returns its first receipt instead of performing it twice.
 */
export class Runner {
  readonly owner: string;
  private readonly driving = new Map<string, Promise<void>>();
  private readonly wakers = new Set<() => void>();
  private stopped = true;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: ApplicationRepository,
    private readonly store: Store,
    private readonly executor: StepExecutor,
    private readonly settings: EngineSettings,
    private readonly tracking: Tracking,
    owner?: string,
  ) {
    this.owner = owner ?? `engine-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  /** Starts polling for open applications; every unfinished one is resumed. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const poll = async () => {
      if (this.stopped) return;
      try {
        for (const id of await this.repo.openIds()) this.kick(id);
      } catch (err) {
        log.warn({ err }, "one-thing runner could not list open applications");
      }
      if (!this.stopped) this.pollTimer = setTimeout(poll, this.settings.pollMs);
    };
    void poll();
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** Claims and drives an application unless this process is already driving it. */
  kick(id: string): void {
    if (this.stopped || this.driving.has(id)) return;
    const run = (async () => {
      if (!(await this.repo.claim(id, this.owner, this.settings.leaseMs))) return;
      try {
        await this.drive(id);
      } finally {
        await this.repo.release(id, this.owner).catch(() => undefined);
      }
    })()
      .catch((err) => log.error({ err, applicationId: id }, "one-thing runner failed on an application"))
      .finally(() => this.driving.delete(id));
    this.driving.set(id, run);
  }

  /** Stops taking work, lets in-flight agency calls finish and record their result, releases the leases. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    for (const wake of this.wakers) wake();
    await Promise.all(this.driving.values());
  }

  private async drive(id: string): Promise<void> {
    let lost = false;
    // set by anything that may let the application move (a step finished, the lease was lost,
    // close()); checked before sleeping so a wake between two looks is never missed
    let signalled = false;
    let sleeper: (() => void) | undefined;
    const wake = () => { signalled = true; sleeper?.(); };
    this.wakers.add(wake);
    const renew = setInterval(() => {
      this.repo.renew(id, this.owner, this.settings.leaseMs).then((ok) => {
        if (!ok) { lost = true; wake(); }
      }, () => undefined);
    }, Math.max(50, Math.floor(this.settings.leaseMs / 3)));
    const inflight = new Map<string, Promise<void>>();
    try {
      while (!this.stopped && !lost) {
        signalled = false;
        const app = await this.repo.load(id);
        if (!app) return;
        let nextAt = Infinity;
        const now = Date.now();
        for (const step of app.steps) {
          if (this.stopped || lost) break;
          if (inflight.has(step.id) || passedAgency(step.state)) continue;
          if (step.state.phase === "WAITING_RETRY" && Date.parse(step.state.nextAttemptAt) > now) {
            nextAt = Math.min(nextAt, Date.parse(step.state.nextAttemptAt));
            continue;
          }
          const gate = gateOf(app, step);
          if (gate.go) {
            const run = this.perform(app, step)
              // the step stays RUNNING in the store and is performed again (same key) on the next look
              .catch((err) => log.error({ err, applicationId: id, stepId: step.id }, "one-thing could not record a step"))
              .finally(() => { inflight.delete(step.id); wake(); });
            inflight.set(step.id, run);
          } else if (gate.blockedBy) {
            await this.update(app, step, {
              phase: "MANUAL",
              errorCode: "PREREQUISITE_IN_MANUAL_HANDLING",
              reason: `waits for ${gate.blockedBy}, which is in manual handling`,
              blockedBy: gate.blockedBy,
              since: nowIso(),
            });
            signalled = true; // what it blocks in turn is seen on the next look
          }
        }
        if (inflight.size === 0 && !signalled && app.steps.every((s) => isTerminal(s.state))) {
          await this.finish(app);
          return;
        }
        if (inflight.size === 0 && !signalled && nextAt === Infinity && app.steps.some((s) => s.state.phase === "ACCEPTED")) {
          // nothing to send until an agency completes a case: its CHECK timer brings the application
          // back, so it leaves the runner's open set instead of being looked at on every poll
          for (const s of app.steps) await this.tracking.ensureCheck(id, s);
          await this.repo.markFinished(id);
          return;
        }
        if (signalled) continue;
        await new Promise<void>((resolve) => {
          const timer = nextAt < Infinity ? setTimeout(() => sleeper?.(), Math.max(0, nextAt - Date.now())) : undefined;
          sleeper = () => { clearTimeout(timer); sleeper = undefined; resolve(); };
        });
      }
      // stopped (or the lease lost) just as the last step was recorded: finish it now rather than
      // leave it for the next engine's poll
      if (!lost) {
        await Promise.all(inflight.values());
        const app = await this.repo.load(id);
        if (app && app.steps.every((s) => isTerminal(s.state))) await this.finish(app);
      }
    } finally {
      this.wakers.delete(wake);
      clearInterval(renew);
      await Promise.all(inflight.values());
    }
  }

  /** Nothing is left to do: off the open set, the end published and reported. */
  private async finish(app: Application): Promise<void> {
    await this.repo.markFinished(app.id);
    const status = applicationStatus(app.steps);
    await publishProgress(this.store, {
      applicationId: app.id, kind: "APPLICATION", status, stepId: null, itemCode: null,
      phase: null, attempts: null, caseNumber: null, errorCode: null, at: nowIso(),
    });
    if (status !== "IN_PROGRESS") {
      await this.tracking.figures.applicationFinished({ applicationId: app.id, scenario: app.scenario, office: officeOf(app), status, at: nowIso() })
        .catch((err) => log.warn({ err, applicationId: app.id }, "one-thing could not report a finished application"));
    }
  }

  private async perform(app: Application, step: ApplicationStep): Promise<void> {
    const running: ApplicationStep = { ...step, attempts: step.attempts + 1 };
    await this.update(app, running, { phase: "RUNNING", startedAt: nowIso() });
    let receipt: StepReceipt;
    try {
      // a span per performance, in the submitting request's trace (its traceparent is on the application)
      receipt = await inSpan(`one-thing step ${running.itemCode}`, { "kuaiban.step.id": running.id, "kuaiban.step.item": running.itemCode, "kuaiban.step.attempt": running.attempts },
        () => this.executor(running, app, running.idempotencyKey), { kind: SpanKind.INTERNAL, parent: contextOf(app.traceparent) });
    } catch (err) {
      const code = codeOf(err) ?? "UPSTREAM_UNAVAILABLE";
      const message = err instanceof Error ? err.message : String(err);
      // waiting for another agency's 办结 is not a failure: it is tried again however long that takes
      const waits = this.awaitsCompletion(app, running, code);
      if ((isTransient(err) && running.attempts < this.settings.maxAttempts) || (waits && !this.stopped)) {
        const delay = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** Math.min(30, running.attempts - 1));
        await this.update(app, running, { phase: "WAITING_RETRY", nextAttemptAt: new Date(Date.now() + delay).toISOString(), errorCode: code, error: message });
      } else {
        const reason = isTransient(err) ? `gave up after ${running.attempts} attempts: ${message}` : message;
        log.warn({ applicationId: app.id, stepId: running.id, itemCode: running.itemCode, code, attempts: running.attempts }, "one-thing step needs manual handling");
        await this.update(app, running, { phase: "MANUAL", errorCode: code, reason, blockedBy: null, since: nowIso() });
      }
      return;
    }
    const stored = storedReceipt(receipt);
    const at = nowIso();
    // a false commitment recorded while the agency was working: what it did is revoked at once
    const current = await this.repo.loadStep(app.id, step.id);
    const revoked = current?.state.phase === "MANUAL" && current.state.errorCode === COMMITMENT_FALSE;
    await appendRoster(this.store, this.settings.rosterStream, {
      type: revoked ? "REVOKED" : "COMPLETED",
      itemCode: running.itemCode,
      idNumber: app.idNumber ?? "",
      creditCode: app.creditCode ?? "",
      applicationId: app.id,
      caseNumber: stored.caseNumber,
      at,
      stepId: running.id,
      action: running.action,
      scenario: String(app.scenario),
    });
    // 受理: the limit counts from the agency's acceptance, under the condition it states
    const accepted = this.tracking.acceptedStep(app, running, stored);
    if (revoked) {
      const taskId = current.state.phase === "MANUAL" ? current.state.verificationTaskId ?? "" : "";
      await this.update(app, accepted, { phase: "REVOKED", receipt: stored, revokedAt: at, verificationTaskId: taskId });
      return;
    }
    if (stored.status === "COMPLETED") {
      // accepted and completed in one (即办): 办结 now
      const done = await this.update(app, accepted, { phase: "DONE", receipt: { ...stored, completedAt: stored.completedAt ?? at }, completedAt: at });
      await this.tracking.finished(app, done);
      return;
    }
    await this.update(app, accepted, { phase: "ACCEPTED", receipt: stored, acceptedAt: stored.acceptedAt, checks: 0, nextCheckAt: this.tracking.firstCheckAt(accepted) });
  }

  /**
   * A refusal because the state it needs is not there yet, while a step it builds on was accepted
   * but is still being completed (a card in production): the agency will allow it once that
   * finishes, so it is tried again like an unavailable system rather than sent to manual handling.
   */
  private awaitsCompletion(app: Application, step: ApplicationStep, code: string): boolean {
    if (code !== "CONFLICT") return false;
    return step.needs.some((n) => {
      const need = app.steps.find((s) => s.id === n)?.state;
      return need?.phase === "ACCEPTED" || (need?.phase === "DONE" && need.receipt.status !== "COMPLETED");
    });
  }

  /** Records a step's new state, in the store and on the application's channel; its timers follow. */
  private async update(app: Application, step: ApplicationStep, state: StepState): Promise<ApplicationStep> {
    const next: ApplicationStep = { ...step, state, updatedAt: nowIso() };
    const i = app.steps.findIndex((s) => s.id === step.id);
    app.steps[i] = next;
    await this.repo.saveStep(app.id, next);
    await publishProgress(this.store, stepEvent(app.id, next, applicationStatus(app.steps)));
    await this.tracking.afterSave(app, next);
    return next;
  }
}

/**
 * Whether a step may start: every step of the earlier stages has finished (done, skipped or in
 * manual handling) and every step it needs is done or skipped. A needed step in manual handling
 * (or revoked) blocks it for good, so it goes to manual handling too.
 */
export function gateOf(app: Application, step: ApplicationStep): Gate {
  const byId = new Map(app.steps.map((s) => [s.id, s]));
  for (const n of step.needs) {
    const need = byId.get(n);
    if (!need) continue;
    const phase = need.state.phase;
    switch (phase) {
      case "MANUAL":
      case "REVOKED":
        return { go: false, blockedBy: n };
      case "PENDING":
      case "RUNNING":
      case "WAITING_RETRY":
      case "DONE":
      case "SKIPPED":
      case "ACCEPTED":
        break;
      default:
        unreachable(phase);
    }
  }
  if (app.steps.some((s) => s.stage < step.stage && !passedAgency(s.state))) return { go: false, blockedBy: null };
  if (step.needs.some((n) => byId.has(n) && !satisfiesNeed(byId.get(n)!.state))) return { go: false, blockedBy: null };
  return { go: true };
}
