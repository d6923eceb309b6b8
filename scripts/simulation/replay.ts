import { randomUUID } from "node:crypto";
import { now, realMs } from "../../lib/clock";
import { ErrorCode } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import { citizen, employerOperator, provinceClerk, windowClerk, type ReplayIdentities } from "./identities";
import type { PlannedApplication } from "./plan";

export interface ReplayTarget {
  /** The gateway's GraphQL URL. */
  gatewayUrl: string;
  identities: ReplayIdentities;
}

export interface ReplayOptions {
  /** Submissions in flight at once (the windows of a province, not one queue). */
  concurrency?: number;
  /** Stop waiting for open applications at this real-time budget after the last submission (ms). */
  drainMs?: number;
  /** Distinguishes this run's idempotency keys from any other run's. */
  runId?: string;
  /** Progress lines (no personal data in them). */
  onProgress?: (line: string) => void;
  /** Real time between two looks at what completed (default 500 ms). */
  watchMs?: number;
  /** Told the time of the next application not yet submitted (Infinity when none is left), so the clock can wait for it. */
  pace?: (nextAt: number) => void;
}

export interface ReplaySummary {
  planned: number;
  submitted: number;
  /** Submissions the system refused, by error code. */
  refused: Record<string, number>;
  completed: number;
  needsManual: number;
  revoked: number;
  stillOpen: number;
  rated: number;
  badRatings: number;
  ratingRefused: Record<string, number>;
  commitmentsChecked: number;
  commitmentsFalse: number;
  /** 差评 follow-ups: call-backs (回访) and rectifications (整改) recorded, ratings after rectification (追评). */
  callBacks: number;
  rectifications: number;
  secondRatings: number;
  wallSeconds: number;
}

interface GqlAnswer<T> { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] }

const SUBMIT = "mutation ReplaySubmit($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }";
const MATERIALS = "query ReplayMaterials($s: Int!) { materialsFor(scenario: $s) { materials { id commitmentEligible } } }";
const LIST = "query ReplayList($status: ApplicationStatus, $after: String) { applications(first: 100, status: $status, after: $after) { nodes { id } endCursor hasNextPage } }";
const TASKS = "query ReplayTasks { verificationTasks(sampledOnly: true, status: PENDING) { id applicationId } }";
const VERIFY = "mutation ReplayVerify($taskId: ID!, $outcome: VerificationOutcome!, $note: String) { recordVerification(taskId: $taskId, outcome: $outcome, note: $note) { id status } }";
const RATE = "mutation ReplayRate($input: RateApplicationInput!) { rateApplication(input: $input) { applicationId } }";
const CALL_BACK = "mutation ReplayCallBack($id: ID!, $note: String) { recordRatingCallBack(applicationId: $id, note: $note) { applicationId } }";
const RECTIFY = "mutation ReplayRectify($id: ID!, $note: String!) { recordRatingRectification(applicationId: $id, note: $note) { applicationId } }";
const HOUR = 3_600_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers that say "not now" rather than "no": a submission is asked again for them, under its key. */
const TRANSIENT = new Set<string>([ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.STORE_UNAVAILABLE, ErrorCode.OVERLOADED, ErrorCode.RATE_LIMITED]);
const SUBMIT_ATTEMPTS = 4;

/**
 * Replays a plan through the gateway: each application is submitted when the system's clock
 * reaches its time, by its window's clerk or online by the applicant; meanwhile the province's
 * window watches what completes, the applicant rates it (some 差评), and sampled commitments are
 * checked (some found false). Returns when every application has left IN_PROGRESS or the drain
 * budget is spent.
 */
export async function replay(plan: PlannedApplication[], target: ReplayTarget, o: ReplayOptions = {}): Promise<ReplaySummary> {
  const t0 = performance.now();
  const runId = o.runId ?? randomUUID().slice(0, 8);
  const concurrency = o.concurrency ?? 8;
  const say = o.onProgress ?? (() => undefined);
  const summary: ReplaySummary = {
    planned: plan.length, submitted: 0, refused: {}, completed: 0, needsManual: 0, revoked: 0, stillOpen: 0,
    rated: 0, badRatings: 0, ratingRefused: {}, commitmentsChecked: 0, commitmentsFalse: 0, callBacks: 0, rectifications: 0, secondRatings: 0, wallSeconds: 0,
  };
  const count = (m: Record<string, number>, k: string) => { m[k] = (m[k] ?? 0) + 1; };

  async function gql<T>(principal: Principal, query: string, variables: Record<string, unknown> = {}): Promise<GqlAnswer<T>> {
    const res = await fetch(target.gatewayUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json", authorization: target.identities.credential(principal),
        // staff state why they read people's data; the window's reason is the case in hand
        "x-purpose": encodeURIComponent("窗口受理一件事"),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlAnswer<T>;
  }
  const codeOf = (a: GqlAnswer<unknown>) => a.errors?.[0]?.extensions?.code ?? "INTERNAL_SERVER_ERROR";

  const materialSets = new Map<number, { id: string; commitmentEligible: boolean }[]>();
  for (const s of new Set(plan.map((p) => p.scenario))) {
    const a = await gql<{ materialsFor: { materials: { id: string; commitmentEligible: boolean }[] } }>(provinceClerk, MATERIALS, { s });
    if (!a.data?.materialsFor) throw new Error(`materialsFor(${s}) failed: ${codeOf(a)}`);
    materialSets.set(s, a.data.materialsFor.materials);
  }

  const byId = new Map<string, PlannedApplication>();
  const settled = new Set<string>();

  const submitter = (p: PlannedApplication): Principal =>
    p.channel === "WINDOW" ? windowClerk(p.office) : p.onlineAs === "employer" && p.creditCode ? employerOperator(p.creditCode) : citizen(p.idNumber);
  // 一事一评: the applicant rates, whoever carried the papers to the window
  const applicant = (p: PlannedApplication): Principal => (p.onlineAs === "employer" && p.creditCode ? employerOperator(p.creditCode) : citizen(p.idNumber));

  async function submit(p: PlannedApplication): Promise<void> {
    const set = materialSets.get(p.scenario)!;
    const promised = p.useCommitments ? set.filter((m) => m.commitmentEligible).map((m) => m.id) : [];
    const input = {
      scenario: p.scenario, idNumber: p.idNumber, ...(p.creditCode ? { creditCode: p.creditCode } : {}),
      materials: set.map((m) => m.id).filter((id) => !promised.includes(id)),
      ...(promised.length ? { commitments: promised.map((material) => ({ material, statement: "本人承诺所提供信息真实有效，如有虚假愿承担相应责任。" })) } : {}),
      idempotencyKey: `replay-${runId}-${p.n}`,
    };
    // An answer lost on the way (a call cut at its deadline, a store or a system away for a moment)
    // may hide a submission the system took: asked again under the same key, it is answered with
    // that application, never a second one, as a window's or a portal's client would do.
    let code = "UPSTREAM_UNAVAILABLE";
    for (let attempt = 0; attempt < SUBMIT_ATTEMPTS; attempt++) {
      if (attempt) await sleep(200 * attempt);
      try {
        const a = await gql<{ submitApplication: { id: string } }>(submitter(p), SUBMIT, { input });
        if (a.data?.submitApplication) { summary.submitted += 1; byId.set(a.data.submitApplication.id, p); return; }
        code = codeOf(a);
      } catch {
        code = "UPSTREAM_UNAVAILABLE";
      }
      if (!TRANSIENT.has(code)) break;
    }
    count(summary.refused, code);
  }

  /** Every id of the replay's applications in one status, as the province's window lists them. */
  async function listed(status: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 1_000; page++) {
      const a: GqlAnswer<{ applications: { nodes: { id: string }[]; endCursor: string | null; hasNextPage: boolean } }> = await gql(provinceClerk, LIST, { status, after });
      const conn = a.data?.applications;
      if (!conn) { say(`listing ${status} refused: ${codeOf(a)} ${a.errors?.[0]?.message ?? ""}`); break; }
      ids.push(...conn.nodes.map((n) => n.id).filter((id) => byId.has(id)));
      if (!conn.hasNextPage || !conn.endCursor) break;
      after = conn.endCursor;
    }
    return ids;
  }

  /** The offices' follow-ups of 差评, each due at a time on the system's clock. */
  const due: { at: number; run: () => Promise<void> }[] = [];
  const later = (at: number, run: () => Promise<void>) => { due.push({ at, run }); };
  function followUp(id: string, p: PlannedApplication): void {
    const f = p.followUp;
    if (!f) return;
    const office = windowClerk(p.office);
    const calledAt = now() + f.callBackHours * HOUR;
    later(calledAt, async () => {
      const a = await gql(office, CALL_BACK, { id, note: "已电话回访申请人，了解不满意原因" });
      if (!a.errors) summary.callBacks += 1;
    });
    later(calledAt + f.rectifyDays * 24 * HOUR, async () => {
      const a = await gql(office, RECTIFY, { id, note: "已按申请人反映的问题整改并告知" });
      if (a.errors) return;
      summary.rectifications += 1;
      if (!f.again) return;
      const again = await gql(applicant(p), RATE, { input: { applicationId: id, level: f.again, tags: f.again === "DISSATISFIED" ? ["TOOK_TOO_LONG"] : ["EFFICIENT"] } });
      if (!again.errors) summary.secondRatings += 1;
    });
  }
  async function runDue(): Promise<void> {
    const t = now();
    const ready = due.filter((d) => d.at <= t);
    if (!ready.length) return;
    for (const d of ready) due.splice(due.indexOf(d), 1);
    for (const d of ready) await d.run().catch(() => undefined);
  }

  const checked = new Set<string>();
  async function watch(): Promise<void> {
    await runDue();
    for (const id of await listed("COMPLETED")) {
      if (settled.has(id)) continue;
      settled.add(id);
      summary.completed += 1;
      const p = byId.get(id)!;
      if (!p.rating) continue;
      const a = await gql<{ rateApplication: unknown }>(applicant(p), RATE, { input: { applicationId: id, level: p.rating.level, tags: p.rating.tags, ...(p.rating.comment ? { comment: p.rating.comment } : {}) } });
      if (a.data?.rateApplication) {
        summary.rated += 1;
        if (p.rating.level === "DISSATISFIED" || p.rating.level === "VERY_DISSATISFIED") { summary.badRatings += 1; followUp(id, p); }
      } else count(summary.ratingRefused, codeOf(a));
    }
    const tasks = await gql<{ verificationTasks: { id: string; applicationId: string }[] }>(provinceClerk, TASKS);
    for (const t of tasks.data?.verificationTasks ?? []) {
      const p = byId.get(t.applicationId);
      if (!p || checked.has(t.id)) continue;
      checked.add(t.id);
      const outcome = p.commitmentFalse ? "FALSE" : "CONFIRMED";
      const a = await gql<{ recordVerification: unknown }>(provinceClerk, VERIFY, { taskId: t.id, outcome, note: outcome === "FALSE" ? "核查发现承诺内容与事实不符" : "核查属实" });
      if (a.data?.recordVerification) { summary.commitmentsChecked += 1; if (outcome === "FALSE") summary.commitmentsFalse += 1; }
    }
  }

  // submissions at their time on the system's clock, a few in flight at once; the clock is held at
  // the earliest one not yet submitted, so none goes in later than planned however slow the machine
  let next = 0;
  let submitting = true;
  // one in flight may go in up to a few hours late, never on another (China) day than planned
  const latest = (at: number) => Math.min(at + 6 * HOUR, Math.floor((at + 8 * HOUR) / (24 * HOUR) + 1) * 24 * HOUR - 8 * HOUR - 1);
  const inFlight = new Map<number, number>();
  const pace = () => o.pace?.(Math.min(...inFlight.values(), plan[next]?.at ?? Infinity));
  pace();
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < plan.length) {
      const p = plan[next++]!;
      inFlight.set(p.n, latest(p.at));
      pace();
      for (let wait = p.at - now(); wait > 0; wait = p.at - now()) await sleep(Math.max(1, Math.min(realMs(wait), 1_000)));
      await submit(p);
      inFlight.delete(p.n);
      pace();
    }
  });
  const watcher = (async () => {
    let lastSay = 0;
    while (submitting) {
      await watch().catch(() => undefined);
      if (performance.now() - lastSay > 2_000) { lastSay = performance.now(); say(`${summary.submitted}/${plan.length} submitted, ${summary.completed} completed, clock ${new Date(now() + 8 * 3_600_000).toISOString().slice(0, 16)}`); }
      // listing the province's applications costs the system more as they grow: not too often
      await sleep(o.watchMs ?? 500);
    }
  })();
  await Promise.all(workers);
  o.pace?.(Infinity);
  submitting = false;
  await watcher;
  const drainUntil = performance.now() + (o.drainMs ?? 30_000);
  for (;;) {
    await watch().catch(() => undefined);
    const open = await listed("IN_PROGRESS");
    if (!open.length || performance.now() > drainUntil) { summary.stillOpen = open.length; break; }
    await sleep(150);
  }
  summary.needsManual = (await listed("NEEDS_MANUAL")).length;
  summary.revoked = (await listed("REVOKED")).length;
  summary.wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
  return summary;
}
