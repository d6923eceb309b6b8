import { isIP } from "node:net";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { isProduction } from "../lib/config";
import { ErrorCode, type ErrorCode as Code, type KuaibanError } from "../lib/errors";
import { log } from "../lib/log";
import { sendRefusal } from "./messages";
import { defaultLimits, shapeCheck, tokenRefusal, type QueryLimits } from "./limits";

/**
 * The gateway's HTTP front door: what reaches Apollo Server is a GET or a POST of UTF-8 JSON no
 * larger than the body limit, whose document is within the token cap. Everything else is refused
 * here with a GraphQL-shaped answer and a stable code, and nothing of the body reaches the log.
 */

export interface FrontDoorOptions {
  /**
   * Largest request body accepted. GraphQL requests are documents and small inputs (materials
   * travel by reference, never inline), so 1 MiB is far above any legitimate request.
   */
  bodyLimitBytes?: number;
  /** The same limits `queryLimitsPlugin` enforces; the token cap applies only here. */
  limits?: QueryLimits;
  /** The gateway's schema: with it, the per-operation caps are checked here, before validation. */
  schema?: GraphQLSchema;
}

export const frontDoorDefaults = { bodyLimitBytes: 1024 * 1024 } as const;

/** A GraphQL-shaped refusal (`{ errors: [{ message, extensions: { code } }] }`). */
export function refuse(res: Response, status: number, code: Code, message: string, extensions: Record<string, unknown> = {}): void {
  // `message` in the request's language, both languages in `extensions.messages` (messages.ts)
  sendRefusal(res, status, code, message, extensions);
}

/**
 * GraphQL over HTTP is GET (queries) and POST; anything else is refused before its body is read.
 * A CORS preflight (OPTIONS) from an allowed origin never gets here: `corsStep` (cors.ts) answers
 * it in front of the door; from any other origin it is refused here like any OPTIONS.
 */
const allowMethods: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "POST") return next();
  res.set("Allow", "GET, POST");
  refuse(res, 405, ErrorCode.BAD_REQUEST, `${req.method} is not supported here; send GET or POST`);
};

/** The media type and parameters of a Content-Type header, lower-cased. */
function mediaType(header: string): { type: string; charset?: string } {
  const [type = "", ...params] = header.split(";");
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() === "charset") charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1").toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/**
 * A POST body must be `application/json` in UTF-8 (the GraphQL-over-HTTP media type). Refusing the
 * rest (form posts, text/plain) also keeps cross-site "simple" requests out before Apollo's own
 * CSRF check. GET requests carry no body, so their Content-Type does not matter here.
 */
const requireJson: RequestHandler = (req, res, next) => {
  if (req.method !== "POST") return next();
  const header = req.headers["content-type"];
  if (!header) return refuse(res, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the request as application/json");
  const { type, charset } = mediaType(header);
  if (type !== "application/json") return refuse(res, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the request as application/json");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    return refuse(res, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be UTF-8");
  }
  next();
};

/** body-parser's failures by their `type`: status and code for the client; nothing else is kept. */
function bodyRefusal(err: { type?: unknown; status?: unknown }): { status: number; code: Code; message: string } {
  switch (err.type) {
    case "entity.too.large":
      return { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: "The request body is too large" };
    case "charset.unsupported":
      return { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: "The request body must be UTF-8" };
    case "encoding.unsupported":
      return { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: "The request body's Content-Encoding is not supported" };
    case "entity.parse.failed":
      return { status: 400, code: ErrorCode.BAD_REQUEST, message: "The request body is not a JSON object" };
    default: {
      // aborted uploads, a Content-Length that does not match the body…: the client's doing
      const status = typeof err.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 400;
      return { status, code: ErrorCode.BAD_REQUEST, message: "The request body could not be read" };
    }
  }
}

/**
 * Parses the JSON body. body-parser's errors carry the raw body (`err.body`), so they never go to
 * the log or to the error handler: the refusal is answered here and only its kind is logged.
 */
function parseJson(bodyLimitBytes: number): RequestHandler {
  const parser = express.json({ limit: bodyLimitBytes, strict: true, type: () => true });
  return (req, res, next) => {
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const refusal = bodyRefusal(err as { type?: unknown; status?: unknown });
      log.info({ status: refusal.status, code: refusal.code, reason: String((err as { type?: unknown }).type ?? "unknown"), declaredBytes: Number(req.headers["content-length"]) || undefined }, "request body refused");
      // an oversized upload need not be read to its end before the answer
      if (refusal.status === 413) res.set("Connection", "close");
      refuse(res, refusal.status, refusal.code, refusal.message);
    });
  };
}

/** The document and extensions of a GraphQL-over-HTTP request, from its body (POST) or its URL (GET). */
function requestParts(req: Request): { source?: unknown; extensions?: unknown } {
  if (req.method === "POST") {
    const body = req.body as { query?: unknown; extensions?: unknown } | undefined;
    return body && !Array.isArray(body) ? { source: body.query, extensions: body.extensions } : {};
  }
  const { query, extensions } = req.query as { query?: unknown; extensions?: unknown };
  if (typeof extensions !== "string") return { source: query };
  try {
    return { source: query, extensions: JSON.parse(extensions) };
  } catch {
    return { source: query }; // Apollo Server refuses the malformed extensions itself
  }
}

const MAX_REMEMBERED_VERDICTS = 1_000;
/** Texts longer than this are not remembered (1,000 of them stay under 20 MB). */
const MAX_REMEMBERED_TEXT = 20_000;

/**
 * The operation's own caps, before Apollo Server parses and validates it: the token cap on the text,
 * then (with the schema) root fields, aliases, directives and depth on the parsed document, because
 * validation's cost grows with the square of repeated fields. Persisted queries are refused: no
 * client uses them, and any caller could fill the registry.
 */
function checkDocument(schema: GraphQLSchema | undefined, limits: QueryLimits): RequestHandler {
  const checkShape = schema ? shapeCheck(schema, limits) : undefined;
  // The verdict depends on the text alone: clients send a few texts over and over, so each is
  // lexed, parsed and measured once (the most recent texts are kept).
  const verdicts = new Map<string, KuaibanError | null>();
  const verdictOf = (source: string): KuaibanError | undefined => {
    const known = verdicts.get(source);
    if (known !== undefined) return known ?? undefined;
    let refusal = tokenRefusal(source, limits);
    if (!refusal && checkShape) {
      let document: DocumentNode | undefined;
      try {
        document = parse(source);
      } catch {
        // a syntax error: Apollo Server reports it (GRAPHQL_PARSE_FAILED)
      }
      refusal = document && checkShape(document);
    }
    if (source.length > MAX_REMEMBERED_TEXT) return refusal; // a rare big text is checked each time
    if (verdicts.size >= MAX_REMEMBERED_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(source, refusal ?? null);
    return refusal;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const { source, extensions } = requestParts(req);
    if (extensions && typeof extensions === "object" && "persistedQuery" in extensions) {
      return refuse(res, 400, ErrorCode.BAD_REQUEST, "Persisted queries are not supported; send the query text");
    }
    if (typeof source !== "string") return next();
    const refusal = verdictOf(source);
    if (!refusal) return next();
    const { code: _code, http: _http, ...figures } = refusal.extensions;
    refuse(res, 400, ErrorCode.QUERY_TOO_COMPLEX, refusal.message, figures);
  };
}

/**
 * The steps in front of Apollo Server on `/graphql`, in order: method, media type, body (size,
 * charset, JSON), the operation's caps. Use in place of `express.json(...)`:
 * `app.use("/graphql", ...graphqlFrontDoor({ schema, limits }), authenticateStep, …)`.
 */
export function graphqlFrontDoor(opts: FrontDoorOptions = {}): RequestHandler[] {
  return [allowMethods, requireJson, parseJson(opts.bodyLimitBytes ?? frontDoorDefaults.bodyLimitBytes), checkDocument(opts.schema, opts.limits ?? defaultLimits)];
}

const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy` for the gateway: the proxies whose `X-Forwarded-For` is believed, from
 * `GATEWAY_TRUSTED_PROXIES` (comma-separated addresses, CIDR ranges, or express's `loopback`,
 * `linklocal`, `uniquelocal`). Default: none, so `req.ip` is the connecting address and a forged
 * header cannot move a caller to another per-address rate-limit counter. A bad entry stops start-up.
 */
export function trustedProxies(raw: string | undefined = process.env.GATEWAY_TRUSTED_PROXIES): string[] | false {
  const entries = (raw ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length) throw new Error(`GATEWAY_TRUSTED_PROXIES: not an address or CIDR range: ${bad.join(", ")}`);
  return entries.length ? entries : false;
}

/**
 * Apollo Server options for the gateway's hygiene: in production, validation errors do not suggest
 * field names ("Did you mean …"); batched arrays are refused (one operation, one set of limits and
 * one audit record per request); no persisted-query registry (no client uses one, any caller could
 * fill it, and a hash mismatch is answered without a code); Apollo's CSRF check stays on for GET.
 */
export function apolloHygieneOptions(): { hideSchemaDetailsFromClientErrors: boolean; allowBatchedHttpRequests: false; persistedQueries: false; csrfPrevention: true; stopOnTerminationSignals: false } {
  // stopOnTerminationSignals: the process's own shutdown (lib/http onShutdown) stops the server
  return { hideSchemaDetailsFromClientErrors: isProduction(), allowBatchedHttpRequests: false, persistedQueries: false, csrfPrevention: true, stopOnTerminationSignals: false };
}
