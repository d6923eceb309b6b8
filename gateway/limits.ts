import type { ApolloServerPlugin } from "@apollo/server";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { Kind, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { ErrorCode, KuaibanError } from "../lib/errors";
import type { GatewayContext } from "./context";

export interface QueryLimits {
  /** Deepest nesting of fields allowed; Person → employer → insuredStaff → … loops end here. */
  maxDepth: number;
  /** Estimated cost allowed: each field 1, a paginated list multiplies its children by `first`. */
  maxCost: number;
}

export const defaultLimits: QueryLimits = { maxDepth: 10, maxCost: 20_000 };

function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string> = new Set()): number {
  if (!set) return 0;
  let deepest = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith("__")) continue; // introspection is not data
      deepest = Math.max(deepest, 1 + depthOf(sel.selectionSet, fragments, seen));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      if (seen.has(name)) continue;
      deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return deepest;
}

/** Lists ask for `first` items (connections default to 20, capped at 100 by the subgraphs). */
const paginationEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  return first === undefined ? undefined : 1 + Math.min(first, 100) * childComplexity;
};

/** `http.status` tells Apollo Server to answer 400, as for any other malformed request. */
const tooComplex = (message: string, figures: Record<string, number>) =>
  new KuaibanError(ErrorCode.QUERY_TOO_COMPLEX, message, { ...figures, http: { status: 400 } });

/**
 * Refuses, before anything is fetched, queries deeper or costlier than allowed
 * (`QUERY_TOO_COMPLEX`, with the measured and allowed figures).
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: QueryLimits = defaultLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
          );
          const depth = depthOf(operation.selectionSet, fragments);
          if (depth > limits.maxDepth) {
            throw tooComplex(`The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed`, { depth, maxDepth: limits.maxDepth });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [paginationEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not fit their types: execution reports every one of them (400).
            return;
          }
          if (cost > limits.maxCost) {
            throw tooComplex(`The query costs ${cost}; at most ${limits.maxCost} is allowed (ask for fewer items per page)`, { cost, maxCost: limits.maxCost });
          }
        },
      };
    },
  };
}
