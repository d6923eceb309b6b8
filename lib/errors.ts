import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { randomUUID } from "node:crypto";
import { log } from "./log";

/**
 * Every error a client can see carries one of these codes in `extensions.code`. Clients and tests
 * match on the code; the message is for people and may be reworded.
 */
export const ErrorCode = {
  /** Input that fails validation (shape, range, unknown enum value). */
  BAD_USER_INPUT: "BAD_USER_INPUT",
  /** A resident ID number that is not a valid GB 11643-1999 number. */
  INVALID_ID_NUMBER: "INVALID_ID_NUMBER",
  /** A unified social credit code that is not a valid GB 32100-2015 code. */
  INVALID_CREDIT_CODE: "INVALID_CREDIT_CODE",
  /** A date or time that is not a real calendar value. */
  INVALID_DATE: "INVALID_DATE",
  /** The working-day calendar has no data for the year asked about. */
  CALENDAR_YEAR_UNKNOWN: "CALENDAR_YEAR_UNKNOWN",
  /** The thing asked for does not exist. */
  NOT_FOUND: "NOT_FOUND",
  /** No valid credential came with the request. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The credential is valid but does not allow this. */
  FORBIDDEN: "FORBIDDEN",
  /** Too many requests from this principal; retry after `extensions.retryAfterSeconds`. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The query is deeper or costlier than the gateway allows. */
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
  /** A system behind Kuaiban did not answer in time or is down; only its fields are missing. */
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  /**
   * A system behind Kuaiban answered with a coded value its code tables (configuration) do not
   * know: only that field is missing, and the tables need the code added.
   */
  UNKNOWN_LEGACY_CODE: "UNKNOWN_LEGACY_CODE",
  /** A system behind Kuaiban refused the operation for a business reason it gave. */
  UPSTREAM_REJECTED: "UPSTREAM_REJECTED",
  /** The same idempotency key was reused with a different request. */
  IDEMPOTENCY_CONFLICT: "IDEMPOTENCY_CONFLICT",
  /** An application lacks a material that one of its items requires. */
  MISSING_MATERIAL: "MISSING_MATERIAL",
  /** The operation conflicts with the current state (e.g. a card already reported lost). */
  CONFLICT: "CONFLICT",
  /** The audit record of a read of personal data could not be written, so nothing was served (HTTP 503). */
  AUDIT_UNAVAILABLE: "AUDIT_UNAVAILABLE",
  /** The shared data store (Redis) is not reachable; nothing was changed; retry after `Retry-After` (HTTP 503). */
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  /** The gateway instance has as many requests in flight as it takes; retry after `Retry-After` (HTTP 503). */
  OVERLOADED: "OVERLOADED",
  /** A read of personal data by staff or a partner must state its purpose in `X-Purpose`. */
  PURPOSE_REQUIRED: "PURPOSE_REQUIRED",
  /** The request body is larger than the gateway accepts (HTTP 413). */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The request body is in a media type or charset the gateway does not accept (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** The request is not a well-formed GraphQL-over-HTTP request (e.g. malformed JSON). */
  BAD_REQUEST: "BAD_REQUEST",
  /** Anything unexpected; the detail is in the log under `extensions.requestId`. */
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes = new Set<string>(Object.values(ErrorCode));
/** Codes Apollo Server and graphql-js produce themselves for malformed requests. */
const protocolCodes = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND", "OPERATION_RESOLUTION_FAILURE", "BAD_REQUEST"]);

export class KuaibanError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
  }
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  new KuaibanError(ErrorCode.BAD_USER_INPUT, message, extensions);
export const notFound = (message: string) => new KuaibanError(ErrorCode.NOT_FOUND, message);
export const forbidden = (message = "You are not allowed to do this") => new KuaibanError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = "A valid credential is required") =>
  new KuaibanError(ErrorCode.UNAUTHENTICATED, message);
export const upstreamUnavailable = (system: string) =>
  new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${system} system is not available right now`, { system });

export const isKnownCode = (code: unknown): code is ErrorCode => typeof code === "string" && knownCodes.has(code);

/** Our code on an error or any error it wraps (validation wraps scalar errors and renames their code). */
function innermostKnownCode(error: unknown): ErrorCode | undefined {
  let found: ErrorCode | undefined;
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    const code = codeOf(e);
    if (isKnownCode(code)) found = code;
  }
  return found;
}

/** The code of any thrown value, if it carries one of ours. */
export function codeOf(err: unknown): string | undefined {
  const code = (err as { extensions?: { code?: unknown } })?.extensions?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Apollo Server `formatError`: errors with a known code pass through as they are; anything else
 * becomes a generic internal error with a request id, and the detail goes to the log only.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = innermostKnownCode(error) ?? formatted.extensions?.code;
  if (typeof code === "string" && (knownCodes.has(code) || protocolCodes.has(code))) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code } };
  }
  const requestId = randomUUID();
  log.error({ err: error, requestId, path: formatted.path }, "unexpected error");
  return {
    message: "Internal error",
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
  };
}
