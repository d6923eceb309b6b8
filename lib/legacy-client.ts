import { defaults, envInt } from "./config";
import { ErrorCode, KuaibanError, upstreamUnavailable } from "./errors";
import { log } from "./log";

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

  async request(req: LegacyRequest): Promise<LegacyResponse> {
    const deadline = Date.now() + this.timeoutMs;
    const attempts = req.read ? 1 + this.readRetries : 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        const res = await fetch(this.baseUrl + req.path, {
          method: req.method ?? (req.body === undefined && req.rawBody === undefined ? "GET" : "POST"),
          headers: { ...(req.rawBody === undefined ? { "content-type": "application/json" } : {}), ...req.headers },
          body: req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
          signal: AbortSignal.timeout(left),
        });
        const text = await res.text();
        if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
        return { status: res.status, text, json: <T>() => JSON.parse(text) as T };
      } catch (err) {
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
