import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import {
  Kind, Lexer, Source, TokenKind, validate, visit,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from "graphql";
import { isProduction } from "../lib/config";
import { ErrorCode, KuaibanError } from "../lib/errors";
import type { GatewayContext } from "./context";

/**
 * What one operation may ask of the gateway. Every refusal is `QUERY_TOO_COMPLEX` (HTTP 400) with
 * the cap that was exceeded in `extensions.limit` and its allowed figure beside it, before anything
 * is fetched. The caps beyond depth and cost are optional here: when absent, the default applies.
 */
export interface QueryLimits {
  /** Deepest nesting of fields allowed; Person → employer → insuredStaff → … loops end here. */
  maxDepth: number;
  /** Estimated cost allowed: each field 1, a paginated list multiplies its children by `first`. */
  maxCost: number;
  /** Aliased fields per operation: each alias is one more full resolution of its field. */
  maxAliases?: number;
  /** Fields at the root of an operation: each is at least one call to a system behind the gateway. */
  maxRootFields?: number;
  /** Lexical tokens per document, counted before it is parsed (bounds parse and validation work). */
  maxTokens?: number;
  /** Directives per operation (`@include`, `@skip`…), fragments counted where they are spread. */
  maxDirectives?: number;
  /** "Did you mean …" in error messages: a help while developing, a map of the schema for an attacker. */
  fieldSuggestions?: boolean;
}

export const defaultLimits: Required<Omit<QueryLimits, "fieldSuggestions">> = {
  maxDepth: 10,
  maxCost: 20_000,
  // a screen compares a few records side by side; 2,000 aliases of one list made an 8 MB answer
  maxAliases: 30,
  // a portal page asks for a handful of things at once; 20 leaves room for dashboards
  maxRootFields: 20,
  // the largest query the portals and the benchmark send is a few hundred tokens
  maxTokens: 5_000,
  // conditional fields need one directive each; more than 50 is a directive-overload probe
  maxDirectives: 50,
};

/** The limits in force: the given ones over the defaults; suggestions only outside production. */
export function effectiveLimits(limits: QueryLimits = defaultLimits): Required<QueryLimits> {
  return { ...defaultLimits, fieldSuggestions: !isProduction(), ...withoutUndefined(limits) };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `http.status` tells Apollo Server to answer 400, as for any other malformed request. */
export const tooComplex = (message: string, figures: Record<string, number | string>) =>
  new KuaibanError(ErrorCode.QUERY_TOO_COMPLEX, message, { ...figures, http: { status: 400 } });

/**
 * Counts the tokens of a GraphQL document as graphql-js's parser does (comments are not tokens),
 * stopping as soon as there are more than `stopAfter`. Undefined when the text does not lex: the
 * parser then reports the syntax error itself.
 */
export function countTokens(source: string, stopAfter: number): number | undefined {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > stopAfter) return count;
    }
  } catch {
    return undefined;
  }
  return count;
}

/** The refusal for a document with more tokens than allowed, or undefined when it is within the cap. */
export function tokenRefusal(source: string, limits: QueryLimits = defaultLimits): KuaibanError | undefined {
  const { maxTokens } = effectiveLimits(limits);
  const tokens = countTokens(source, maxTokens);
  if (tokens === undefined || tokens <= maxTokens) return undefined;
  return tooComplex(`The document has more than ${maxTokens} tokens`, { limit: "maxTokens", maxTokens });
}

/**
 * A figure of a selection set that fragments contribute to: each fragment's figure is computed once
 * (a fragment spread a million times through nested fragments costs one visit, not a million), and
 * a spread of a fragment being computed (a cycle, refused by validation later) adds nothing.
 */
function measure(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  field: (node: Extract<SelectionSetNode["selections"][number], { kind: Kind.FIELD }>, inner: (s: SelectionSetNode | undefined) => number) => number,
  combine: (acc: number, value: number) => number,
): number {
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const visit = (s: SelectionSetNode | undefined): number => {
    if (!s) return 0;
    let acc = 0;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) acc = combine(acc, field(sel, visit));
      else if (sel.kind === Kind.INLINE_FRAGMENT) acc = combine(acc, visit(sel.selectionSet));
      else {
        const name = sel.name.value;
        let value = memo.get(name);
        if (value === undefined) {
          if (inProgress.has(name)) continue;
          inProgress.add(name);
          value = visit(fragments.get(name)?.selectionSet);
          inProgress.delete(name);
          memo.set(name, value);
        }
        acc = combine(acc, value);
      }
    }
    return acc;
  };
  return visit(set);
}

/** Deepest nesting of fields; introspection is not data. */
const depthOf = (set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>) =>
  measure(set, fragments, (f, inner) => (f.name.value.startsWith("__") ? 0 : 1 + inner(f.selectionSet)), Math.max);

/** Root fields of an operation, through its fragments (a fragment spread twice counts twice). */
const rootFieldsOf = (set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>) =>
  measure(set, fragments, () => 1, (a, b) => a + b);

/** Lists ask for `first` items (connections default to 20, capped at 100 by the subgraphs). */
const paginationEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  return first === undefined ? undefined : 1 + Math.min(first, 100) * childComplexity;
};

/**
 * graphql-armor's alias and directive counts (they follow fragments and leave `__typename` alone) as
 * validation rules that report our refusal; its other protections are ours already (depth, cost,
 * suggestions) or need the text before parsing (tokens).
 */
function armorRules(limits: Required<QueryLimits>): ValidationRule[] {
  const report = (cap: "maxAliases" | "maxDirectives", what: string) => (ctx: ValidationContext | null) => {
    ctx?.reportError(tooComplex(`The operation uses more than ${limits[cap]} ${what}`, { limit: cap, [cap]: limits[cap] }));
  };
  const off = { enabled: false };
  return new ApolloArmor({
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [report("maxAliases", "aliases")] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [report("maxDirectives", "directives")] },
    maxDepth: off, costLimit: off, maxTokens: off, blockFieldSuggestion: off,
  }).protect().validationRules;
}

function armorRefusal(schema: GraphQLSchema, document: DocumentNode, rules: ValidationRule[]): KuaibanError | undefined {
  return validate(schema, document, rules).find((e): e is KuaibanError => e instanceof KuaibanError);
}

const SUGGESTION = / ?Did you mean .+?\?/g;

/**
 * Whether an operation's cost can depend on its variables: only through `first`/`last` (the
 * pagination estimator) and `@skip`/`@include`. When it cannot, the cost is worked out once per
 * document (Apollo Server hands the same parsed document to every request of one text).
 */
function costUsesVariables(document: DocumentNode): boolean {
  let uses = false;
  visit(document, {
    Argument(node) {
      if ((node.name.value === "first" || node.name.value === "last") && node.value.kind !== Kind.INT) uses = true;
    },
    Directive(node) {
      if ((node.name.value === "skip" || node.name.value === "include") && node.arguments?.some((a) => a.value.kind !== Kind.BOOLEAN)) uses = true;
    },
  });
  return uses;
}

const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, KuaibanError | "ok">>>();
/** Whether a document's cost depends on its variables, found once per document. */
const variableCosts = new WeakMap<DocumentNode, boolean>();
const costVaries = (document: DocumentNode): boolean => {
  let varies = variableCosts.get(document);
  if (varies === undefined) variableCosts.set(document, (varies = costUsesVariables(document)));
  return varies;
};

/** The estimated cost of an operation over the limit, as a refusal (HTTP requests and subscriptions alike). */
export function costRefusal(schema: GraphQLSchema, given: QueryLimits, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): KuaibanError | undefined {
  let bySchema = costs.get(schema);
  if (!bySchema) costs.set(schema, (bySchema = new WeakMap()));
  let known = bySchema.get(document);
  if (!known) bySchema.set(document, (known = new Map()));
  const key = `${operationName ?? ""}|${given.maxCost ?? ""}`;
  const verdict = known.get(key);
  if (verdict) return verdict === "ok" ? undefined : new KuaibanError(ErrorCode.QUERY_TOO_COMPLEX, verdict.message, verdict.extensions);
  const { refusal, computed } = computeCostRefusal(schema, given, document, variables, operationName);
  // a figure that depends on the variables, or one that could not be worked out, is not kept
  if (computed && !costVaries(document)) known.set(key, refusal ?? "ok");
  return refusal;
}

function computeCostRefusal(schema: GraphQLSchema, given: QueryLimits, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): { refusal?: KuaibanError; computed: boolean } {
  const limits = effectiveLimits(given);
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables, estimators: [paginationEstimator, simpleEstimator({ defaultComplexity: 1 })] });
  } catch (err) {
    // graphql-query-complexity gives up on documents that expand beyond its node budget
    if (/maximum allowed number of nodes/.test((err as Error).message)) {
      return { refusal: tooComplex(`The query expands to too many fields; at most ${limits.maxCost} are allowed`, { limit: "maxCost", maxCost: limits.maxCost }), computed: false };
    }
    // Variables that do not fit their types: execution reports every one of them (400).
    return { computed: false };
  }
  if (cost > limits.maxCost) return { refusal: tooComplex(`The query costs ${cost}; at most ${limits.maxCost} is allowed (ask for fewer items per page)`, { limit: "maxCost", cost, maxCost: limits.maxCost }), computed: true };
  return { computed: true };
}

/**
 * Refuses, before anything is fetched, operations that cost more than allowed (`QUERY_TOO_COMPLEX`,
 * with the figures): cost needs the validated operation and its variables. The caps on the text and
 * the document (tokens, root fields, aliases, directives, depth) are checked once, before Apollo
 * Server validates: by the HTTP front door (`gateway/http-front.ts`) and for subscriptions in
 * `gateway/index.ts`. In production, error messages lose their "Did you mean …" suggestions.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, given: QueryLimits = defaultLimits): ApolloServerPlugin<GatewayContext> {
  const limits = effectiveLimits(given);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return;
          const refusal = costRefusal(schema, limits, document, request.variables ?? {}, request.operationName);
          if (refusal) throw refusal;
        },
        async didEncounterErrors({ errors }) {
          if (limits.fieldSuggestions) return;
          for (const error of errors) error.message = error.message.replace(SUGGESTION, "");
        },
      };
    },
  };
}

/**
 * The caps that need only the document (root fields, aliases, directives, depth), for every
 * operation in it. Cheap and independent of graphql-js validation, so the front door runs it before
 * Apollo Server validates: validation's overlapping-fields check grows with the square of repeated
 * fields, the very cost these caps exist to bound.
 */
export function shapeCheck(schema: GraphQLSchema, given: QueryLimits = defaultLimits): (document: DocumentNode) => KuaibanError | undefined {
  const limits = effectiveLimits(given);
  const rules = armorRules(limits);
  return (document) => shapeRefusal(schema, document, limits, rules);
}

function shapeRefusal(schema: GraphQLSchema, document: DocumentNode, limits: Required<QueryLimits>, rules: ValidationRule[]): KuaibanError | undefined {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  for (const operation of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
    const rootFields = rootFieldsOf(operation.selectionSet, fragments);
    if (rootFields > limits.maxRootFields) {
      return tooComplex(`The operation asks for ${rootFields} root fields; at most ${limits.maxRootFields} are allowed`, { limit: "maxRootFields", rootFields, maxRootFields: limits.maxRootFields });
    }
  }
  const armor = armorRefusal(schema, document, rules);
  if (armor) return armor;
  for (const operation of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
    const depth = depthOf(operation.selectionSet, fragments);
    if (depth > limits.maxDepth) {
      return tooComplex(`The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed`, { limit: "maxDepth", depth, maxDepth: limits.maxDepth });
    }
  }
  return undefined;
}
