import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import express from "express";
import { GraphQLError, type GraphQLSchema, GraphQLScalarType } from "graphql";
import gql from "graphql-tag";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { formatError } from "./errors";
import { listen, type Listening } from "./http";
import { log } from "./log";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { PRINCIPAL_HEADER, openPrincipal, type Principal } from "./principal";
import { factsLoader, remoteFactsSource, type FactsSource } from "./access/directory";
import { guardResolver, guardsFor, newAccessState, screen, type AccessState } from "./access/enforce";
import { declareAccess, readAccess, type AccessTable } from "./access/requirements";
import { codeOf } from "./errors";
import type { Store } from "./store";
import { storeOutagePlugin } from "./store/outage";
import { httpMetrics, metricsRoute } from "./metrics";
import { inRequestTrace, operationSpanPlugin, serverSpan, startTracing } from "./tracing";
import { readyHandler, storeCheck, type ReadinessCheck } from "./readiness";

export interface SubgraphContext {
  /** Per-request memo for DataLoaders, so `__resolveReference` batches one `_entities` call into one legacy call. */
  loaders: Map<string, unknown>;
  /** Who the gateway says is asking: every request carries a valid signed principal, or is refused. */
  principal: Principal | undefined;
  /** The gateway's request id, for logs. */
  requestId?: string;
  /** This request's access decisions (see lib/access/enforce.ts). */
  access?: AccessState;
}

/** One DataLoader (or any per-request object) per name per request. */
export function perRequest<T>(ctx: SubgraphContext, name: string, make: () => T): T {
  let value = ctx.loaders.get(name) as T | undefined;
  if (!value) {
    value = make();
    ctx.loaders.set(name, value);
  }
  return value;
}

export interface SubgraphDefinition {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Entity type name → how to load it from a representation (`{ __typename, ...keyFields }`). */
  references?: Record<string, (representation: Record<string, unknown>, ctx: SubgraphContext) => unknown>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /**
   * Passed to every resolver class's constructor (`constructor(private deps: MyDeps)`), so adapters
   * get their legacy client and store without module-level state.
   */
  deps?: unknown;
  /**
   * Who may read and do what, declared in the published SDL as Federation auth directives and
   * enforced here on every field and object (see lib/access/requirements.ts for the keys).
   */
  access?: AccessTable;
  /** Where the object rules learn a person's facts; default: the social-insurance subgraph. */
  facts?: FactsSource;
}

const federationLink =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable", "@external", "@requires", "@authenticated", "@requiresScopes", "@policy"])\n';

/** What the root types say in every published SDL (type-graphql gives them no description of their own). */
export const rootTypeDescriptions = {
  Query: "查询 queries: 读取人员、单位、事项与办件的入口",
  Mutation: "办理 mutations: 提交与办理事项、管理数据的入口",
  Subscription: "订阅 subscriptions: 办件进度等推送 (graphql-ws)",
} as const;

function describeRootTypes(schema: GraphQLSchema): void {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (type && !type.description) type.description = rootTypeDescriptions[type.name as keyof typeof rootTypeDescriptions];
  }
}

/**
 * Builds a Federation-v2 subgraph schema from type-graphql resolvers: type-graphql makes the
 * schema, its printed SDL (with `@key` directives) goes through `buildSubgraphSchema`, which adds
 * `_service` and `_entities`.
 */
export async function buildSubgraph(def: SubgraphDefinition): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>();
  const schema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    container: {
      get: (cls: new (deps: unknown) => unknown) => {
        if (!instances.has(cls)) instances.set(cls, new cls(def.deps));
        return instances.get(cls);
      },
    },
    skipCheck: true,
    // Subscriptions here bring their own `subscribe` (built on the store's pub/sub); topic-based
    // subscriptions are not used, so their PubSub refuses loudly instead of silently never firing.
    pubSub: {
      publish: () => { throw new Error("topic-based subscriptions are not used; give @Subscription a subscribe function"); },
      subscribe: () => { throw new Error("topic-based subscriptions are not used; give @Subscription a subscribe function"); },
    },
    validate: false, // inputs are validated by scalars and explicit checks that raise coded errors
  });
  describeRootTypes(schema);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  // createResolversMap leaves custom scalars as plain objects; the subgraph needs the real types.
  for (const type of Object.values(schema.getTypeMap())) {
    if (type instanceof GraphQLScalarType && !type.name.startsWith("__") && !["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) {
      (resolvers as Record<string, unknown>)[type.name] = type;
    }
  }
  const typeDefs = declareAccess(gql(federationLink + printSchemaWithDirectives(schema)), def.access ?? {});
  const access = readAccess(typeDefs);
  const stateOf = (ctx: unknown) => {
    const c = ctx as SubgraphContext;
    c.access ??= newAccessState(c.principal, factsLoader(def.facts ?? remoteFactsSource()));
    return c.access;
  };
  // Every guarded field gets a resolver (type-graphql leaves plain properties without one).
  for (const guard of guardsFor(schema, access).values()) {
    const byType = (resolvers[guard.typeName] ??= {});
    const current = byType[guard.fieldName] as { resolve?: unknown; subscribe?: unknown } | ((...a: unknown[]) => unknown) | undefined;
    if (current && typeof current === "object" && "subscribe" in current) {
      const subscribe = current.subscribe as never;
      byType[guard.fieldName] = {
        ...current,
        subscribe: guardResolver(subscribe, { ...guard, returns: undefined }, stateOf, { agency: def.name }),
        resolve: guardResolver((current.resolve as never) ?? ((payload: unknown) => payload), guard, stateOf, { agency: def.name }),
      };
    } else {
      byType[guard.fieldName] = guardResolver(current as never, guard, stateOf, { agency: def.name });
    }
  }
  for (const [typeName, load] of Object.entries(def.references ?? {})) {
    const policies = access.types.get(typeName)?.policies ?? [];
    // `_entities` is screened like any other place an object is returned: a denied representation
    // is never loaded, so its fields never reach the legacy system.
    const guarded = async (rep: Record<string, unknown>, ctx: SubgraphContext) => {
      const state = stateOf(ctx);
      const allowed = await screen(rep, typeName, policies, state, def.name);
      return allowed instanceof Error ? allowed : load(rep, ctx);
    };
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: guarded };
  }
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}

/** The SDL a subgraph publishes in `_service { sdl }`, as emitted into `schema/sdl/`. */
export function subgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema).trim() + "\n";
}

export interface RunningSubgraph extends Listening {
  name: string;
  schema: GraphQLSchema;
  /** GraphQL requests served, for batching tests. */
  stats: { requests: number };
}

/** Serves a subgraph over HTTP: POST /graphql, GET /health, GET /metrics (Prometheus text) when given, and the component's own `routes`. */
export async function serveSubgraph(
  def: SubgraphDefinition,
  port: number,
  opts: { routes?: (app: express.Express) => void; ready?: ReadinessCheck[]; store?: Store } = {},
): Promise<RunningSubgraph> {
  await startTracing(def.name);
  const schema = await buildSubgraph(def);
  const app = express();
  app.disable("x-powered-by");
  const stats = { requests: 0 };
  app.use(httpMetrics(def.name, ["/graphql", "/health", "/ready", "/metrics"]));
  app.get("/health", (_req, res) => { res.json({ status: "ok", subgraph: def.name }); });
  // a component's own operational routes (`/ready`, `/metrics`), outside the gateway-only /graphql
  opts.routes?.(app);
  // the defaults, where the component has none of its own: the store it was given, and the process metrics
  app.get("/ready", readyHandler(opts.ready ?? (opts.store ? [storeCheck(opts.store)] : [])));
  app.get("/metrics", metricsRoute());
  app.post("/graphql", (_req, _res, next) => { stats.requests++; next(); });
  // Closed to anyone but the gateway (and components holding the internal secret): no valid
  // signed principal for this subgraph, no answer at all — not even the schema.
  app.use("/graphql", serverSpan(def.name), (req, res, next) => {
    try {
      const envelope = openPrincipal(req.headers[PRINCIPAL_HEADER], def.name);
      res.locals.principal = envelope.p ?? undefined;
      res.locals.requestId = envelope.rid;
      next();
    } catch (err) {
      res.status(401).json({ errors: [{ message: (err as Error).message, extensions: { code: codeOf(err) ?? "UNAUTHENTICATED" } }] });
    }
  });
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    formatError,
    introspection: true, // the gateway reads the subgraph's schema on start
    // the process's own shutdown (lib/http onShutdown) stops the server; Apollo re-signalling itself would exit 1
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled(), storeOutagePlugin<SubgraphContext>(), operationSpanPlugin<SubgraphContext>()],
  });
  await apollo.start();
  app.use(
    "/graphql",
    express.json({ limit: "2mb" }),
    inRequestTrace(expressMiddleware(apollo, {
      context: async ({ res }) => ({ loaders: new Map(), principal: res.locals.principal as Principal | undefined, requestId: res.locals.requestId as string }),
    })),
  );
  const listening = await listen(app, port, { name: def.name });
  // Subscriptions: graphql-ws on the same path; the gateway sends the principal in `extensions`.
  let wsCleanup: { dispose(): void | Promise<void> } | undefined;
  let wss: WebSocketServer | undefined;
  if (schema.getSubscriptionType()) {
    wss = new WebSocketServer({ server: listening.server, path: "/graphql" });
    wsCleanup = useServer<Record<string, unknown>, { context?: SubgraphContext }>(
      {
        schema,
        onSubscribe: (_ctx, _id, payload) => {
          try {
            openPrincipal(payload.extensions?.[PRINCIPAL_HEADER], def.name);
          } catch (err) {
            return [new GraphQLError((err as Error).message, { extensions: { code: codeOf(err) ?? "UNAUTHENTICATED" } })];
          }
        },
        context: (_ctx, _id, payload) => {
          const envelope = openPrincipal(payload.extensions?.[PRINCIPAL_HEADER], def.name);
          return { loaders: new Map(), principal: envelope.p ?? undefined, requestId: envelope.rid };
        },
      },
      wss,
    );
  }
  log.info({ subgraph: def.name, url: `${listening.url}/graphql` }, "subgraph listening");
  return {
    ...listening,
    name: def.name,
    schema,
    stats,
    close: async () => {
      await wsCleanup?.dispose();
      wss?.close();
      await listening.close();
      await apollo.stop();
    },
  };
}
