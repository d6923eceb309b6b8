import { randomUUID } from "node:crypto";
import { now as clockNow, nowIso, realMs } from "../../lib/clock";
import { log } from "../../lib/log";
import type { Store } from "../../lib/store";
import { isTerminal, passedAgency } from "./application";
import type { StepExecutor } from "./executor";
import type { EngineSettings } from "./options";
import type { ApplicationRepository } from "./repository";
import { StepPerformer, gateOf } from "./step-performer";
import type { Tracking } from "./tracking";
import type { WorkItem, WorkQueue } from "./work-queue";


/** How long one read of the queue waits for new work before it looks again (and sees a stop). */
const READ_BLOCK_MS = 1_000;

/** An application in this engine's hands: the queue entries it holds for it, and how far it is. */
interface Slot {
  appId: string;
  /** Entries of the queue held for this application, acknowledged when it leaves the engine. */
  entries: string[];
  /** Entries received so far: one that arrives after the application was last read means another look. */
  arrivals: number;
  driving: boolean;
  /** Set by the heartbeat when the lease could not be renewed: another engine may have it now. */
  lost: boolean;
  /** Wakes the drive (new entry, lost lease, stop). */
  wake?: () => void;
  /** Resolves a wait for the next look (the lease was held by another engine). */
  retry?: () => void;
}

type Outcome = "left" | "stopped" | "lost";

/**
 * Drives applications to the end, stage by stage. Work arrives through the engines' queue (a store
 * stream read by one consumer group, `WorkQueue`): an entry says "this application needs a look"
 * and stays pending for the engine that read it until the application leaves the engine (finished,
 * waiting for an agency's 办结, or for a retry that is not due soon). While it drives an application
 * the engine holds a lease on it and renews it, and resets the idle time of its entries, every
 * `leaseMs / 5` (the heartbeat); an engine that dies stops doing so, and every `pollMs` the others
 * take over entries idle longer than `leaseMs`. The lease keeps two engines from driving one
 * application at once when it has entries with both. Each step is recorded RUNNING before its agency
 * is called, so a resumed RUNNING step is called again with the same idempotency key and the agency
 * returns its first receipt instead of performing it twice. Nothing here reads the open
 * applications: the store work of an idle engine is the same with ten or ten thousand of them.
 */
export class Runner {
  readonly owner: string;
  private readonly slots = new Map<string, Slot>();
  private readonly tasks = new Set<Promise<void>>();
  private roomWaiters: (() => void)[] = [];
  private stopped = true;
  private generation = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private beatTimer: NodeJS.Timeout | undefined;
  private looking = false;
  private beating = false;
  private warned = false;
  private readonly steps: StepPerformer;

  constructor(
    private readonly repo: ApplicationRepository,
    store: Store,
    executor: StepExecutor,
    private readonly settings: EngineSettings,
    private readonly tracking: Tracking,
    private readonly queue: WorkQueue,
    owner?: string,
  ) {
    this.owner = owner ?? `engine-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.steps = new StepPerformer(repo, store, executor, settings, tracking, () => this.stopped);
  }

  /** How often the leases and queue entries of the applications in hand are renewed. */
  get heartbeatMs(): number {
    return Math.max(20, Math.floor(this.settings.leaseMs / 5));
  }

  /** Starts reading the queue, taking over the work of engines that died, and the heartbeat. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const generation = ++this.generation;
    void this.read(generation);
    this.pollTimer = setInterval(() => void this.look(), this.settings.pollMs);
    this.beatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** The applications this engine holds right now (tests, metrics). */
  get inHand(): number {
    return this.slots.size;
  }

  /**
   * Stops taking work, lets in-flight agency calls finish and record their result, releases the
   * leases and hands what is unfinished back to the queue for another engine.
   */
  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    for (const slot of this.slots.values()) { slot.wake?.(); slot.retry?.(); }
    for (const w of this.roomWaiters.splice(0)) w();
    // the heartbeat goes on while the last agency calls finish, so nobody takes them over meanwhile
    await Promise.all(this.tasks);
    clearInterval(this.beatTimer);
  }

  private async read(generation: number): Promise<void> {
    await this.queue.ensure().catch(() => undefined);
    void this.look(); // what engines that died left, at once
    void this.queue.pruneConsumers().catch(() => undefined); // engines long gone
    while (!this.stopped && generation === this.generation) {
      const room = this.settings.concurrency - this.slots.size;
      if (room <= 0) {
        await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
        continue;
      }
      try {
        const items = await this.queue.read(this.owner, room, READ_BLOCK_MS);
        this.warned = false;
        for (const item of items) this.accept(item);
      } catch (err) {
        if (!this.warned) log.warn({ err }, "one-thing runner cannot read its work queue; trying again");
        this.warned = true;
        await new Promise((r) => setTimeout(r, Math.max(this.settings.pollMs, 200)));
      }
    }
  }

  /** An entry read or taken over: joins the application's slot, or starts one. */
  private accept(item: WorkItem): void {
    if (!item.applicationId) {
      void this.queue.done([item.entryId]).catch(() => undefined);
      return;
    }
    if (this.stopped) {
      // read just as the engine stopped: back in the queue for whoever runs next
      void this.handBack(item.applicationId, [item.entryId]);
      return;
    }
    const existing = this.slots.get(item.applicationId);
    if (existing) {
      if (!existing.entries.includes(item.entryId)) existing.entries.push(item.entryId);
      existing.arrivals++;
      existing.wake?.();
      return;
    }
    const slot: Slot = { appId: item.applicationId, entries: [item.entryId], arrivals: 1, driving: false, lost: false };
    this.slots.set(slot.appId, slot);
    const task = this.run(slot)
      .catch((err) => log.error({ err, applicationId: slot.appId }, "one-thing runner failed on an application"))
      .finally(() => {
        this.tasks.delete(task);
        if (this.slots.get(slot.appId) === slot) this.slots.delete(slot.appId);
        for (const w of this.roomWaiters.splice(0)) w();
      });
    this.tasks.add(task);
  }

  /** One application in hand, from its first entry until it leaves the engine (or the engine stops). */
  private async run(slot: Slot): Promise<void> {
    while (!this.stopped) {
      if (!slot.entries.length) {
        // off the map in the same turn as the check: an entry read from now on starts a new slot
        this.slots.delete(slot.appId);
        return;
      }
      if (!(await this.claim(slot.appId))) {
        // another engine drives it: it looks again once that one lets go (or dies)
        await new Promise<void>((resolve) => { slot.retry = resolve; });
        slot.retry = undefined;
        continue;
      }
      let outcome: Outcome;
      slot.driving = true;
      slot.lost = false;
      try {
        outcome = await this.drive(slot);
      } catch (err) {
        log.error({ err, applicationId: slot.appId }, "one-thing runner failed on an application; it is looked at again");
        outcome = "lost";
      } finally {
        slot.driving = false;
      }
      await this.repo.release(slot.appId, this.owner).catch(() => undefined);
      if (outcome === "lost") await new Promise<void>((resolve) => { slot.retry = resolve; });
      slot.retry = undefined;
      // "left" with entries that came meanwhile: another look
    }
    this.slots.delete(slot.appId);
    const rest = slot.entries.splice(0);
    if (rest.length) await this.handBack(slot.appId, rest);
  }

  private async claim(appId: string): Promise<boolean> {
    try {
      return await this.repo.claim(appId, this.owner, this.settings.leaseMs);
    } catch (err) {
      log.warn({ err, applicationId: appId }, "one-thing runner could not claim an application");
      return false;
    }
  }

  /** Unfinished work of a stopping engine goes back to the queue at once instead of waiting to be taken over. */
  private async handBack(appId: string, entries: string[]): Promise<void> {
    try {
      await this.queue.enqueue(appId, "HANDED_BACK");
      await this.queue.done(entries);
    } catch {
      // left pending: another engine takes it over once it has been idle for leaseMs
    }
  }

  /** Every `pollMs`: entries of engines that died, and applications that waited for another engine's lease. */
  private async look(): Promise<void> {
    if (this.looking || this.stopped) return;
    this.looking = true;
    try {
      for (const slot of this.slots.values()) slot.retry?.();
      const room = this.settings.concurrency - this.slots.size;
      if (room > 0) for (const item of await this.queue.reclaim(this.owner, this.settings.leaseMs, room)) this.accept(item);
    } catch (err) {
      if (!this.warned) log.warn({ err }, "one-thing runner could not look for abandoned work");
    } finally {
      this.looking = false;
    }
  }

  /** Keeps the entries and leases of the applications in hand; notices what another engine took over. */
  private async heartbeat(): Promise<void> {
    if (this.beating || this.slots.size === 0) return;
    this.beating = true;
    try {
      // leases first: a lease then always lapses before the entries of its application can be
      // taken over, so whoever takes them over finds the application free
      await Promise.all([...this.slots.values()].filter((s) => s.driving).map(async (slot) => {
        if (!(await this.repo.renew(slot.appId, this.owner, this.settings.leaseMs))) {
          slot.lost = true;
          slot.wake?.();
        }
      }));
      const sent = [...this.slots.values()].flatMap((s) => s.entries);
      if (sent.length) {
        const asked = new Set(sent);
        const kept = new Set(await this.queue.keep(this.owner, sent));
        for (const slot of this.slots.values()) {
          // an entry another engine took over is its to look at; one read since the call stays
          slot.entries = slot.entries.filter((e) => kept.has(e) || !asked.has(e));
          if (!slot.entries.length && !slot.driving) slot.retry?.();
        }
      }
    } catch {
      // the store is away: leases and entries run on until it is back or they lapse
    } finally {
      this.beating = false;
    }
  }

  private async drive(slot: Slot): Promise<Outcome> {
    const id = slot.appId;
    // set by anything that may let the application move (a step finished, a new entry, the lease
    // lost, close()); checked before sleeping so a wake between two looks is never missed
    let signalled = false;
    let sleeper: (() => void) | undefined;
    slot.wake = () => { signalled = true; sleeper?.(); };
    const inflight = new Map<string, Promise<void>>();
    // leaves the engine unless an entry came after the application was read: its entries are done
    const leave = async (seen: number): Promise<boolean> => {
      if (signalled || slot.arrivals !== seen) return false;
      await this.queue.done(slot.entries.splice(0));
      return true;
    };
    try {
      while (!this.stopped && !slot.lost) {
        signalled = false;
        const seen = slot.arrivals;
        const app = await this.repo.load(id);
        if (!app) {
          if (await leave(seen)) return "left";
          continue;
        }
        let nextAt = Infinity;
        // retry times are on the clock, as every time the application records (a replay runs it fast)
        const now = clockNow();
        for (const step of app.steps) {
          if (this.stopped || slot.lost) break;
          if (inflight.has(step.id) || passedAgency(step.state)) continue;
          if (step.state.phase === "WAITING_RETRY" && Date.parse(step.state.nextAttemptAt) > now) {
            nextAt = Math.min(nextAt, Date.parse(step.state.nextAttemptAt));
            continue;
          }
          const gate = gateOf(app, step);
          if (gate.go) {
            const run = this.steps.perform(app, step)
              // the step stays RUNNING in the store and is performed again (same key) on the next look
              .catch((err) => log.error({ err, applicationId: id, stepId: step.id }, "one-thing could not record a step"))
              .finally(() => { inflight.delete(step.id); slot.wake?.(); });
            inflight.set(step.id, run);
          } else if (gate.blockedBy) {
            await this.steps.update(app, step, {
              phase: "MANUAL",
              errorCode: "PREREQUISITE_IN_MANUAL_HANDLING",
              reason: `waits for ${gate.blockedBy}, which is in manual handling`,
              blockedBy: gate.blockedBy,
              since: nowIso(),
            });
            signalled = true; // what it blocks in turn is seen on the next look
          }
        }
        if (inflight.size === 0 && !signalled) {
          if (app.steps.every((s) => isTerminal(s.state))) {
            await this.steps.finish(app);
            if (await leave(seen)) return "left";
            continue;
          }
          if (realMs(nextAt - clockNow()) > this.settings.retryHoldMs) {
            // nothing to send until an agency completes a case (its CHECK timer brings the
            // application back) or until a retry that is not soon (its RETRY timer does): it leaves
            // the engine instead of being held, and heartbeated, meanwhile
            for (const s of app.steps) await this.tracking.ensureCheck(id, s);
            if (nextAt < Infinity) await this.tracking.scheduleRetry(id, nextAt);
            else await this.repo.markFinished(id);
            if (await leave(seen)) return "left";
            continue;
          }
        }
        if (signalled) continue;
        await new Promise<void>((resolve) => {
          const timer = nextAt < Infinity ? setTimeout(() => sleeper?.(), realMs(nextAt - clockNow())) : undefined;
          sleeper = () => { clearTimeout(timer); sleeper = undefined; resolve(); };
          if (signalled || this.stopped || slot.lost) sleeper();
        });
      }
      if (slot.lost) return "lost";
      // stopped just as the last step was recorded: finish it now rather than hand it back
      await Promise.all(inflight.values());
      const app = await this.repo.load(id);
      if (app && app.steps.every((s) => isTerminal(s.state))) {
        await this.steps.finish(app);
        await this.queue.done(slot.entries.splice(0));
        return "left";
      }
      return "stopped";
    } finally {
      slot.wake = undefined;
      await Promise.all(inflight.values());
    }
  }
}
