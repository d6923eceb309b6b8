import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { defaults, devOnlyDefault } from "./config";
import { log } from "./log";

export interface Listening {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes. */
  close(): Promise<void>;
}

/**
 * The secrets every component needs before it may serve anyone: the key that signs principals for
 * the subgraphs and the audit key. In production a missing one stops the process here.
 */
export function requireSharedSecrets(): void {
  devOnlyDefault("KUAIBAN_INTERNAL_SECRET", "dev-only-internal-secret-do-not-use-in-production");
  devOnlyDefault("AUDIT_KEY", "dev-only-audit-key-do-not-use-in-production");
}

/**
 * Serves a request handler on host:port (port 0 picks a free one). `close()` is graceful: new
 * connections are refused, idle keep-alive connections are closed at once, busy ones get
 * `graceMs` to finish.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  opts: { host?: string; graceMs?: number; name?: string } = {},
): Promise<Listening> {
  // Nothing listens before the secrets every component shares are there (in production: set, not defaults).
  requireSharedSecrets();
  const server = createServer(handler);
  // Keep-alive slightly longer than typical load balancer idle timeouts avoids reset races.
  server.keepAliveTimeout = 65_000;
  const host = opts.host ?? process.env.HOST ?? defaults.host;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => { server.off("error", reject); resolve(); });
  });
  const actual = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  // Once closing, a keep-alive connection is dropped as soon as its last response is out.
  server.on("request", (_req, res) => {
    res.on("finish", () => { if (closing) setImmediate(() => server.closeIdleConnections()); });
  });
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), opts.graceMs ?? defaults.shutdownGraceMs);
      timer.unref();
      server.close(() => { clearTimeout(timer); resolve(); });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, url: `http://${host}:${actual}`, port: actual, close };
}

type Closer = () => Promise<unknown> | unknown;
const closers: Closer[] = [];
let installed = false;

/**
 * Registers something to close on SIGINT/SIGTERM. Closers run in reverse order of registration
 * (servers before the stores they use), then the process exits.
 */
export function onShutdown(closer: Closer): void {
  closers.push(closer);
  if (installed) return;
  installed = true;
  const stop = async (signal: string) => {
    log.info({ signal }, "shutting down");
    for (const c of closers.reverse()) {
      try { await c(); } catch (err) { log.error({ err }, "error while shutting down"); }
    }
    process.exit(0);
  };
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second signal means "now"
      stopping = true;
      void stop(signal);
    });
  }
}
