import type { ItemReceipt } from "../../lib/receipt.type";
import { itemByCode, scenarios } from "../../schema/catalogue";
import { type Application, type ApplicationStep, type StoredReceipt, applicationStatus, completedAt, officeOfApplication, isTerminal, unreachable } from "./application";
import type * as T from "./application.type";
import { materialById, materialSetOf, materialsOfItem } from "./materials";
import type { VerificationTask } from "./verification";
import { nowIso } from "../../lib/clock";
import { processingTime } from "../../schema/calendar/deadline";

// Translation between the stored application and its GraphQL shape.

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

function receiptOf(r: StoredReceipt): ItemReceipt {
  return { ...r, acceptedAt: new Date(r.acceptedAt), completedAt: date(r.completedAt) };
}

function overdue(step: ApplicationStep): boolean {
  if (!step.deadline) return false;
  const s = step.state;
  if (s.phase === "DONE") return (s.receipt.completedAt ?? s.completedAt) > step.deadline;
  const waiting = (step.pauses ?? []).some((p) => !p.to);
  return !isTerminal(s) && !waiting && nowIso() > step.deadline;
}

function deadlineStatusOf(step: ApplicationStep): "SET" | "NONE" | "PENDING_CALENDAR" {
  return step.deadlineStatus ?? (step.deadline ? "SET" : "NONE");
}

export function stepView(step: ApplicationStep): T.ApplicationStep {
  const base = {
    id: step.id,
    stage: step.stage,
    relation: step.relation,
    itemCode: step.itemCode,
    itemName: itemByCode(step.itemCode)?.name ?? step.itemCode,
    itemCodes: step.itemCodes,
    agency: itemByCode(step.itemCode)?.agency ?? "unknown",
    action: step.action,
    rule: step.rule,
    status: step.state.phase,
    deadline: date(step.deadline),
    deadlineStatus: deadlineStatusOf(step),
    timeLimit: step.limit ? { text: step.limit.text, value: step.limit.value, unit: step.limit.unit, basis: step.limit.basis, condition: step.limit.condition } : null,
    overdue: overdue(step),
    acceptedAt: date(step.acceptedAt),
    completedAt: null as Date | null,
    processingTime: null as T.ProcessingTime | null,
    waitingForCorrection: (step.pauses ?? []).some((p) => !p.to),
    corrections: (step.pauses ?? []).map((p) => ({ requestedAt: new Date(p.from), suppliedAt: date(p.to), note: p.note })),
    attempts: step.attempts,
    needs: step.needs,
    materials: step.materials,
    updatedAt: new Date(step.updatedAt),
    receipt: null as ItemReceipt | null,
    caseNumber: null as string | null,
    nextAttemptAt: null as Date | null,
    errorCode: null as string | null,
    reason: null as string | null,
    blockedBy: null as string | null,
  };
  const s = step.state;
  switch (s.phase) {
    case "PENDING":
    case "RUNNING":
      return base;
    case "SKIPPED":
      return { ...base, reason: `condition not met: ${s.reason}` };
    case "WAITING_RETRY":
      return { ...base, nextAttemptAt: new Date(s.nextAttemptAt), errorCode: s.errorCode, reason: s.error };
    case "ACCEPTED":
      return { ...base, receipt: receiptOf(s.receipt), caseNumber: s.receipt.caseNumber };
    case "DONE": {
      const done = s.receipt.completedAt ?? s.completedAt;
      const accepted = step.acceptedAt ?? s.receipt.acceptedAt;
      return {
        ...base, receipt: receiptOf(s.receipt), caseNumber: s.receipt.caseNumber, acceptedAt: new Date(accepted), completedAt: new Date(done),
        processingTime: processingTime(accepted, done, step.pauses ?? []),
      };
    }
    case "MANUAL":
      return { ...base, errorCode: s.errorCode, reason: s.reason, blockedBy: s.blockedBy };
    case "REVOKED":
      return { ...base, receipt: receiptOf(s.receipt), caseNumber: s.receipt.caseNumber, reason: `revoked: verification ${s.verificationTaskId} found the commitment false` };
    default:
      return unreachable(s);
  }
}

export function applicationView(app: Application): T.Application {
  return {
    id: app.id,
    scenario: app.scenario,
    scenarioName: scenarios.find((s) => s.seq === app.scenario)?.name ?? String(app.scenario),
    caseNumber: app.caseNumber,
    idNumber: app.idNumber,
    creditCode: app.creditCode,
    region: app.region,
    office: officeOfApplication(app),
    status: applicationStatus(app.steps),
    submittedByKind: app.submittedBy.kind,
    materials: app.materials,
    commitments: app.commitments.map((c) => ({ ...c, materialName: materialById(c.material)?.name ?? c.material })),
    facts: Object.entries(app.facts).filter(([, v]) => v).map(([k]) => k),
    details: app.details,
    steps: app.steps.map(stepView),
    materialsAsked: app.materialsAsked,
    materialsSumOverItems: app.materialsSumOverItems,
    materialsCut: app.materialsSumOverItems - app.materialsAsked,
    revocations: app.revocations.map((r) => ({ ...r, at: new Date(r.at) })),
    idempotencyKey: app.idempotencyKey,
    submittedAt: new Date(app.submittedAt),
    completedAt: date(completedAt(app.steps)),
  };
}

export function materialSetView(scenario: number): T.MaterialSet | null {
  const s = scenarios.find((x) => x.seq === scenario);
  if (!s) return null;
  const set = materialSetOf(scenario, s.itemCodes);
  return {
    scenario,
    materials: set.materials.map((m) => ({ id: m.id, name: m.name, commitmentEligible: m.commitment })),
    items: s.itemCodes.map((code) => ({ itemCode: code, materials: materialsOfItem(code, scenario) })),
    asked: set.asked,
    sumOverItems: set.sumOverItems,
    cut: set.cut,
  };
}

export function taskView(t: VerificationTask): T.VerificationTask {
  return { ...t, recordedAt: date(t.recordedAt), createdAt: new Date(t.createdAt) };
}
