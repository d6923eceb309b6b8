import { SpanKind } from "@opentelemetry/api";
import { contextOf, inSpan } from "../../lib/tracing";
import { clockMs, now, nowIso } from "../../lib/clock";
import { codeOf } from "../../lib/errors";
import { log } from "../../lib/log";
import type { Store } from "../../lib/store";
import {
  type Application,
  type ApplicationStep,
  type StepState,
  applicationStatus,
  satisfiesNeed,
  passedAgency,
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
 * What the runner does to one application it holds: performs a step at its agency (recorded
 * RUNNING first, so a repeat carries the same idempotency key), records each new state with its
 * event and timers, and reports the application's end.
 */
export class StepPerformer {
  constructor(
    private readonly repo: ApplicationRepository,
    private readonly store: Store,
    private readonly executor: StepExecutor,
    private readonly settings: EngineSettings,
    private readonly tracking: Tracking,
    /** Whether the engine is stopping: a refusal that waits for another agency's 办结 is then not turned into a retry. */
    private readonly stopping: () => boolean,
  ) {}

  /**
   * Nothing is left to do: off the open set, the end published and reported, once per end state
   * (a late entry for an application already finished finds its end recorded and says nothing).
   */
  async finish(app: Application): Promise<void> {
    const end = app.steps.map((s) => `${s.id}:${s.state.phase}:${s.updatedAt}`).join("|");
    await this.repo.markFinished(app.id);
    if ((await this.repo.finishedAs(app.id)) === end) return;
    const status = applicationStatus(app.steps);
    await publishProgress(this.store, {
      applicationId: app.id, kind: "APPLICATION", status, stepId: null, itemCode: null,
      phase: null, attempts: null, caseNumber: null, errorCode: null, at: nowIso(),
    });
    if (status !== "IN_PROGRESS") {
      await this.tracking.figures.applicationFinished({ applicationId: app.id, scenario: app.scenario, office: officeOf(app), status, at: nowIso() })
        .catch((err) => log.warn({ err, applicationId: app.id }, "one-thing could not report a finished application"));
    }
    await this.repo.markFinishedAs(app.id, end);
  }

  async perform(app: Application, step: ApplicationStep): Promise<void> {
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
      if ((isTransient(err) && running.attempts < this.settings.maxAttempts) || (waits && !this.stopping())) {
        const delay = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** Math.min(30, running.attempts - 1));
        await this.update(app, running, { phase: "WAITING_RETRY", nextAttemptAt: new Date(now() + clockMs(delay)).toISOString(), errorCode: code, error: message });
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
  async update(app: Application, step: ApplicationStep, state: StepState): Promise<ApplicationStep> {
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
