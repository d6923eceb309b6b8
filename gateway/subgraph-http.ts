import http from "node:http";
import https from "node:https";
import { print, type DocumentNode, type ExecutionResult } from "graphql";

/**
 * GraphQL over HTTP to one subgraph on kept-alive connections: a POST of `{ query, variables }`,
 * the JSON answer parsed. A document's text is printed once and remembered with it (plans hand
 * their documents over with the text already known), so a request pays for no printing.
 */
const texts = new WeakMap<DocumentNode, string>();

export function documentText(document: DocumentNode): string {
  let text = texts.get(document);
  if (text === undefined) texts.set(document, (text = print(document)));
  return text;
}

/** Remembers the text a document was parsed from, so it is sent as it is, never printed again. */
export function knownText(document: DocumentNode, text: string): DocumentNode {
  texts.set(document, text);
  return document;
}

export class SubgraphHttpError extends Error {}

export interface SubgraphPost {
  (body: { query: string; variables?: Record<string, unknown> }, headers: Record<string, string>): Promise<ExecutionResult>;
  close(): void;
}

/**
 * `timeoutMs` bounds the whole call (connection, answer, body; checked by one sweep every tenth of
 * it, at most 100 ms); a call over it, a connection
 * refused or an answer that is not GraphQL JSON rejects with `SubgraphHttpError`.
 */
export function subgraphPost(url: string, timeoutMs: number): SubgraphPost {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 128, keepAliveMsecs: 1_000 });
  // One sweep over the calls in flight instead of a timer per call: a call past its deadline is cut.
  const inFlight = new Map<http.ClientRequest, number>();
  const sweepEveryMs = Math.max(10, Math.min(100, Math.floor(timeoutMs / 10)));
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const [req, deadline] of inFlight) if (deadline <= now) req.destroy(new SubgraphHttpError(`no answer in ${timeoutMs} ms`));
    if (!inFlight.size) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  const post = ((body, headers) =>
    new Promise<ExecutionResult>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = client.request(
        {
          agent,
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: "POST",
          headers: { ...headers, "content-type": "application/json", accept: "application/graphql-response+json, application/json", "content-length": Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            inFlight.delete(req);
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              return reject(new SubgraphHttpError(`HTTP ${res.statusCode}: not JSON`));
            }
            if (!parsed || typeof parsed !== "object" || !("data" in parsed || "errors" in parsed)) return reject(new SubgraphHttpError(`HTTP ${res.statusCode}: not a GraphQL answer`));
            resolve(parsed as ExecutionResult);
          });
          res.on("error", (err) => { inFlight.delete(req); reject(new SubgraphHttpError(String(err))); });
        },
      );
      // one deadline for the whole call: connection, answer and body
      inFlight.set(req, Date.now() + timeoutMs);
      sweeper ??= setInterval(sweep, sweepEveryMs).unref();
      req.on("error", (err) => { inFlight.delete(req); reject(err instanceof SubgraphHttpError ? err : new SubgraphHttpError(String(err))); });
      req.end(payload);
    })) as SubgraphPost;
  post.close = () => {
    clearInterval(sweeper);
    agent.destroy();
  };
  return post;
}
