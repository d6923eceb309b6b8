/**
 * What the engine tells the statistics as work happens, so figures are kept up to date as
 * aggregates (day × office × item) instead of scanning applications when someone asks.
 * Every event carries the application id and what it is about; the sink must be idempotent per
 * (applicationId, stepId / kind): the engine may report the same fact again after a crash.
 */
export interface ApplicationSubmittedFact {
  applicationId: string;
  scenario: number;
  /** The contact point (one of the 23) whose office handled the application. */
  office: string;
  channel: "WINDOW" | "ONLINE";
  submittedAt: string;
  materialsAsked: number;
  materialsSumOverItems: number;
  /** Item steps that apply to this applicant (those not skipped). */
  itemsApplying: number;
  /** Commitments (告知承诺) signed instead of certificates. */
  commitments: number;
}

export interface StepFinishedFact {
  applicationId: string;
  stepId: string;
  scenario: number;
  office: string;
  itemCode: string;
  /** The agency (subgraph name) that handled the step. */
  agency: string;
  acceptedAt: string;
  completedAt: string;
  /** The deadline that applied (with its condition), or null when the item has no period limit. */
  deadline: string | null;
  onTime: boolean | null;
  /** Processing time with 补正 pauses left out, in each unit a limit may be stated in. */
  elapsed: { minutes: number; calendarDays: number; workingDays: number };
}

export interface ApplicationFinishedFact {
  applicationId: string;
  scenario: number;
  office: string;
  status: "COMPLETED" | "NEEDS_MANUAL" | "REVOKED";
  at: string;
}

export interface CommitmentCheckedFact {
  applicationId: string;
  verificationTaskId: string;
  office: string;
  outcome: "TRUE" | "FALSE";
  at: string;
}

export interface FiguresSink {
  submitted(fact: ApplicationSubmittedFact): Promise<void>;
  stepFinished(fact: StepFinishedFact): Promise<void>;
  applicationFinished(fact: ApplicationFinishedFact): Promise<void>;
  commitmentChecked(fact: CommitmentCheckedFact): Promise<void>;
}

/** A sink that keeps nothing (an engine without statistics). */
export const noFigures: FiguresSink = {
  submitted: async () => undefined,
  stepFinished: async () => undefined,
  applicationFinished: async () => undefined,
  commitmentChecked: async () => undefined,
};
