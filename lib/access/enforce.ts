import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { forbidden, unauthenticated } from "../errors";
import type { Principal } from "../principal";
import type { FactsLoader } from "./directory";
import { satisfiesPolicies } from "./policies";
import { emptyRule, isEmptyRule, mergeRules, type AccessMap, type Rule } from "./requirements";
import { satisfiesScopes, scopesOf } from "./scopes";

/**
 * Enforcement of the declared access, the same in the gateway and in every subgraph: each field's
 * rule (its own directives and its type's `@authenticated`/`@requiresScopes`) is checked before it
 * resolves, and every object of a type with a `@policy` is screened where it is returned — root,
 * nested, list item — so a denied object is replaced by a `FORBIDDEN` error on its own path and
 * nothing of it is resolved further.
 */
export interface AccessState {
  principal: Principal | undefined;
  facts: FactsLoader;
  /** Decisions already taken in this request, per object and rule (`value` once known). */
  memo: WeakMap<object, Map<string, Decision>>;
  /** Called for each object of a tracked type that passed (the gateway's audit of returned subjects). */
  onAllowed?: (typeName: string, object: Record<string, unknown>) => void;
  /** A refusal that comes before any object rule (e.g. a read without a stated purpose). */
  precondition?: (typeName: string) => Error | undefined;
}

export function newAccessState(principal: Principal | undefined, facts: FactsLoader, extra: Partial<AccessState> = {}): AccessState {
  return { principal, facts, memo: new WeakMap(), ...extra };
}

const denied = (state: AccessState, what: string) =>
  state.principal ? forbidden(`Not allowed to read ${what}`) : unauthenticated("Sign in at the hub or send an API key to read this");

/** A decision on one object under one rule: its promise, and its value once it has settled. */
interface Decision {
  promise: Promise<boolean>;
  value?: boolean;
}

function memoized(state: AccessState, object: object, key: string, decide: () => Promise<boolean>): Decision {
  let byRule = state.memo.get(object);
  if (!byRule) state.memo.set(object, (byRule = new Map()));
  let decision = byRule.get(key);
  if (!decision) {
    const made: Decision = { promise: decide() };
    made.promise.then((v) => { made.value = v; }, () => undefined);
    byRule.set(key, (decision = made));
  }
  return decision;
}

const clauseKeys = new WeakMap<object, string>();
/** The memo key of a policy clause (rules are built once; their clauses are the same arrays). */
function clauseKey(clause: string[][]): string {
  let key = clauseKeys.get(clause);
  if (key === undefined) clauseKeys.set(clause, (key = JSON.stringify(clause)));
  return key;
}

type Where = { typeName: string; fieldName: string; parent?: unknown; args?: Record<string, unknown>; agency?: string };

/**
 * Throws UNAUTHENTICATED / FORBIDDEN unless the rule holds for this field on this parent with these
 * args. Synchronous when every decision it needs is already known (the same object's other
 * fields), so a page of people costs no promise per field; otherwise a promise.
 */
export function checkRule(rule: Rule, state: AccessState, where: Where): void | Promise<void> {
  const { principal } = state;
  if ((rule.authenticated || rule.scopes.length || rule.policies.length) && !principal) {
    throw unauthenticated("Sign in at the hub or send an API key to use this field");
  }
  if (!principal) return;
  if (rule.scopes.length) {
    const held = scopesOf(principal);
    for (const clause of rule.scopes) {
      if (!satisfiesScopes(held, clause)) throw forbidden(`${where.typeName}.${where.fieldName} needs the scope ${clause.map((c) => c.join("+")).join(" or ")}`);
    }
  }
  if (!rule.policies.length) return;
  const parent = where.parent && typeof where.parent === "object" ? (where.parent as Record<string, unknown>) : undefined;
  if (!parent) return checkPolicies(rule.policies, state, where, principal, parent);
  for (let i = 0; i < rule.policies.length; i++) {
    const clause = rule.policies[i]!;
    const decision = memoized(state, parent, clauseKey(clause), () => satisfiesPolicies(clause, { principal, facts: state.facts, object: parent, args: where.args, agency: where.agency }));
    if (decision.value === undefined) return checkPolicies(rule.policies.slice(i), state, where, principal, parent);
    if (!decision.value) throw forbidden(`Not allowed: ${where.typeName}.${where.fieldName}`);
  }
}

/** The rest of `checkRule` once a decision is still to come (or there is no parent to remember it on). */
async function checkPolicies(clauses: string[][][], state: AccessState, where: Where, principal: Principal, parent: Record<string, unknown> | undefined): Promise<void> {
  for (const clause of clauses) {
    const input = { principal, facts: state.facts, object: parent, args: where.args, agency: where.agency };
    const ok = parent ? await memoized(state, parent, clauseKey(clause), () => satisfiesPolicies(clause, input)).promise : await satisfiesPolicies(clause, input);
    if (!ok) throw forbidden(`Not allowed: ${where.typeName}.${where.fieldName}`);
  }
}

/** Objects of `typeName` in a value (an object, a list, lists of lists), denied ones replaced by errors. */
export async function screen(value: unknown, typeName: string, policies: string[][][], state: AccessState, agency?: string): Promise<unknown> {
  if (value == null || value instanceof Error) return value;
  if (Array.isArray(value)) return Promise.all(value.map((v) => screen(v, typeName, policies, state, agency)));
  if (typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  // An object the gateway's merging has not filled yet is decided by its own fields' checks (below).
  if (policies.length && Object.keys(object).length === 0) return value;
  const before = state.precondition?.(typeName);
  if (before) return before;
  if (!state.principal && policies.length) return denied(state, `this ${typeName}`);
  for (const clause of policies) {
    const ok = await memoized(state, object, clauseKey(clause), () => satisfiesPolicies(clause, { principal: state.principal!, facts: state.facts, object, agency })).promise;
    if (!ok) return denied(state, `this ${typeName}`);
  }
  state.onAllowed?.(typeName, object);
  return value;
}

export interface FieldGuard {
  typeName: string;
  fieldName: string;
  /** Checked before the field resolves. */
  rule: Rule;
  /** The object rules of the type the field returns, applied to what it returns. */
  returns?: { typeName: string; policies: string[][][] };
}

/** What to check on each field of a schema, from its access map. `tracked` types are screened even without rules. */
export function guardsFor(schema: GraphQLSchema, access: AccessMap, tracked: string[] = []): Map<string, FieldGuard> {
  const guards = new Map<string, FieldGuard>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const typeRule = access.types.get(type.name) ?? emptyRule();
    // Every field also checks its object's rules on its parent (memoized per object): whatever path
    // an object arrives by, none of its fields resolves for a caller the rules refuse.
    const fieldPart: Rule = { authenticated: typeRule.authenticated, scopes: typeRule.scopes, policies: typeRule.policies };
    for (const field of Object.values(type.getFields())) {
      const rule = mergeRules(fieldPart, access.fields.get(`${type.name}.${field.name}`) ?? emptyRule());
      const target = getNamedType(field.type);
      const targetPolicies = access.types.get(target.name)?.policies ?? [];
      const returns = targetPolicies.length || tracked.includes(target.name) ? { typeName: target.name, policies: targetPolicies } : undefined;
      if (isEmptyRule(rule) && !returns) continue;
      guards.set(`${type.name}.${field.name}`, { typeName: type.name, fieldName: field.name, rule, returns });
    }
  }
  return guards;
}

/**
 * A guarded field's verdict before it is asked for at all (a query plan's root field): its rule,
 * then the precondition of what it returns. The refusal, or undefined.
 */
export async function refusalBefore(guard: FieldGuard, state: AccessState, where: { args?: Record<string, unknown>; agency?: string }): Promise<Error | undefined> {
  try {
    if (!isEmptyRule(guard.rule)) await checkRule(guard.rule, state, { typeName: guard.typeName, fieldName: guard.fieldName, ...where });
  } catch (err) {
    return err as Error;
  }
  return guard.returns ? state.precondition?.(guard.returns.typeName) : undefined;
}

/**
 * What a field's object rules make of one object it returned, before anything more is fetched for
 * it (a query plan between levels): the object, or the error that replaces it.
 */
export function screenReturned(guard: FieldGuard | undefined, state: AccessState, object: unknown, agency?: string): unknown {
  const returns = guard?.returns;
  if (!returns) return object;
  return state.precondition?.(returns.typeName) ?? screen(object, returns.typeName, returns.policies, state, agency);
}

type Resolver = GraphQLFieldResolver<unknown, unknown>;

/**
 * Wraps a resolver with its guard. `stateOf` finds the request's access state in the context;
 * `prescreen` screens the value already in the parent (the gateway's nested fields, whose objects
 * arrived with the parent) before the resolver merges anything more into them.
 */
export function guardResolver(resolve: Resolver | undefined, guard: FieldGuard, stateOf: (ctx: unknown) => AccessState, opts: { agency?: string; prescreen?: boolean } = {}): Resolver {
  const inner = resolve ?? defaultFieldResolver;
  const { rule, returns, typeName, fieldName } = guard;
  const ruleEmpty = isEmptyRule(rule);
  const after = async (source: unknown, args: Record<string, unknown>, ctx: unknown, info: GraphQLResolveInfo, state: AccessState) => {
    const before = state.precondition?.(returns!.typeName);
    if (before) throw before;
    if (opts.prescreen && source && typeof source === "object") {
      const key = info.fieldNodes[0]?.alias?.value ?? info.fieldName;
      const raw = (source as Record<string, unknown>)[key];
      if (raw != null) (source as Record<string, unknown>)[key] = await screen(raw, returns!.typeName, returns!.policies, state, opts.agency);
    }
    const value = await inner(source, args, ctx, info);
    return screen(value, returns!.typeName, returns!.policies, state, opts.agency);
  };
  return (source, args, ctx, info) => {
    const state = stateOf(ctx);
    const checked = ruleEmpty ? undefined : checkRule(rule, state, { typeName, fieldName, parent: source, args, agency: opts.agency });
    if (checked) {
      return checked.then(() => (returns ? after(source, args, ctx, info, state) : inner(source, args, ctx, info)));
    }
    return returns ? after(source, args, ctx, info, state) : inner(source, args, ctx, info);
  };
}
