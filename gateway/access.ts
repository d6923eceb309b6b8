import { mapSchema, MapperKind } from "@graphql-tools/utils";
import { execute, parse, type GraphQLFieldConfig, type GraphQLSchema } from "graphql";
import { forbidden, unauthenticated } from "../lib/errors";
import type { Principal } from "../lib/principal";
import { assertCanReadPerson } from "./auth/policy";
import type { GatewayContext } from "./context";

/**
 * Who may call each root field, in one table. A field without a rule of its own gets its
 * subgraph's default: the catalogue is public; the one-thing engine decides itself with the
 * principal the gateway forwards (it knows whose application is whose); everything else needs a
 * credential, and the agency systems' item operations are back-office work for staff.
 */
export type Access = "public" | "authenticated" | "self-enforced";
type Rule = (principal: Principal, args: Record<string, unknown>, ctx: GatewayContext, schema: GraphQLSchema) => Promise<void> | void;

const requireScope = (principal: Principal, scope: string) => {
  if (principal.kind === "partner" && !principal.scopes.includes(scope)) throw forbidden(`This API key does not have the ${scope} scope`);
};

/** Whether the enterprise currently insures the person: what an employer operator may see. */
async function employs(schema: GraphQLSchema, creditCode: string, idNumber: string): Promise<boolean> {
  const result = await execute({
    schema,
    document: parse("query($id: IdNumber!) { person(idNumber: $id) { socialInsurance { enrolments { status employer { creditCode } } } } }"),
    variableValues: { id: idNumber },
    contextValue: { principal: { kind: "staff", subject: "gateway:access-check", roles: ["system"], agency: "gateway", region: "省本级" }, requestId: "access-check" },
  });
  if (result.errors?.length) throw result.errors[0];
  const enrolments = (result.data?.person as { socialInsurance?: { enrolments?: { status: string; employer: { creditCode: string } | null }[] } } | null)?.socialInsurance?.enrolments ?? [];
  return enrolments.some((e) => e.status === "ACTIVE" && e.employer?.creditCode === creditCode);
}

export const rules: Record<string, Rule> = {
  person: async (principal, args, _ctx, schema) => {
    const idNumber = String(args.idNumber);
    if (principal.kind === "employer") {
      const employer = (await employs(schema, principal.creditCode, idNumber)) ? principal.creditCode : null;
      return assertCanReadPerson(principal, idNumber, { employerCreditCode: employer });
    }
    assertCanReadPerson(principal, idNumber);
  },
  persons: (principal, args) => {
    if (principal.kind === "citizen") throw forbidden("A resident may read only their own record");
    if (principal.kind === "employer" && args.employer !== principal.creditCode) {
      throw forbidden("An employer may list only its own staff: pass employer: <your credit code>");
    }
    requireScope(principal, "person:read");
  },
  employer: (principal, args) => {
    if (principal.kind === "citizen") throw forbidden("A resident may not read employer records");
    if (principal.kind === "employer" && args.creditCode !== principal.creditCode) throw forbidden("An employer may read only its own record");
    requireScope(principal, "employer:read");
  },
};

const staffOnly: Rule = (principal) => {
  if (principal.kind !== "staff") throw forbidden("Item operations on the agency systems are back-office work for staff; residents and employers apply through submitApplication");
};

type Resolver = NonNullable<GraphQLFieldConfig<unknown, GatewayContext>["resolve"]>;

function guard(resolve: Resolver | undefined, rule: Rule | undefined, access: Access, schema: () => GraphQLSchema): Resolver | undefined {
  if (!resolve || access === "public" || access === "self-enforced") return resolve;
  return async (source, args, ctx, info) => {
    if (!ctx.principal) throw unauthenticated("Sign in at the hub or send an API key to use this field");
    await rule?.(ctx.principal, args, ctx, schema());
    return resolve(source, args, ctx, info);
  };
}

/**
 * Applies the table to the stitched schema. `ownerOf(field)` names the subgraph that serves a root
 * field; `accessOf(subgraph)` its default access.
 */
export function applyAccessPolicy(schema: GraphQLSchema, ownerOf: (operation: string, field: string) => string | undefined, accessOf: (subgraph: string | undefined) => Access): GraphQLSchema {
  // eslint-disable-next-line prefer-const
  let guarded: GraphQLSchema;
  const operationOf = (typeName: string) =>
    typeName === schema.getMutationType()?.name ? "mutation" : typeName === schema.getSubscriptionType()?.name ? "subscription" : "query";
  guarded = mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (field, fieldName, typeName) => {
      const operation = operationOf(typeName);
      const access = accessOf(ownerOf(operation, fieldName));
      const rule = rules[fieldName] ?? (operation === "mutation" && access === "authenticated" ? staffOnly : undefined);
      return {
        ...field,
        resolve: guard(field.resolve as Resolver | undefined, rule, access, () => guarded),
        subscribe: guard(field.subscribe as Resolver | undefined, rule, access, () => guarded),
      };
    },
  });
  return guarded;
}
