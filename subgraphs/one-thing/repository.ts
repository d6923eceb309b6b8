import { subjectRef } from "../../lib/audit";
import { keyDigest, principalRef } from "../../lib/idempotency";
import type { Principal } from "../../lib/principal";
import type { Store } from "../../lib/store";
import type { Application, ApplicationHeader, ApplicationStep } from "./application";

/**
 * Where applications live in the store. One hash per application: field `header` and one field per
 * step, so parallel steps writing their own state never overwrite each other's. Keys of one
 * application share a {hash tag}.
 *
 * No key name holds an ID number: people appear as keyed pseudonyms (\`subjectRef\`), submitters'
 * idempotency keys under a pseudonym of the submitter. Credit codes (public register numbers) and
 * region names stay as they are. Nothing persisted before used the old names outside development
 * (\`kb:one:idx:person:<id>\`, \`kb:one:idem:<key>\`, \`kb:one:record:<party>\`), so they are not read.
 */
export class ApplicationRepository {
  constructor(readonly store: Store, readonly prefix: string) {}

  appKey(id: string) { return `${this.prefix}:app:{${id}}`; }
  leaseKey(id: string) { return `${this.prefix}:lease:{${id}}`; }
  /** The submitter's idempotency key, by pseudonym and digest: neither the submitter nor what the key spells is in the name. */
  idemKey(key: string, submitter: Principal | undefined) { return `${this.prefix}:idem:${principalRef(submitter)}:${keyDigest(key)}`; }
  get openKey() { return `${this.prefix}:open`; }
  /** Every step not yet done, skipped or revoked (\`app|step\`), scored by its application's submission. */
  get openStepsKey() { return `${this.prefix}:steps:open`; }
  index(kind: "all" | "person" | "employer" | "region", value = "") {
    if (kind === "all") return `${this.prefix}:idx:all`;
    return `${this.prefix}:idx:${kind}:${kind === "person" ? subjectRef(value) : value}`;
  }
  taskKey(id: string) { return `${this.prefix}:vtask:${id}`; }
  tasksIndex(sampledOnly: boolean) { return `${this.prefix}:vtasks${sampledOnly ? ":sampled" : ""}`; }
  /** A person's (ID number) or employer's (credit code) record of false commitments. */
  recordKey(party: string) { return `${this.prefix}:record:${party.length === 18 && /^\d{17}[\dX]$/i.test(party) ? subjectRef(party) : party}`; }

  /** Writes a new application with all its steps, then makes it findable and runnable. */
  async create(app: Application): Promise<void> {
    const { steps, ...header } = app;
    const fields: Record<string, string> = { header: JSON.stringify(header) };
    for (const s of steps) fields[`step:${s.id}`] = JSON.stringify(s);
    await this.store.hset(this.appKey(app.id), fields);
    const score = Date.parse(app.submittedAt);
    await Promise.all([
      this.store.zadd(this.index("all"), score, app.id),
      this.store.zadd(this.index("region", app.region), score, app.id),
      app.idNumber ? this.store.zadd(this.index("person", app.idNumber), score, app.id) : undefined,
      app.creditCode ? this.store.zadd(this.index("employer", app.creditCode), score, app.id) : undefined,
    ]);
    await this.store.sadd(this.openKey, app.id);
    await Promise.all(steps.filter((st) => !closed(st)).map((st) => this.store.zadd(this.openStepsKey, score, `${app.id}|${st.id}`)));
  }

  async load(id: string): Promise<Application | null> {
    const raw = await this.store.hgetall(this.appKey(id));
    if (!raw.header) return null;
    const header = JSON.parse(raw.header) as ApplicationHeader;
    const steps = Object.entries(raw)
      .filter(([k]) => k.startsWith("step:"))
      .map(([, v]) => JSON.parse(v) as ApplicationStep)
      .sort((a, b) => a.stage - b.stage || a.id.localeCompare(b.id));
    return { ...header, steps: orderSteps(header, steps) };
  }

  async loadMany(ids: string[]): Promise<Application[]> {
    const apps = await Promise.all(ids.map((id) => this.load(id)));
    return apps.filter((a): a is Application => a !== null);
  }

  async saveStep(appId: string, step: ApplicationStep): Promise<void> {
    await this.store.hset(this.appKey(appId), { [`step:${step.id}`]: JSON.stringify(step) });
    if (closed(step)) await this.store.zrem(this.openStepsKey, `${appId}|${step.id}`);
  }

  /** How long the oldest step not yet done has been open (since its application came in), in ms; 0 when none is. */
  async oldestOpenStepMs(nowMs: number): Promise<number> {
    const [first] = await this.store.zrange(this.openStepsKey, { count: 1 });
    if (!first) return 0;
    const since = await this.store.zscore(this.openStepsKey, first);
    return since === null ? 0 : Math.max(0, nowMs - since);
  }

  async loadStep(appId: string, stepId: string): Promise<ApplicationStep | null> {
    const raw = await this.store.hget(this.appKey(appId), `step:${stepId}`);
    return raw ? (JSON.parse(raw) as ApplicationStep) : null;
  }

  async saveHeader(app: ApplicationHeader): Promise<void> {
    const { steps: _steps, ...header } = app as Application;
    await this.store.hset(this.appKey(app.id), { header: JSON.stringify(header) });
  }

  async markFinished(id: string): Promise<void> {
    await this.store.srem(this.openKey, id);
  }

  async markOpen(id: string): Promise<void> {
    await this.store.sadd(this.openKey, id);
  }

  /** Whether a submission put the application in the engines' queue (a replay does so only when it did not). */
  async wasQueued(id: string): Promise<boolean> {
    return (await this.store.hget(this.appKey(id), "queued")) !== null;
  }

  async markQueued(id: string): Promise<void> {
    await this.store.hset(this.appKey(id), { queued: "1" });
  }

  /** The end state an application was last reported finished in (see `Runner.finish`). */
  async finishedAs(id: string): Promise<string | null> {
    return this.store.hget(this.appKey(id), "finished");
  }

  async markFinishedAs(id: string, end: string): Promise<void> {
    await this.store.hset(this.appKey(id), { finished: end });
  }

  openIds(): Promise<string[]> {
    return this.store.smembers(this.openKey);
  }

  /** Newest first. */
  idsIn(indexKey: string): Promise<string[]> {
    return this.store.zrange(indexKey, { rev: true });
  }

  /**
   * A lease is held by whoever wrote its token; it lapses by itself when its holder stops renewing
   * it (the runner's heartbeat), so it only keeps two live engines from driving one application.
   */
  async claim(id: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.store.set(this.leaseKey(id), owner, { nx: true, ttlMs });
  }

  async renew(id: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.store.renewIfHeld(this.leaseKey(id), owner, ttlMs);
  }

  async release(id: string, owner: string): Promise<void> {
    await this.store.releaseIfHeld(this.leaseKey(id), owner);
  }
}

/** Done, skipped or revoked: nothing more happens to the step (manual handling is still open). */
function closed(step: ApplicationStep): boolean {
  return step.state.phase === "DONE" || step.state.phase === "SKIPPED" || step.state.phase === "REVOKED";
}

/** Steps in workflow order (the order they were created in), which the header records. */
function orderSteps(header: ApplicationHeader, steps: ApplicationStep[]): ApplicationStep[] {
  const order = header.stepOrder;
  if (!order) return steps;
  const pos = new Map(order.map((id, i) => [id, i]));
  return [...steps].sort((a, b) => (pos.get(a.id) ?? 0) - (pos.get(b.id) ?? 0));
}
