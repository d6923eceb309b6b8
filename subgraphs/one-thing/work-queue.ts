import type { Store } from "../../lib/store";

/** Why an application was put in the queue (kept on the entry, for whoever reads the stream). */
export type WorkReason = "SUBMITTED" | "COMPLETED" | "RETRY" | "MANUAL_RETRY" | "RESUBMITTED" | "HANDED_BACK";

export interface WorkItem {
  /** The stream entry: acknowledged once the application has left the engine. */
  entryId: string;
  applicationId: string;
}

/**
 * The engines' durable work queue: one store stream (`<prefix>:{work}:queue`) read by the consumer
 * group `engines`, one entry per "this application needs a look" (submitted, a case completed, a
 * retry due, staff put a step back in line). Each entry goes to one engine and stays pending for it
 * until acknowledged; an entry whose engine stops touching it (the heartbeat: `keep`) is taken over
 * by another engine (`reclaim`). Acknowledged entries are deleted, so the stream holds only work
 * not yet done, whatever the number of applications open.
 */
export class WorkQueue {
  readonly key: string;
  readonly group = "engines";

  constructor(private readonly store: Store, prefix: string) {
    this.key = `${prefix}:{work}:queue`;
  }

  ensure(): Promise<void> {
    return this.store.xgroupEnsure(this.key, this.group);
  }

  /**
   * Every engine process is a consumer of its own (named after it), so restarts leave consumers
   * behind; those that hold nothing and have not looked at the queue for `idleMs` are forgotten.
   */
  pruneConsumers(idleMs = 10 * 60_000): Promise<number> {
    return this.store.xpruneConsumers(this.key, this.group, idleMs);
  }

  async enqueue(applicationId: string, reason: WorkReason): Promise<void> {
    await this.store.xadd(this.key, { app: applicationId, why: reason });
  }

  /** New entries for this consumer, waiting up to `blockMs` for one. */
  async read(consumer: string, count: number, blockMs: number): Promise<WorkItem[]> {
    try {
      return items(await this.store.xreadgroup(this.key, this.group, consumer, { count, blockMs }));
    } catch (err) {
      // the stream or group is gone (an empty store after a restart): made again, read next time
      if (String((err as Error).message).includes("NOGROUP")) await this.ensure();
      throw err;
    }
  }

  /** Entries no engine has touched for `idleMs` (theirs died): this consumer's now. */
  async reclaim(consumer: string, idleMs: number, count: number): Promise<WorkItem[]> {
    try {
      return items(await this.store.xautoclaim(this.key, this.group, consumer, idleMs, count));
    } catch (err) {
      if (String((err as Error).message).includes("NOGROUP")) await this.ensure();
      throw err;
    }
  }

  /** The heartbeat: the entries this consumer still holds, their idle time reset. */
  keep(consumer: string, entryIds: string[]): Promise<string[]> {
    return this.store.xkeep(this.key, this.group, consumer, entryIds);
  }

  /** The applications of these entries have left the engine. */
  async done(entryIds: string[]): Promise<void> {
    if (!entryIds.length) return;
    await this.store.xack(this.key, this.group, ...entryIds);
    await this.store.xdel(this.key, ...entryIds);
  }

  /** Entries waiting for an engine plus those an engine holds. */
  depth(): Promise<number> {
    return this.store.xlag(this.key, this.group).catch(() => 0);
  }

  /** Age of the oldest entry not yet done, in ms (0 when the queue is empty): entry ids carry their time. */
  async oldestAgeMs(): Promise<number> {
    const [first] = await this.store.xrange(this.key, { count: 1 });
    return first ? Math.max(0, Date.now() - Number(first.id.split("-")[0])) : 0;
  }
}

function items(entries: { id: string; fields: Record<string, string> }[]): WorkItem[] {
  return entries.map((e) => ({ entryId: e.id, applicationId: e.fields.app ?? "" }));
}
