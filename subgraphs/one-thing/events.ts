import type { Store } from "../../lib/store";
import type { ApplicationStatus, ApplicationStep, StepPhase } from "./application";

/** The pub/sub channel of one application's progress. */
export const progressChannel = (applicationId: string) => `kb:app:${applicationId}`;

/** What is published on `kb:app:<id>` at every change. */
export interface ProgressEvent {
  applicationId: string;
  /** STEP: one step changed; APPLICATION: the application as a whole reached a status. */
  kind: "STEP" | "APPLICATION";
  status: ApplicationStatus;
  stepId: string | null;
  itemCode: string | null;
  phase: StepPhase | null;
  attempts: number | null;
  caseNumber: string | null;
  errorCode: string | null;
  at: string;
}

export function stepEvent(applicationId: string, step: ApplicationStep, status: ApplicationStatus): ProgressEvent {
  const s = step.state;
  return {
    applicationId,
    kind: "STEP",
    status,
    stepId: step.id,
    itemCode: step.itemCode,
    phase: s.phase,
    attempts: step.attempts,
    caseNumber: s.phase === "DONE" || s.phase === "REVOKED" || s.phase === "ACCEPTED" ? s.receipt.caseNumber : null,
    errorCode: s.phase === "MANUAL" || s.phase === "WAITING_RETRY" ? s.errorCode : null,
    at: step.updatedAt,
  };
}

export async function publishProgress(store: Store, event: ProgressEvent): Promise<void> {
  await store.publish(progressChannel(event.applicationId), JSON.stringify(event));
}

/**
 * The progress of one application as an async iterator, for a `applicationProgress(id)`
 * subscription: subscribes at once, unsubscribes on `return()` (the client went away). Events
 * arriving faster than they are consumed are queued. `ready` resolves once the subscription is live.
 */
export function progressEvents(store: Store, applicationId: string): AsyncIterableIterator<ProgressEvent> & { ready: Promise<void> } {
  const queue: ProgressEvent[] = [];
  const waiting: ((r: IteratorResult<ProgressEvent>) => void)[] = [];
  let unsubscribe: (() => Promise<void>) | undefined;
  let subscribing: Promise<void> | undefined;
  let done = false;

  const start = () => {
    subscribing ??= store.subscribe(progressChannel(applicationId), (message) => {
      const event = JSON.parse(message) as ProgressEvent;
      const next = waiting.shift();
      if (next) next({ value: event, done: false });
      else queue.push(event);
    }).then((u) => { unsubscribe = u; });
    return subscribing;
  };
  const finish = async (): Promise<IteratorResult<ProgressEvent>> => {
    done = true;
    await subscribing;
    await unsubscribe?.();
    for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    return { value: undefined, done: true };
  };

  const ready = start();
  return {
    ready,
    async next() {
      if (done) return { value: undefined, done: true };
      await start();
      const queued = queue.shift();
      if (queued) return { value: queued, done: false };
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    async throw(err) {
      await finish();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Fields of a roster event (同步更新人员名单信息) on the roster stream. */
export interface RosterEvent {
  type: "COMPLETED" | "REVOKED";
  itemCode: string;
  idNumber: string;
  creditCode: string;
  applicationId: string;
  caseNumber: string;
  at: string;
  /** Which step and bundle, so a consumer can tell an enrolment from a contributor change. */
  stepId: string;
  action: string;
  scenario: string;
}

/**
 * Appends a roster event. At-least-once: it is written before the step is recorded DONE, so a
 * crash in between repeats it; consumers deduplicate by (applicationId, stepId, type).
 */
export async function appendRoster(store: Store, stream: string, event: RosterEvent): Promise<string> {
  return store.xadd(stream, { ...event });
}
