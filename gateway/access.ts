import { mapSchema, MapperKind } from "@graphql-tools/utils";
import { parse, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { guardResolver, guardsFor, type AccessState } from "../lib/access/enforce";
import { emptyAccessMap, emptyRule, readAccess, type AccessMap } from "../lib/access/requirements";
import { ErrorCode, KuaibanError } from "../lib/errors";
import { isSystem } from "../lib/access/scopes";
import type { GatewayContext } from "./context";

/**
 * The gateway's side of the access layer. What each subgraph declares in its SDL (Federation auth
 * directives) adds up into one map over the stitched schema; every field is then guarded as the
 * subgraph guards it, and every object of a type with an object rule (`Person`) is screened
 * wherever it appears — root, nested, merged from another subgraph, list item, subscription
 * payload — before anything more is fetched for it. Subgraphs check again on their own.
 */
export function accessFromSdl(sdls: string[]): AccessMap {
  const map = emptyAccessMap();
  for (const sdl of sdls) readAccess(parse(sdl), map);
  return map;
}

/** Types whose every returned object the audit names (keyed pseudonyms of their keys). */
export const AUDITED_TYPES = ["Person", "Employer"];

/** Staff and partners state why they read people (`X-Purpose`); the engine acts for an application already allowed. */
export function purposeCheck(ctx: GatewayContext): (typeName: string) => Error | undefined {
  return (typeName) => {
    if (typeName !== "Person" || ctx.purpose) return undefined;
    const p = ctx.principal;
    if (p && ((p.kind === "staff" && !isSystem(p)) || p.kind === "partner")) {
      return new KuaibanError(ErrorCode.PURPOSE_REQUIRED, "A read of personal data by staff or a partner must state its purpose in the X-Purpose header");
    }
    return undefined;
  };
}

type Resolver = GraphQLFieldResolver<unknown, unknown>;

export function enforceAccess(schema: GraphQLSchema, access: AccessMap, stateOf: (ctx: unknown) => AccessState, ownerOf: (coordinate: string) => string | undefined = () => undefined): GraphQLSchema {
  const guards = guardsFor(schema, access, AUDITED_TYPES);
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const guard = guards.get(`${typeName}.${fieldName}`);
      if (!guard) return field;
      const root = roots.has(typeName);
      const agency = ownerOf(`${typeName}.${fieldName}`);
      if (root && field.subscribe) {
        return {
          ...field,
          subscribe: guardResolver(field.subscribe as Resolver, { ...guard, returns: undefined }, stateOf, { agency }),
          resolve: guardResolver((field.resolve as Resolver) ?? ((payload: unknown) => payload), { ...guard, rule: emptyRule() }, stateOf),
        };
      }
      return { ...field, resolve: guardResolver(field.resolve as Resolver | undefined, guard, stateOf, { prescreen: !root, agency }) };
    },
  });
}
