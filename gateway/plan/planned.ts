import type { GatewayInterface } from "@apollo/server-gateway-interface";
import type { Executor } from "@graphql-tools/utils";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { execute, getArgumentValues, getOperationAST, getVariableValues, GraphQLError, Kind, OperationTypeNode, parse, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLSchema } from "graphql";
import { planCache } from "../../lib/metrics";
import { knownText } from "../subgraph-http";
import { conditionVariables, entitiesQuery, NotPlannable, planQuery, rootQuery, type Fetch, type PlanSources, type QueryPlan, type RootField } from "./planner";
import { runPlan } from "./run";

export interface PlannedOperation {
  document: DocumentNode;
  /** The operation's text: with the operation name and the `@skip`/`@include` values, the plan's key. */
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  context: unknown;
}

/** Operation texts longer than this get a plan per request, not a cached one (1,000 plans stay small). */
const MAX_PLANNED_TEXT = 20_000;

interface CachedPlan {
  plan: QueryPlan;
  /** The operation compiled over the answer schema (graphql-jit), or undefined to run it with graphql-js. */
  compiled?: CompiledQuery;
  /** Each subgraph request's text, parsed once (the entity cache reads the document). */
  documents: Map<string, DocumentNode>;
  rootTexts: Map<Fetch, string>;
  /** One level's entity fetches to one subgraph, by the numbers of those that had objects. */
  entityTexts: Map<string, string>;
  numbers: Map<Fetch, number>;
}

export interface PlannedExecutionOptions {
  sources: PlanSources;
  /** The stitched schema: what is not planned runs here. */
  stitched: GraphQLSchema;
  /** The public schema over a fetched answer (`answerSchema`). */
  answers: GraphQLSchema;
  executors: ReadonlyMap<string, Executor>;
  /** The object rules of what a field (`returnedBy`) returned, before anything more is fetched for it. */
  admit(context: unknown): (returnedBy: string, object: Record<string, unknown>) => Promise<unknown>;
  /** The access layer on a root field, with its arguments, before it is asked for. */
  admitRoot(context: unknown): (fieldName: string, args: () => Record<string, unknown>) => Promise<Error | undefined>;
  /** Plans kept at most (least recently used go first). */
  maxPlans?: number;
}

/**
 * Queries run on plans cached per operation shape: the first request of a shape plans it, every
 * later one only fetches and assembles. The key is the operation's exact text, its name and the
 * values of the variables `@skip`/`@include` read, so a query that differs in any of them (an
 * alias, a fragment, a variable, a condition) gets a plan of its own. What cannot be planned
 * runs through stitching, remembered as such.
 */
export function plannedExecution(opts: PlannedExecutionOptions) {
  const maxPlans = opts.maxPlans ?? 1_000;
  const plans = new Map<string, CachedPlan | null>();
  const conditions = new Map<string, string[]>();

  const planFor = (op: PlannedOperation, variables: Record<string, unknown>): CachedPlan | null => {
    let names = conditions.get(op.query);
    if (!names) {
      names = conditionVariables(op.document);
      if (op.query.length <= MAX_PLANNED_TEXT) {
        if (conditions.size >= maxPlans) conditions.clear();
        conditions.set(op.query, names);
      }
    }
    const key = `${op.operationName ?? ""}\u0000${names.map((n) => (variables[n] === true ? "1" : "0")).join("")}\u0000${op.query}`;
    const cached = plans.get(key);
    if (cached !== undefined) {
      plans.delete(key);
      plans.set(key, cached); // most recently used last
      planCache.inc({ result: cached ? "hit" : "unplanned" });
      return cached;
    }
    let entry: CachedPlan | null;
    try {
      const plan = planQuery(opts.sources, op.document, op.operationName, variables);
      const numbers = new Map(plan.levels.flat().map((f, i) => [f, i]));
      entry = { plan, compiled: compiled(op), documents: new Map(), rootTexts: new Map(plan.roots.map((f) => [f, rootQuery(f)])), entityTexts: new Map(), numbers };
    } catch (err) {
      if (!(err instanceof NotPlannable)) throw err;
      entry = null;
    }
    planCache.inc({ result: entry ? "planned" : "unplanned" });
    if (op.query.length > MAX_PLANNED_TEXT) return entry; // planned for this request only
    if (plans.size >= maxPlans) plans.delete(plans.keys().next().value!);
    plans.set(key, entry);
    return entry;
  };

  // The answer is assembled by compiled code: the guards and masks run as resolvers, as in graphql-js.
  const compiled = (op: PlannedOperation): CompiledQuery | undefined => {
    const made = compileQuery(opts.answers, op.document, op.operationName ?? undefined);
    return isCompiledQuery(made) ? made : undefined;
  };

  const documentOf = (entry: CachedPlan, text: string) => {
    let document = entry.documents.get(text);
    if (!document) entry.documents.set(text, (document = knownText(parse(text, { noLocation: true }), text)));
    return document;
  };

  return {
    /** The plan an operation runs on (null: through stitching), made and cached as a request would. */
    planOf(op: Pick<PlannedOperation, "document" | "query" | "operationName" | "variables">): QueryPlan | null {
      return planFor(op as PlannedOperation, op.variables ?? {})?.plan ?? null;
    },
    async execute(op: PlannedOperation): Promise<ExecutionResult> {
      const variables = op.variables ?? {};
      const entry = planFor(op, variables);
      if (!entry) return throughStitching(opts.stitched, op);
      // Variables that do not fit their types: graphql-js reports each of them, nothing is fetched.
      const operation = getOperationAST(op.document, op.operationName);
      const coerced = getVariableValues(opts.sources.schema, operation?.variableDefinitions ?? [], variables);
      if (coerced.errors) return throughStitching(opts.stitched, op);
      const admitRoot = opts.admitRoot(op.context);
      const { data, errors } = await runPlan(entry.plan, {
        variables,
        rootQuery: (fetch, keys) => (keys ? rootQuery(fetch, keys) : entry.rootTexts.get(fetch)!),
        entitiesQuery: (fetches) => {
          const key = fetches.map((f) => entry.numbers.get(f)).join(",");
          let text = entry.entityTexts.get(key);
          if (!text) entry.entityTexts.set(key, (text = entitiesQuery(fetches)));
          return text;
        },
        call: async (subgraph, query, vars) => {
          const executor = opts.executors.get(subgraph);
          if (!executor) return { errors: [new GraphQLError(`no executor for ${subgraph}`)] };
          return (await executor({ document: documentOf(entry, query), variables: vars, context: op.context as Record<string, unknown>, operationType: OperationTypeNode.QUERY })) as ExecutionResult;
        },
        admit: opts.admit(op.context),
        admitRoot: (field) => admitRoot(field.name, () => argumentsOf(field, coerced.coerced, opts.sources.schema)),
      });
      const result = entry.compiled
        ? await entry.compiled.query(data, op.context, variables)
        : await execute({ schema: opts.answers, document: op.document, rootValue: data, variableValues: variables, operationName: op.operationName, contextValue: op.context });
      return errors.length ? { ...result, errors: [...(result.errors ?? []), ...errors] } : result;
    },
  };
}

export type PlannedExecution = ReturnType<typeof plannedExecution>;

/** An operation run by graphql-js over the stitched schema, as without plans. */
async function throughStitching(schema: GraphQLSchema, op: PlannedOperation): Promise<ExecutionResult> {
  return execute({ schema, document: op.document, variableValues: op.variables, operationName: op.operationName, contextValue: op.context });
}

/** A root field's arguments as its resolver would get them. */
function argumentsOf(field: RootField, variables: Record<string, unknown>, schema: GraphQLSchema): Record<string, unknown> {
  const definition = schema.getQueryType()?.getFields()[field.name];
  if (!definition) return {};
  const node: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: field.name }, arguments: field.args };
  return getArgumentValues(definition, node, variables);
}

/**
 * Apollo Server's gateway interface over one schema: validation and every plugin as before, and
 * execution on cached plans (`plans: false`: every operation through stitching).
 */
export function plannedGateway(schema: GraphQLSchema, planned: PlannedExecution, plans: boolean): GatewayInterface {
  return {
    async load() {
      return {
        executor: async (rc) => {
          const op: PlannedOperation = { document: rc.document, query: rc.source, operationName: rc.request.operationName, variables: rc.request.variables, context: rc.context };
          return plans && rc.operation?.operation === "query" ? planned.execute(op) : throughStitching(schema, op);
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    async stop() {},
  };
}
