import { buildGraphQLWSExecutor } from "@graphql-tools/executor-graphql-ws";
import { stitchSchemas } from "@graphql-tools/stitch";
import type { MergedTypeConfig, SubschemaConfig } from "@graphql-tools/delegate";
import { filterSchema, mapSchema, MapperKind, relocatedError, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import { defaultFieldResolver, GraphQLError, responsePathAsArray, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { defaults } from "../lib/config";
import { codeOf, isKnownCode, upstreamUnavailable } from "../lib/errors";
import { log } from "../lib/log";
import { subgraphCalls, subgraphDuration } from "../lib/metrics";
import { inSpan, withTraceHeaders } from "../lib/tracing";
import { PRINCIPAL_HEADER, signPrincipal } from "../lib/principal";
import type { AccessState } from "../lib/access/enforce";
import { emptyAccessMap, type AccessMap } from "../lib/access/requirements";
import { CreditCodeScalar, DateScalar, DateTimeScalar, IdNumberScalar } from "../schema/scalars/graphql";
import { enforceAccess } from "./access";
import type { GatewayContext } from "./context";
import type { SubgraphShape } from "./subgraph-schema";
import type { SubgraphEndpoint } from "./subgraphs.config";
import { documentText, subgraphPost } from "./subgraph-http";

/** The request's principal signed for one subgraph, once per request and subgraph. */
function signedFor(subgraph: string, ctx: GatewayContext | undefined): string {
  if (!ctx) return signPrincipal(undefined, { audience: subgraph, requestId: "internal" });
  ctx.signed ??= new Map();
  let value = ctx.signed.get(subgraph);
  if (!value) ctx.signed.set(subgraph, (value = signPrincipal(ctx.principal, { audience: subgraph, requestId: ctx.requestId })));
  return value;
}

/**
 * Talks to one subgraph over HTTP. The principal travels in a signed header; a subgraph that is
 * down, slow or answers garbage becomes `UPSTREAM_UNAVAILABLE` on exactly the fields it owns,
 * while a subgraph's own coded errors pass through untouched.
 */
export function subgraphExecutor(endpoint: SubgraphEndpoint, timeoutMs = defaults.subgraphTimeoutMs): Executor & { dispose?: () => Promise<void> } {
  const post = subgraphPost(endpoint.url, timeoutMs);
  // Subscriptions travel over one graphql-ws connection per subgraph, opened on first use.
  let ws: ReturnType<typeof buildGraphQLWSExecutor> | undefined;
  const subscribe = (request: ExecutionRequest) => {
    ws ??= buildGraphQLWSExecutor({ url: endpoint.url.replace(/^http/, "ws"), lazy: true, lazyCloseTimeout: 1_000 });
    return ws({ ...request, extensions: { ...request.extensions, [PRINCIPAL_HEADER]: signedFor(endpoint.name, request.context as GatewayContext | undefined) } });
  };
  const attributes = { "kuaiban.subgraph": endpoint.name, "graphql.operation.type": "query" };
  // this subgraph's series, looked up once instead of by their labels on every call
  const duration = subgraphDuration.labels({ subgraph: endpoint.name });
  const calls = {
    ok: subgraphCalls.labels({ subgraph: endpoint.name, outcome: "ok" }),
    error: subgraphCalls.labels({ subgraph: endpoint.name, outcome: "error" }),
    unavailable: subgraphCalls.labels({ subgraph: endpoint.name, outcome: "unavailable" }),
  };
  const execute = (async (request: ExecutionRequest) => {
    if (request.operationType === "subscription") return subscribe(request);
    let single: ExecutionResult;
    const timer = duration.startTimer();
    try {
      const body = { query: documentText(request.document), variables: request.variables };
      const principal = signedFor(endpoint.name, request.context as GatewayContext | undefined);
      const spanAttributes = request.operationType && request.operationType !== "query" ? { ...attributes, "graphql.operation.type": request.operationType } : attributes;
      // `traceparent` of the subgraph call's client span, when tracing is on
      single = await inSpan(`subgraph ${endpoint.name}`, spanAttributes, async (span) => post(body, withTraceHeaders({ [PRINCIPAL_HEADER]: principal }, span)));
    } catch (err) {
      timer();
      calls.unavailable.inc();
      log.warn({ subgraph: endpoint.name, err: String(err) }, "subgraph call failed");
      return { errors: [upstreamUnavailable(endpoint.name)] };
    }
    timer();
    if (single.errors?.length && single.data == null && single.errors.some((e) => !isKnownCode(codeOf(e)))) {
      calls.unavailable.inc();
      log.warn({ subgraph: endpoint.name, errors: single.errors.map((e) => e.message) }, "subgraph unavailable");
      return { errors: [upstreamUnavailable(endpoint.name)] };
    }
    (single.errors?.length ? calls.error : calls.ok).inc();
    // what came over the wire as JSON becomes errors stitching can relocate
    if (single.errors?.length) return { ...single, errors: single.errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions ?? {} })) };
    return single;
  }) as Executor & { dispose?: () => Promise<void> };
  execute.dispose = async () => {
    post.close();
    await ws?.[Symbol.asyncDispose]?.();
  };
  return execute;
}

function entityMerge(typeName: string, keyFields: string[]): MergedTypeConfig {
  return {
    selectionSet: `{ ${keyFields.join(" ")} }`,
    fieldName: "_entities",
    key: (obj: Record<string, unknown>) => {
      const rep: Record<string, unknown> = { __typename: typeName };
      for (const f of keyFields) rep[f] = obj[f];
      return rep;
    },
    // One `_entities` call per subgraph per level of the query, whatever the number of items.
    argsFromKeys: (representations: readonly unknown[]) => ({ representations }),
  };
}

export function subschemaFor(endpoint: SubgraphEndpoint, shape: SubgraphShape, executor = subgraphExecutor(endpoint)): SubschemaConfig {
  const merge: Record<string, MergedTypeConfig> = {};
  for (const [typeName, keyFields] of shape.keys) merge[typeName] = entityMerge(typeName, keyFields);
  return { name: endpoint.name, schema: shape.schema, executor, batch: true, merge } as SubschemaConfig;
}

/**
 * The stitched schema as clients see it, before the access layer: scalars get their validating
 * implementations here, so an invalid ID number or credit code is refused at the gateway before
 * any subgraph is called.
 */
export function publicSchemaOf(subschemas: SubschemaConfig[]): GraphQLSchema {
  const present = new Set(subschemas.flatMap((s) => Object.keys(s.schema.getTypeMap())));
  const scalars = Object.fromEntries(
    [IdNumberScalar, CreditCodeScalar, DateScalar, DateTimeScalar].filter((s) => present.has(s.name)).map((s) => [s.name, s]),
  );
  const stitched = stitchSchemas({ subschemas, mergeTypes: true, resolvers: scalars });
  // `_entities` and `_service` are the subgraphs' internal protocol, not the public API.
  return filterSchema({
    schema: stitched,
    rootFieldFilter: (_op, fieldName) => !fieldName.startsWith("_"),
    typeFilter: (typeName) => !["_Any", "_Entity", "_Service", "link__Import", "link__Purpose"].includes(typeName),
  });
}

/** One schema over all subgraphs, every field guarded by the access layer. */
export function stitchGatewaySchema(
  subschemas: SubschemaConfig[],
  access: AccessMap = emptyAccessMap(),
  stateOf: (ctx: unknown) => AccessState = (ctx) => (ctx as GatewayContext).access!,
  ownerOf: (coordinate: string) => string | undefined = () => undefined,
  publicSchema = publicSchemaOf(subschemas),
): GraphQLSchema {
  return restoreListPositions(enforceAccess(publicSchema, access, stateOf, ownerOf));
}

/**
 * The public schema over an answer already fetched by a query plan: every field reads its
 * response key from its parent, guarded by the access layer exactly as in the stitched schema.
 */
export function answerSchema(
  publicSchema: GraphQLSchema,
  access: AccessMap,
  stateOf: (ctx: unknown) => AccessState,
  ownerOf: (coordinate: string) => string | undefined,
): GraphQLSchema {
  const read: GraphQLFieldResolver<unknown, unknown> = (source, _args, _ctx, info) => (source as Record<string, unknown> | null)?.[info.path.key as string];
  const readers = mapSchema(publicSchema, {
    [MapperKind.OBJECT_FIELD]: (field) => ({ ...field, resolve: read, subscribe: undefined }),
  });
  return enforceAccess(readers, access, stateOf, ownerOf);
}

/**
 * Merged fields of list items are resolved with the list field's path, so a subgraph's error on
 * the third person arrives as `persons.archive` instead of `persons.2.archive`. The field's own
 * resolver knows its real path: an error located on that path without list positions is moved to
 * it, so the client sees which item failed.
 */
function withListPosition(error: unknown, info: GraphQLResolveInfo): unknown {
  if (!(error instanceof GraphQLError) || !error.path) return error;
  const here = responsePathAsArray(info.path);
  const withoutPositions = here.filter((segment) => typeof segment === "string");
  if (withoutPositions.length === here.length || error.path.length < withoutPositions.length) return error;
  for (let i = 0; i < withoutPositions.length; i++) if (error.path[i] !== withoutPositions[i]) return error;
  return relocatedError(error, [...here, ...error.path.slice(withoutPositions.length)]);
}

function restoreListPositions(schema: GraphQLSchema): GraphQLSchema {
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, _name, typeName) => {
      if (rootTypes.has(schema.getType(typeName) as never)) return field;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, args, context, info) => {
          let result: unknown;
          try {
            result = resolve(source, args, context, info);
          } catch (err) {
            throw withListPosition(err, info);
          }
          if (result instanceof Error) return withListPosition(result, info);
          if (result instanceof Promise) {
            return result.then(
              (value) => (value instanceof Error ? withListPosition(value, info) : value),
              (err) => { throw withListPosition(err, info); },
            );
          }
          return result;
        },
      };
    },
  });
}

export { GraphQLError };
