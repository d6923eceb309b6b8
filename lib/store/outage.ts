import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode, KuaibanError } from "../errors";
import { log } from "../log";
import { storeOutages, storeUp } from "../metrics";

/** How long a client is told to wait while the store is unreachable (ioredis reconnects meanwhile). */
export const STORE_RETRY_AFTER_SECONDS = 2;
export const STORE_UNAVAILABLE_MESSAGE = "The data store is not reachable right now; nothing was changed. Try again shortly";

/** What a store command throws while the store cannot be reached: a 503 with a code, not a 500. */
export class StoreUnavailableError extends KuaibanError {
  constructor() {
    super(ErrorCode.STORE_UNAVAILABLE, STORE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS });
  }
}

// ioredis's own errors while the connection is down, and Redis's replies of a server that cannot serve yet
const CONNECTION_MESSAGES = /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|connect ETIMEDOUT|Reached the max retries per request limit|^LOADING|^CLUSTERDOWN|^MASTERDOWN|^TRYAGAIN|None of startup nodes is available|Failed to refresh slots cache/;

/** Whether an error (or one it wraps) means the store could not be reached, as opposed to a refused command. */
export function isStoreFailure(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
    if ((e as { extensions?: { code?: unknown } }).extensions?.code === ErrorCode.STORE_UNAVAILABLE) return true;
    const name = (e as { name?: unknown }).name;
    if (name === "MaxRetriesPerRequestError") return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && CONNECTION_MESSAGES.test(message)) return true;
  }
  return false;
}

/** Rethrows a store-connection failure as StoreUnavailableError; anything else unchanged. */
export function asStoreError(err: unknown): unknown {
  return !(err instanceof StoreUnavailableError) && isStoreFailure(err) ? new StoreUnavailableError() : err;
}

/**
 * Logs an outage once when it starts and once when the store answers again, however many
 * connections and commands fail meanwhile (ioredis reports each reconnect attempt). A store has
 * several connections (the pipelined one, subscribers, blocking readers). The outage ends when a
 * connection that failed in it is ready again: one that was never down, finishing its handshake
 * just as the server goes away, neither ends the outage nor, failing next, starts a second one.
 */
export class OutageLog {
  private downSince: number | undefined;
  private readonly failing = new Set<object>();
  constructor(private readonly what: string) {}
  get down(): boolean {
    return this.downSince !== undefined;
  }
  failed(err: unknown, connection: object = this): void {
    this.failing.add(connection);
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    storeOutages.inc();
    storeUp.set(0);
    log.error({ store: this.what, error: (err as Error)?.message }, "store unreachable: requests answer 503 STORE_UNAVAILABLE until it is back");
  }
  recovered(connection: object = this): void {
    if (this.downSince === undefined || !this.failing.has(connection)) return;
    log.warn({ store: this.what, downMs: Date.now() - this.downSince }, "store reachable again");
    storeUp.set(1);
    this.downSince = undefined;
    this.failing.clear();
  }
  /** A connection closed for good (the store is closing): once no failed connection is left, nothing keeps the outage open. */
  closed(connection: object): void {
    if (this.failing.delete(connection) && this.failing.size === 0) this.downSince = undefined;
  }
}

/** Apollo Server: an answer that failed because the store is unreachable goes out as 503 with Retry-After. */
export function storeOutagePlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((e) => e.extensions?.code === ErrorCode.STORE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(STORE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
