/**
 * The card management system's REST interface as the adapter speaks it: plain JSON resources,
 * HTTP status codes for refusals, and an `Idempotency-Key` header on every write, by which the
 * system keeps one case per key.
 */
export type WireStatus = "none" | "in_production" | "not_activated" | "active" | "lost" | "cancelled";

export interface WireCard {
  idNumber: string;
  status: WireStatus;
  cardNumber: string | null;
  bank: string | null;
  issuingRegion: string | null;
  issuedAt: string | null;
  /** When production is expected to finish (in production only). */
  readyAt: string | null;
}

export interface WireCase {
  caseNumber: string;
  requestId: string;
  itemCode: string;
  action: string;
  idNumber: string;
  status: "accepted" | "in_production" | "completed";
  acceptedAt: string;
  completedAt: string | null;
}

export interface WireError {
  error: { code: "PERSON_NOT_FOUND" | "INVALID_STATE" | "BAD_REQUEST" | "NOT_FOUND" | "INTERNAL"; message: string };
}

/**
 * Each write creates a request resource; the ID number travels in the body, never in a URL, so it
 * stays out of access logs on both sides.
 */
export const actionPaths = {
  APPLY: "/v1/applications",
  ACTIVATE: "/v1/activations",
  RESET_PASSWORD: "/v1/password-resets",
  REPORT_LOSS: "/v1/loss-reports",
  CANCEL_LOSS_REPORT: "/v1/loss-report-cancellations",
  REISSUE: "/v1/reissues",
  CANCEL: "/v1/cancellations",
} as const;
