import { defaults, envInt } from "./config";
import { ErrorCode, KuaibanError, upstreamUnavailable } from "./errors";
import { log } from "./log";
import { legacyCalls, legacyDuration } from "./metrics";
import { inSpan, withTraceHeaders } from "./tracing";

export interface LegacyClientOptions {
  /** Name used in errors and logs, e.g. "social-insurance". */
  system: string;
  baseUrl: string;
  /** The whole budget of one call, retries included (default 2 s, `LEGACY_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Extra attempts for reads on a transport failure; writes are never retried here. */
  readRetries?: number;
}

export interface LegacyRequest {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** Sent as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Reads may be retried; anything that changes state may not. */
  read: boolean;
}

/**
 * Thrown by an `accept` callback for an answer that is a refusal (a business fault): it reaches the
 * caller as it is, never retried and never mistaken for the system being down.
 */
export class LegacyAnswer extends Error {}

export interface LegacyResponse {
  status: number;
  text: string;
  json<T>(): T;
}

/**
 * The one way an adapter calls its legacy system: every call has a deadline, reads get a bounded
 * retry inside the same deadline (so a slow system costs at most the timeout, never a multiple),
 * and failures become `UPSTREAM_UNAVAILABLE` without the system's internals.
 */
export class LegacyClient {
  readonly system: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly readRetries: number;

  constructor(opts: LegacyClientOptions) {
    this.system = opts.system;
    this.baseUrl = opts.baseUrl.replace(/\/$/, "");
    this.timeoutMs = opts.timeoutMs ?? envInt("LEGACY_TIMEOUT_MS", defaults.legacyTimeoutMs);
    this.readRetries = opts.readRetries ?? defaults.legacyReadRetries;
  }

  /**
   * Without `accept`, any 5xx counts as the system failing. With it, `accept` reads every answer:
   * it returns the result, throws a `LegacyAnswer` for a refusal, or throws anything else for an
   * answer that means failure (retried like a transport error for reads). SOAP 1.1 needs this: its
   * faults come with HTTP 500 and only the body tells a refusal from an outage.
   */
  async request(req: LegacyRequest): Promise<LegacyResponse>;
  async request<T>(req: LegacyRequest, accept: (res: LegacyResponse) => T): Promise<T>;
  async request<T>(req: LegacyRequest, accept?: (res: LegacyResponse) => T): Promise<T | LegacyResponse> {
    const deadline = Date.now() + this.timeoutMs;
    const timer = legacyDuration.startTimer({ system: this.system });
    try {
      const answer = await inSpan(`legacy ${this.system}`, { "kuaiban.legacy.system": this.system, "http.request.method": req.method ?? (req.body === undefined && req.rawBody === undefined ? "GET" : "POST") }, () => this.attempt(req, deadline, accept));
      legacyCalls.inc({ system: this.system, outcome: "ok" });
      return answer;
    } catch (err) {
      // a failure once the call's budget ran out is a timeout (clients see UPSTREAM_UNAVAILABLE either way)
      const outcome = err instanceof LegacyAnswer ? "refused" : Date.now() >= deadline ? "timeout" : "error";
      legacyCalls.inc({ system: this.system, outcome });
      throw err;
    } finally {
      timer();
    }
  }

  private async attempt<T>(req: LegacyRequest, deadline: number, accept?: (res: LegacyResponse) => T): Promise<T | LegacyResponse> {
    const attempts = req.read ? 1 + this.readRetries : 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        const res = await fetch(this.baseUrl + req.path, {
          method: req.method ?? (req.body === undefined && req.rawBody === undefined ? "GET" : "POST"),
          headers: withTraceHeaders({ ...(req.rawBody === undefined ? { "content-type": "application/json" } : {}), ...req.headers }),
          body: req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
          signal: AbortSignal.timeout(left),
        });
        const text = await res.text();
        const answer: LegacyResponse = { status: res.status, text, json: <J>() => JSON.parse(text) as J };
        if (accept) return accept(answer);
        if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
        return answer;
      } catch (err) {
        if (err instanceof LegacyAnswer) throw err;
        lastError = err;
        if (!req.read) break;
      }
    }
    log.warn({ system: this.system, path: req.path.split("?")[0], err: String(lastError) }, "legacy call failed");
    throw upstreamUnavailable(this.system);
  }
}

/** A business refusal from a legacy system, reworded for clients (no internals). */
export function upstreamRejected(system: string, message: string, legacyCode?: string): KuaibanError {
  return new KuaibanError(ErrorCode.UPSTREAM_REJECTED, message, { system, ...(legacyCode ? { legacyCode } : {}) });
}
