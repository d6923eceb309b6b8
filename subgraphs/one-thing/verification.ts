import { createHash } from "node:crypto";
import { badInput, notFound } from "../../lib/errors";
import type { Store } from "../../lib/store";
import { type Application, type ApplicationStep, applicationStatus, unreachable } from "./application";
import { appendRoster, publishProgress, stepEvent } from "./events";
import { materialById } from "./materials";
import { type FiguresSink, noFigures } from "./figures/sink";
import type { EngineSettings } from "./options";
import type { ApplicationRepository } from "./repository";
import { COMMITMENT_FALSE } from "./step-performer";

/**
 * 事中事后监管 of commitments: every commitment an application relied on becomes a task; a share
 * of them is sampled for checking; staff record what the check found. A FALSE outcome revokes the
 * steps that relied on the material and is recorded against the applicant.
 */
export type VerificationStatus = "NOT_SAMPLED" | "PENDING" | "CONFIRMED" | "FALSE";
export type VerificationOutcome = "CONFIRMED" | "FALSE";

export interface VerificationTask {
  id: string;
  applicationId: string;
  scenario: number;
  material: string;
  materialName: string;
  statement: string | null;
  idNumber: string | null;
  creditCode: string | null;
  region: string;
  /** The office the application counts for (tasks made before it was kept: their region). */
  office?: string;
  sampled: boolean;
  status: VerificationStatus;
  /** Steps whose item asked for the material. */
  stepIds: string[];
  note: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  createdAt: string;
}

export interface ApplicantRecordEntry {
  verificationTaskId: string;
  applicationId: string;
  scenario: number;
  material: string;
  note: string | null;
  revokedItems: string[];
  at: string;
}

/** A deterministic draw in [0, 1) from the seed and the task, so a given application is always sampled alike. */
export function sampleDraw(seed: string, applicationId: string, material: string): number {
  const h = createHash("sha256").update(`${seed}|${applicationId}|${material}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

export class Verification {
  constructor(
    private readonly repo: ApplicationRepository,
    private readonly store: Store,
    private readonly settings: EngineSettings,
    private readonly figures: FiguresSink = noFigures,
  ) {}

  /** Called after a step was changed here (the engine keeps the step's timers and at-risk entry in line). */
  afterSave: (app: Application, step: ApplicationStep) => Promise<void> = async () => undefined;

  async createTasks(app: Application): Promise<VerificationTask[]> {
    const tasks = app.commitments.map((c): VerificationTask => {
      const sampled = sampleDraw(this.settings.verificationSeed, app.id, c.material) < this.settings.verificationShare;
      return {
        id: c.verificationTaskId,
        applicationId: app.id,
        scenario: app.scenario,
        material: c.material,
        materialName: materialById(c.material)?.name ?? c.material,
        statement: c.statement,
        idNumber: app.idNumber,
        creditCode: app.creditCode,
        region: app.region,
        office: app.office ?? app.region,
        sampled,
        status: sampled ? "PENDING" : "NOT_SAMPLED",
        stepIds: app.steps.filter((s) => s.materials.includes(c.material)).map((s) => s.id),
        note: null,
        recordedBy: null,
        recordedAt: null,
        createdAt: app.submittedAt,
      };
    });
    for (const t of tasks) {
      // nx: a repeated submission must not reset a task staff already worked on
      if (await this.store.set(this.repo.taskKey(t.id), JSON.stringify(t), { nx: true })) {
        const score = Date.parse(t.createdAt);
        await this.store.zadd(this.repo.tasksIndex(false), score, t.id);
        if (t.sampled) await this.store.zadd(this.repo.tasksIndex(true), score, t.id);
      }
    }
    return tasks;
  }

  async task(id: string): Promise<VerificationTask | null> {
    const raw = await this.store.get(this.repo.taskKey(id));
    return raw ? (JSON.parse(raw) as VerificationTask) : null;
  }

  async tasks(opts: { sampledOnly: boolean; region?: string | null; status?: VerificationStatus | null }): Promise<VerificationTask[]> {
    const ids = await this.store.zrange(this.repo.tasksIndex(opts.sampledOnly), { rev: true });
    const raw = await this.store.mget(ids.map((id) => this.repo.taskKey(id)));
    return raw
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as VerificationTask)
      .filter((t) => (!opts.region || t.region === opts.region) && (!opts.status || t.status === opts.status));
  }

  async record(taskId: string, outcome: VerificationOutcome, note: string | null, recordedBy: string): Promise<VerificationTask> {
    const task = await this.task(taskId);
    if (!task) throw notFound(`No verification task ${taskId}`);
    if (task.status === "CONFIRMED" || task.status === "FALSE") throw badInput(`Task ${taskId} already has the outcome ${task.status}`);
    const at = new Date().toISOString();
    const updated: VerificationTask = { ...task, status: outcome, note, recordedBy, recordedAt: at };
    await this.store.set(this.repo.taskKey(taskId), JSON.stringify(updated));
    if (outcome === "FALSE") await this.revoke(updated, at);
    await this.figures.commitmentChecked({ applicationId: task.applicationId, verificationTaskId: taskId, office: task.office ?? task.region, outcome: outcome === "FALSE" ? "FALSE" : "TRUE", at });
    return updated;
  }

  /**
   * Revocation: a done step becomes REVOKED (a roster event of type REVOKED tells the agencies); a
   * step not yet done goes to manual handling so it is not performed on a false basis (if its
   * agency answers after all, the runner revokes it at once).
   */
  private async revoke(task: VerificationTask, at: string): Promise<void> {
    const app = await this.repo.load(task.applicationId);
    if (!app) throw notFound(`No application ${task.applicationId}`);
    const revokedItems: string[] = [];
    for (const stepId of task.stepIds) {
      const step = app.steps.find((s) => s.id === stepId);
      if (!step) continue;
      const next = this.revokedState(step, task, at);
      if (!next) continue;
      const i = app.steps.indexOf(step);
      app.steps[i] = next;
      await this.repo.saveStep(app.id, next);
      await this.afterSave(app, next);
      if (next.state.phase === "REVOKED") {
        revokedItems.push(next.itemCode);
        app.revocations.push({ stepId, itemCode: next.itemCode, caseNumber: next.state.receipt.caseNumber, verificationTaskId: task.id, material: task.material, at });
        await appendRoster(this.store, this.settings.rosterStream, {
          type: "REVOKED", itemCode: next.itemCode, idNumber: app.idNumber ?? "", creditCode: app.creditCode ?? "",
          applicationId: app.id, caseNumber: next.state.receipt.caseNumber, at, stepId, action: next.action, scenario: String(app.scenario),
        });
      }
      await publishProgress(this.store, stepEvent(app.id, next, applicationStatus(app.steps)));
    }
    await this.repo.saveHeader(app);
    const entry: ApplicantRecordEntry = {
      verificationTaskId: task.id, applicationId: app.id, scenario: app.scenario, material: task.material, note: task.note, revokedItems, at,
    };
    for (const party of [app.idNumber, app.creditCode]) {
      if (party) await this.store.hset(this.repo.recordKey(party), { [task.id]: JSON.stringify(entry) });
    }
  }

  private revokedState(step: ApplicationStep, task: VerificationTask, at: string): ApplicationStep | null {
    const s = step.state;
    switch (s.phase) {
      case "DONE":
      case "ACCEPTED":
        return { ...step, state: { phase: "REVOKED", receipt: s.receipt, revokedAt: at, verificationTaskId: task.id }, updatedAt: at };
      case "PENDING":
      case "RUNNING":
      case "WAITING_RETRY":
        return {
          ...step,
          state: { phase: "MANUAL", errorCode: COMMITMENT_FALSE, reason: `the commitment for ${task.material} proved false`, blockedBy: null, since: at, verificationTaskId: task.id },
          updatedAt: at,
        };
      case "SKIPPED":
      case "MANUAL":
      case "REVOKED":
        return null;
      default:
        return unreachable(s);
    }
  }

  async applicantRecord(party: string): Promise<ApplicantRecordEntry[]> {
    const raw = await this.store.hgetall(this.repo.recordKey(party));
    return Object.values(raw).map((r) => JSON.parse(r) as ApplicantRecordEntry).sort((a, b) => a.at.localeCompare(b.at));
  }
}
