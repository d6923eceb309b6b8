import { ErrorCode, KuaibanError, codeOf } from "../../lib/errors";
import type { ReceiptStatus } from "../../lib/receipt.type";
import type { Application, ApplicationStep } from "./application";
import { engineHeaders } from "./engine-principal";
import { withTraceHeaders } from "../../lib/tracing";
import type { AgencyUrls } from "./options";
import { caseQueryFor, mutationFor } from "./step-mutations";
import { itemByCode } from "../../schema/catalogue";

/** What an agency returns for a performed step (the shared ItemReceipt, dates as Date or ISO string). */
export interface StepReceipt {
  caseNumber: string;
  itemCode: string;
  system: string;
  status: ReceiptStatus;
  acceptedAt: Date | string;
  completedAt: Date | string | null;
  idempotencyKey: string;
  notes?: string[] | null;
  limitCondition?: string | null;
}

/**
 * Performs one step at its agency. Must pass `idempotencyKey` on, so performing the same step
 * again (after a crash or a lost answer) returns the first receipt instead of a second record.
 * Throws an error with `extensions.code`: UPSTREAM_UNAVAILABLE (or no code) is retried, anything
 * else is a refusal that goes to manual handling.
 */
export type StepExecutor = (step: ApplicationStep, application: Application, idempotencyKey: string) => Promise<StepReceipt>;

/** Codes after which trying again may succeed. */
const TRANSIENT = new Set<string>([ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.RATE_LIMITED]);
export const isTransient = (err: unknown): boolean => {
  const code = codeOf(err);
  return code === undefined || TRANSIENT.has(code);
};

interface GraphQLResponse {
  data?: Record<string, StepReceipt | null> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * The real executor: GraphQL over HTTP to the owning agency subgraph, as the engine's system
 * principal signed for that subgraph (the subgraphs trust only a signed principal meant for them).
 */
export function httpStepExecutor(urls: AgencyUrls, opts: { timeoutMs?: number } = {}): StepExecutor {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return async (step, app, idempotencyKey) => {
    const call = mutationFor(step, app, idempotencyKey);
    const url = urls[call.agency];
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        // signed for the agency that owns the item: the subgraph the call goes to
        headers: withTraceHeaders(engineHeaders(call.agency)),
        body: JSON.stringify({ query: call.document, variables: call.variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${call.agency} system is not available right now`, { system: call.agency });
    }
    let body: GraphQLResponse | undefined;
    try {
      body = (await res.json()) as GraphQLResponse;
    } catch {
      body = undefined;
    }
    const error = body?.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? (res.status >= 500 ? ErrorCode.UPSTREAM_UNAVAILABLE : ErrorCode.UPSTREAM_REJECTED);
      throw new KuaibanError(code as ErrorCode, `${call.agency}: ${error.message}`, { system: call.agency });
    }
    const receipt = body?.data?.[call.mutation];
    if (!res.ok || !receipt) {
      throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${call.agency} system answered ${res.status} without a receipt`, { system: call.agency });
    }
    return receipt;
  };
}

/**
 * Asks the agency how a case it accepted stands (受理 → 办结): the same receipt, with its status
 * and completion time as the agency's system has them now. Errors as for StepExecutor.
 */
export type CaseStatusSource = (step: ApplicationStep, application: Application, caseNumber: string) => Promise<StepReceipt>;

/** The real one: the agency subgraph's case query over HTTP, as the engine's principal. */
export function httpCaseStatusSource(urls: AgencyUrls, opts: { timeoutMs?: number } = {}): CaseStatusSource {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return async (step, _app, caseNumber) => {
    const agency = itemByCode(step.itemCode)?.agency;
    if (!agency) throw new Error(`unknown item ${step.itemCode}`);
    const call = caseQueryFor(agency, caseNumber, step.idempotencyKey);
    let res: Response;
    try {
      res = await fetch(urls[agency], {
        method: "POST",
        headers: withTraceHeaders(engineHeaders(agency)),
        body: JSON.stringify({ query: call.document, variables: call.variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${agency} system is not available right now`, { system: agency });
    }
    const body = (await res.json().catch(() => undefined)) as GraphQLResponse | undefined;
    const error = body?.errors?.[0];
    if (error) throw new KuaibanError((error.extensions?.code ?? ErrorCode.UPSTREAM_UNAVAILABLE) as ErrorCode, `${agency}: ${error.message}`, { system: agency });
    const receipt = body?.data?.[call.query];
    if (!res.ok || !receipt) throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${agency} system answered ${res.status} without the case`, { system: agency });
    return receipt;
  };
}
