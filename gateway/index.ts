import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { inRequestTrace, operationSpanPlugin, serverSpan, startTracing } from "../lib/tracing";
import express, { type Request, type Response, type NextFunction } from "express";
import { GraphQLError, isObjectType, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { AuditLog } from "../lib/audit";
import { defaults, envInt } from "../lib/config";
import { codeOf, ErrorCode } from "../lib/errors";
import { gatewayFormatError, languageStep, requestLanguage, sendRefusal } from "./messages";
import { localizeError, type Language } from "../lib/messages";
import { listen, type Listening } from "../lib/http";
import { log } from "../lib/log";
import type { Principal } from "../lib/principal";
import { MemoryStore, type Store } from "../lib/store";
import { invalidateOnMutation, startRosterInvalidation } from "./cache-invalidation";
import { cachingExecutor } from "./entity-cache";
import type { GatewayContext } from "./context";
import { apolloHygieneOptions, graphqlFrontDoor, trustedProxies } from "./http-front";
import { corsOriginsFromEnv, corsStep } from "./cors";
import { createExplorer, explorerFromEnv, type ExplorerOptions } from "./explorer";
import { inFlightLimit, maxInFlightFromEnv } from "./in-flight";
import { costRefusal, queryLimitsPlugin, defaultLimits, shapeCheck, tokenRefusal, type QueryLimits } from "./limits";
import { addressLimitsFromEnv, createAddressLimiter, createRateLimiter, rateLimitResponse, rateLimitsFromEnv, type RateLimits } from "./rate-limit";
import { apiKeyAuthenticate, combineAuthenticators } from "./api-keys/authenticate";
import { ApiKeyStore } from "./api-keys/store";
import { ownSubschemas } from "./own-schemas";
import { maskPersonalData } from "./masking";
import { answerSchema, publicSchemaOf, stitchGatewaySchema, subgraphExecutor, subschemaFor } from "./stitch";
import { plannedExecution, plannedGateway, type PlannedExecution } from "./plan/planned";
import { loadSubgraphShape } from "./subgraph-schema";
import { subgraphEndpoints, type SubgraphEndpoint } from "./subgraphs.config";
import { accessFromSdl, AUDITED_TYPES, purposeCheck } from "./access";
import { storeOutagePlugin } from "../lib/store/outage";
import { httpMetrics, metricsRoute, rateLimitRefusals } from "../lib/metrics";
import { readyHandler, storeCheck, subgraphCheck } from "../lib/readiness";
import { metricsPlugin } from "./metrics-plugin";
import { Auditor, refusalErrors, auditPlugin, newReturned, noteReturned } from "./audit-plugin";
import { factsLoader, remoteFactsSource, type FactsSource } from "../lib/access/directory";
import { guardsFor, newAccessState, refusalBefore, screenReturned, type AccessState } from "../lib/access/enforce";

/**
 * Turns a request's credential into a principal (undefined = anonymous); throws UNAUTHENTICATED for
 * a credential that is present but bad. HTTP passes its headers; a subscription passes its
 * connection params, lower-cased, merged over the upgrade request's headers.
 */
export type Authenticate = (headers: Record<string, string | string[] | undefined>) => Promise<Principal | undefined>;

export interface GatewayOptions {
  port?: number;
  /** Rate-limit counters and the audit log live here (Redis in production). */
  store?: Store;
  subgraphs?: SubgraphEndpoint[];
  authenticate?: Authenticate;
  /** How long to wait for each subgraph's SDL at start before using the emitted one. */
  sdlWaitMs?: number;
  limits?: QueryLimits;
  rateLimits?: RateLimits;
  /** Lifetime of a cached entity lookup; 0 turns the data-sharing cache off. */
  cacheTtlMs?: number;
  /**
   * `false` turns the gateway's own policy checks and audit off (the subgraphs still enforce):
   * only for measuring what they cost (`npm run bench:access`).
   */
  accessLayer?: boolean;
  /**
   * Queries run on plans cached per operation shape (`GATEWAY_QUERY_PLANS`, default on; `off`:
   * every operation through stitching, as a reference).
   */
  queryPlans?: boolean;
  /** GraphQL requests in flight at most before 503 OVERLOADED (`GATEWAY_MAX_IN_FLIGHT`, default 512; 0: no limit). */
  maxInFlight?: number;
  /** The GraphQL explorer on `GET /graphql` for browsers; default from the environment (`GATEWAY_EXPLORER`). */
  explorer?: ExplorerOptions | false;
  /** Origins whose browser apps may call `/graphql` (CORS); default `GATEWAY_CORS_ORIGINS`. */
  corsOrigins?: string[];
}

export interface RunningGateway extends Listening {
  schema: GraphQLSchema;
  audit: AuditLog;
}

export interface GatewaySchema {
  schema: GraphQLSchema;
  /** Where the object rules learn people's facts (the social-insurance subgraph). */
  facts: FactsSource;
  /** The subgraph that serves a `Type.field` (for the audit's `systems`). */
  ownerOf(coordinate: string): string | undefined;
  /** Queries on cached plans (what is not planned runs on `schema`). */
  planned: PlannedExecution;
  dispose(): Promise<void>;
}

const noFacts: FactsSource = async () => new Map();

export async function buildGatewaySchema(
  subgraphs: SubgraphEndpoint[],
  opts: { sdlWaitMs?: number; store?: Store; cacheTtlMs?: number; accessLayer?: boolean; keys?: ApiKeyStore } = {},
): Promise<GatewaySchema> {
  const shapes = await Promise.all(subgraphs.map((s) => loadSubgraphShape(s, { waitMs: opts.sdlWaitMs })));
  const executors = subgraphs.map((s) => subgraphExecutor(s));
  const si = subgraphs.find((s) => s.name === "social-insurance");
  const facts = si ? remoteFactsSource(si.url) : noFacts;
  const owners = new Map<string, string>();
  subgraphs.forEach((s, i) => {
    for (const type of Object.values(shapes[i]!.schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      const keys = shapes[i]!.keys.get(type.name) ?? [];
      for (const field of Object.keys(type.getFields())) if (!keys.includes(field)) owners.set(`${type.name}.${field}`, s.name);
    }
  });
  const store = opts.store ?? new MemoryStore();
  const subgraphExecutors = subgraphs.map((s, i) =>
    s.cache && opts.store && opts.cacheTtlMs ? cachingExecutor(executors[i]!, opts.store, s.name, shapes[i]!.keys, opts.cacheTtlMs) : executors[i]!,
  );
  const subschemas = [...subgraphs.map((s, i) => subschemaFor(s, shapes[i]!, subgraphExecutors[i])), ...ownSubschemas(store, opts.keys)];
  const publicSchema = publicSchemaOf(subschemas);
  const access = opts.accessLayer === false ? accessFromSdl([]) : accessFromSdl(shapes.map((s) => s.sdl));
  const stateOf = (ctx: unknown) => accessStateOf(ctx as GatewayContext, facts);
  const ownerOf = (c: string) => owners.get(c);
  // Outermost: personal fields masked for callers without pii:read, after every access decision.
  const masked = (s: GraphQLSchema) => (opts.accessLayer === false ? s : maskPersonalData(s));
  const schema = masked(stitchGatewaySchema(subschemas, access, stateOf, ownerOf, publicSchema));
  const guards = guardsFor(publicSchema, access, AUDITED_TYPES);
  const queryName = publicSchema.getQueryType()!.name;
  const planned = plannedExecution({
    sources: { schema: publicSchema, subgraphs: new Map(subgraphs.map((s, i) => [s.name, shapes[i]!])) },
    stitched: schema,
    answers: masked(answerSchema(publicSchema, access, stateOf, ownerOf)),
    executors: new Map(subgraphs.map((s, i) => [s.name, subgraphExecutors[i]!])),
    admit: (context) => async (returnedBy, object) => screenReturned(guards.get(returnedBy), stateOf(context), object, ownerOf(returnedBy)),
    admitRoot: (context) => async (fieldName, args) => {
      const coordinate = `${queryName}.${fieldName}`;
      const guard = guards.get(coordinate);
      return guard && refusalBefore(guard, stateOf(context), { args: args(), agency: ownerOf(coordinate) });
    },
  });
  return { schema, planned, facts, ownerOf, dispose: async () => { await Promise.all(executors.map((e) => e.dispose?.())); } };
}

/** The request's access state, made on first use (requests the gateway runs itself get one too). */
function accessStateOf(ctx: GatewayContext, facts: FactsSource): AccessState {
  if (!ctx.access) {
    ctx.access = newAccessState(ctx.principal, factsLoader(facts), {
      precondition: purposeCheck(ctx),
      onAllowed: (typeName, object) => noteReturned((ctx.returned ??= newReturned()), typeName, object),
    });
  }
  return ctx.access;
}

/** A header's text: percent-encoded UTF-8 (what browsers and fetch can send) or raw UTF-8 bytes. */
function headerText(raw: string | string[] | undefined, max = 200): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  let text: string;
  try {
    text = /%[0-9A-Fa-f]{2}/.test(value) ? decodeURIComponent(value) : Buffer.from(value, "latin1").toString("utf8");
  } catch {
    text = value;
  }
  text = text.trim();
  return text ? text.slice(0, max) : undefined;
}

function requestContext(principal: Principal | undefined, headers: Record<string, string | string[] | undefined>): GatewayContext {
  return { principal, requestId: randomUUID(), purpose: headerText(headers["x-purpose"]), caseId: headerText(headers["x-case-id"], 64), returned: newReturned() };
}

/** A GraphQL-shaped refusal for requests stopped before they reach Apollo Server. */
function refuse(res: Response, status: number, err: unknown) {
  const code = codeOf(err) ?? "INTERNAL_SERVER_ERROR";
  const message = code === "INTERNAL_SERVER_ERROR" ? "Internal error" : (err as Error).message;
  // an error that says when to come back (a store outage) is a 503 with Retry-After
  const retryAfter = (err as { extensions?: { retryAfterSeconds?: unknown } }).extensions?.retryAfterSeconds;
  if (typeof retryAfter === "number") {
    res.set("Retry-After", String(retryAfter));
    sendRefusal(res, 503, code, message, { retryAfterSeconds: retryAfter });
    return;
  }
  sendRefusal(res, status, code, message);
}

export async function startGateway(opts: GatewayOptions = {}): Promise<RunningGateway> {
  await startTracing("gateway");
  const subgraphs = opts.subgraphs ?? subgraphEndpoints();
  const store = opts.store ?? new MemoryStore();
  const cacheTtlMs = opts.cacheTtlMs ?? envInt("SHARE_CACHE_TTL_MS", defaults.shareCacheTtlMs);
  const keys = new ApiKeyStore(store);
  const { schema, dispose, ownerOf, planned } = await buildGatewaySchema(subgraphs, { sdlWaitMs: opts.sdlWaitMs, store, cacheTtlMs, accessLayer: opts.accessLayer, keys });
  const invalidation = cacheTtlMs > 0 ? startRosterInvalidation(store) : undefined;
  // Partner keys first (`X-API-Key`), then whatever else the deployment trusts (hub tokens).
  const authenticate = combineAuthenticators(apiKeyAuthenticate(keys), opts.authenticate ?? (async () => undefined));
  const addressLimit = createAddressLimiter(store, addressLimitsFromEnv());
  const audit = new AuditLog(store);
  const consume = createRateLimiter(store, opts.rateLimits ?? rateLimitsFromEnv());
  const auditor = opts.accessLayer === false ? undefined : new Auditor(audit, () => schema, ownerOf);
  const limits = opts.limits ?? defaultLimits;

  const apollo = new ApolloServer<GatewayContext>({
    gateway: plannedGateway(schema, planned, opts.queryPlans ?? process.env.GATEWAY_QUERY_PLANS !== "off"),
    ...apolloHygieneOptions(),
    // lib/errors' rules, then `message` in the request's language and `extensions.messages { zh, en }`
    formatError: gatewayFormatError,
    plugins: [
      // The cache-control plugin wraps every resolver; the gateway has thousands of them per big query.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads its scripts from the internet; the gateway serves its own explorer
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin(schema, limits),
      ...(auditor ? [auditPlugin(auditor)] : []),
      invalidateOnMutation(store),
      storeOutagePlugin<GatewayContext>(),
      metricsPlugin<GatewayContext>(),
      operationSpanPlugin<GatewayContext>(),
    ],
  });
  await apollo.start();

  // The request pipeline, in order: who is asking → are they within their rate → the operation.
  // The per-address limit comes before any token is verified: floods of bad tokens cost little.
  const addressLimitStep = async (req: Request, res: Response, next: NextFunction) => {
    const verdict = await addressLimit(req.ip ?? "unknown");
    if (verdict.ok) return next();
    rateLimitRefusals.inc({ limit: "address" });
    rateLimitResponse(res, verdict.retryAfterSeconds);
  };
  const authenticateStep = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.principal = await authenticate(req.headers);
      next();
    } catch (err) {
      // Refusals are counted against the address (and block it past a limit), not each audited.
      void addressLimit.countRefusal(req.ip ?? "unknown").catch(() => undefined);
      refuse(res, codeOf(err) === "UNAUTHENTICATED" ? 401 : 500, err);
    }
  };
  const rateLimitStep = async (req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal as Principal | undefined;
    const verdict = await consume(principal, req.ip ?? "unknown");
    if (verdict.ok) return next();
    rateLimitRefusals.inc({ limit: "principal" });
    void audit.append({ action: "graphql.request", actor: principal?.subject ?? "anonymous", actorKind: principal?.kind ?? "anonymous", outcome: "denied", detail: { codes: "RATE_LIMITED" } });
    rateLimitResponse(res, verdict.retryAfterSeconds);
  };

  const explorerOptions = opts.explorer ?? explorerFromEnv();
  const explorer = explorerOptions ? createExplorer(explorerOptions) : undefined;
  // built once per package versions and cached; the first page view waits for it if needed
  explorer?.warm().catch((err: unknown) => log.warn({ err }, "the explorer bundle could not be built; GET /graphql in a browser answers 503"));

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustedProxies());
  app.use(httpMetrics("gateway", ["/graphql", "/explorer", "/health", "/ready", "/metrics"]));
  app.get("/health", (_req, res) => { res.json({ status: "ok", subgraphs: subgraphs.map((s) => s.name) }); });
  app.get("/ready", readyHandler([storeCheck(store), ...subgraphs.map((s) => subgraphCheck(s.name, s.url))]));
  app.get("/metrics", metricsRoute());
  if (explorer) app.use(explorer.router);
  app.use(
    "/graphql",
    serverSpan("gateway"),
    corsStep(opts.corsOrigins ?? corsOriginsFromEnv()),
    inFlightLimit(opts.maxInFlight ?? maxInFlightFromEnv()),
    ...(explorer ? [explorer.page] : []),
    ...graphqlFrontDoor({ schema, limits }),
    addressLimitStep,
    authenticateStep,
    rateLimitStep,
    languageStep,
    inRequestTrace(expressMiddleware(apollo, {
      context: async ({ req, res }) => requestContext(res.locals.principal as Principal | undefined, req.headers),
    })),
  );
  // Whatever goes wrong, the answer is GraphQL-shaped JSON with a code, never an HTML error page.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // a store outage is logged once by the store itself, not once per request
    if (codeOf(err) !== ErrorCode.STORE_UNAVAILABLE) log.error({ err }, "gateway request failed outside GraphQL");
    if (!res.headersSent) refuse(res, (err as { status?: number }).status === 400 ? 400 : 500, err);
  });
  const listening = await listen(app, opts.port ?? envInt("GATEWAY_PORT", defaults.ports.gateway), { name: "gateway" });

  const wss = new WebSocketServer({ server: listening.server, path: "/graphql" });
  // Subscriptions go through the same pipeline as HTTP: address limit and credential when the
  // connection opens; credential, rate limit and query limits for each subscription; the object
  // rules on every payload; and an audit record written before each event that holds anyone's data.
  type WsExtra = { headers?: Record<string, string | string[] | undefined>; ip?: string; lang?: Language };
  // a refusal in the connection's language (its upgrade request's Accept-Language), both in `messages`
  const wsError = (lang: Language | undefined, message: string, extensions: Record<string, unknown>) => {
    const localized = localizeError({ message, extensions }, lang ?? "en");
    return new GraphQLError(localized.message, { extensions: localized.extensions });
  };
  const wsRefusal = (lang: Language | undefined, err: unknown) => [wsError(lang, (err as Error).message, { code: codeOf(err) ?? "BAD_REQUEST" })];
  const checkShape = shapeCheck(schema, limits);
  const wsServer = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const ip = ctx.extra.request.socket.remoteAddress ?? "unknown";
        if (!(await addressLimit(ip)).ok) return false;
        const params = Object.fromEntries(Object.entries(ctx.connectionParams ?? {}).map(([k, v]) => [k.toLowerCase(), typeof v === "string" ? v : undefined]));
        const headers = { ...ctx.extra.request.headers, ...params };
        try {
          await authenticate(headers);
        } catch {
          void addressLimit.countRefusal(ip).catch(() => undefined);
          return false; // refuses the connection (4403) before any subscription starts
        }
        ctx.extra.headers = headers;
        ctx.extra.ip = ip;
        ctx.extra.lang = requestLanguage(ctx.extra.request);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const headers = ctx.extra.headers ?? {};
        let principal: Principal | undefined;
        try {
          principal = await authenticate(headers); // a token revoked since the connection opened stops here
        } catch (err) {
          return wsRefusal(ctx.extra.lang, err);
        }
        const verdict = await consume(principal, ctx.extra.ip ?? "unknown");
        if (!verdict.ok) return [wsError(ctx.extra.lang, `Too many requests; try again in ${verdict.retryAfterSeconds} s`, { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: verdict.retryAfterSeconds })];
        const tooLong = tokenRefusal(payload.query, limits);
        if (tooLong) return [tooLong];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return wsRefusal(ctx.extra.lang, err);
        }
        const refusal = checkShape(document) ?? costRefusal(schema, limits, document, payload.variables ?? {}, payload.operationName);
        if (refusal) return [refusal];
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map((e) => wsError(ctx.extra.lang, e.message, { code: "GRAPHQL_VALIDATION_FAILED" }));
        const contextValue = requestContext(principal, headers);
        (contextValue as GatewayContext & { started?: number }).started = Date.now();
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      onNext: async (_ctx, _id, payload, args, result) => {
        if (!auditor) return;
        const context = args.contextValue as GatewayContext & { started?: number };
        const written = await auditor.record({ context, query: payload.query, document: args.document, operationName: payload.operationName, data: result.data, errors: result.errors ?? [], started: context.started ?? Date.now() });
        if (written !== true) return { errors: refusalErrors(written) } as never;
      },
    },
    wss,
  );
  log.info({ url: `${listening.url}/graphql`, subgraphs: subgraphs.map((s) => s.name) }, "gateway listening");
  return {
    ...listening,
    schema,
    audit,
    close: async () => {
      await wsServer.dispose();
      wss.close();
      await listening.close();
      await apollo.stop();
      await invalidation?.stop();
      await consume.close();
      await addressLimit.close();
      await dispose();
      await audit.flush();
    },
  };
}
