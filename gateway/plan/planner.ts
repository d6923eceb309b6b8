import {
  getNamedType,
  isObjectType,
  Kind,
  print,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";
import type { SubgraphShape } from "../subgraph-schema";

/**
 * A query plan: which subgraph is asked for what, worked out once per operation shape and reused.
 * Root fields go to the subgraph that owns them (one request per subgraph); a field the current
 * subgraph does not have is fetched from the subgraph that does, through `_entities` on the
 * object's key, one level after the object itself arrived. The plan keeps the client's response
 * keys (aliases) in every subgraph request, so answers merge into one tree without renaming.
 *
 * Only queries over object types are planned; anything else (mutations, subscriptions,
 * introspection, the gateway's own fields) is not, and runs through stitching as before.
 */
export interface QueryPlan {
  /** Level 0: one fetch per subgraph owning root fields. */
  roots: Fetch[];
  /** Entity fetches by level (1, 2, …): level k waits for level k − 1. */
  levels: Fetch[][];
}

export interface Fetch {
  subgraph: string;
  /** The response keys from the root to the objects this fetch fills (list items implied). */
  path: string[];
  /** For entity fetches: the objects' type, its key fields and the coordinate that returned them. */
  entity?: { typeName: string; keyFields: string[]; returnedBy: string };
  /** The fields it puts on each object (their response keys), where a failure of the fetch lands. */
  fields: string[];
  /** The selection asked of the subgraph (for an entity fetch: inside `... on Type`). */
  selection: string;
  /** A root fetch's fields one by one: the access layer may refuse some before anything is asked. */
  roots?: RootField[];
  /** The operation's variables this fetch uses, and their definitions. */
  variables: string[];
  variableDefinitions: string[];
}

export interface RootField {
  key: string;
  name: string;
  args: readonly ArgumentNode[];
  /** Its text in the subgraph request and the variables it uses. */
  text: string;
  variables: string[];
}

/** Why an operation is not planned (it runs through stitching). */
export class NotPlannable extends Error {}

export interface PlanSources {
  /** The gateway's public schema. */
  schema: GraphQLSchema;
  subgraphs: ReadonlyMap<string, SubgraphShape>;
}

interface Collected {
  key: string;
  name: string;
  args: readonly ArgumentNode[];
  /** Sub-selections of every occurrence of the response key, merged when the plan walks them. */
  selectionSets: SelectionSetNode[];
}

/** The fields of a selection set, fragments spread and `@skip`/`@include` decided, by response key. */
function collect(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  into = new Map<string, Collected>(),
): Map<string, Collected> {
  for (const selection of selectionSet.selections) {
    if (!included(selection.directives, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      let entry = into.get(key);
      if (!entry) into.set(key, (entry = { key, name: selection.name.value, args: selection.arguments ?? [], selectionSets: [] }));
      if (selection.selectionSet) entry.selectionSets.push(selection.selectionSet);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragments, variables, into);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment) throw new NotPlannable(`unknown fragment ${selection.name.value}`);
      collect(fragment.selectionSet, fragments, variables, into);
    }
  }
  return into;
}

function included(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  for (const d of directives ?? []) {
    const name = d.name.value;
    if (name !== "skip" && name !== "include") continue;
    const arg = d.arguments?.find((a) => a.name.value === "if")?.value;
    const value = arg?.kind === Kind.BOOLEAN ? arg.value : arg?.kind === Kind.VARIABLE ? variables[arg.name.value] === true : false;
    if (name === "skip" && value) return false;
    if (name === "include" && !value) return false;
  }
  return true;
}

/** The variables `@skip`/`@include` read: their values are part of a plan's key. */
export function conditionVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as { kind?: string; name?: { value: string }; arguments?: readonly ArgumentNode[] };
    if (n.kind === Kind.DIRECTIVE && (n.name?.value === "skip" || n.name?.value === "include")) {
      for (const a of n.arguments ?? []) if (a.value.kind === Kind.VARIABLE) names.add(a.value.name.value);
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== "loc" && v && typeof v === "object") walk(v);
  };
  walk(document.definitions);
  return [...names].sort();
}

function variablesIn(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) value.values.forEach((v) => variablesIn(v, into));
  else if (value.kind === Kind.OBJECT) value.fields.forEach((f) => variablesIn(f.value, into));
}

const printArgs = (args: readonly ArgumentNode[]) => (args.length ? `(${args.map((a) => `${a.name.value}:${print(a.value)}`).join(",")})` : "");

interface Building {
  fetch: Fetch;
  /** The fields asked of it, written into `fetch.selection` once all are known. */
  pending: Map<string, Collected>;
  level: number;
  usedVariables: Set<string>;
  /** Entity fetches this one's objects need, by subgraph and path. */
  children: Map<string, Building>;
}

/**
 * Plans one operation. `variables` are the request's values, read only for `@skip`/`@include`:
 * the caller keys the cached plan on those values.
 */
export function planQuery(sources: PlanSources, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): QueryPlan {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) throw new NotPlannable("no single operation");
  if (operation.operation !== "query") throw new NotPlannable(`a ${operation.operation}`);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const definitions = new Map<string, VariableDefinitionNode>((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, v]));
  // the entity requests' own variables must not clash with the operation's
  for (const name of definitions.keys()) if (/^representations\d+$/.test(name)) throw new NotPlannable(`$${name} is a name the plan uses`);
  const queryType = sources.schema.getQueryType()!;

  const resolvable = (subgraph: string, typeName: string, fieldName: string) => {
    const type = sources.subgraphs.get(subgraph)?.schema.getType(typeName);
    return isObjectType(type) && fieldName in type.getFields();
  };
  const keysOf = (subgraph: string, typeName: string) => sources.subgraphs.get(subgraph)?.keys.get(typeName);

  const roots = new Map<string, Building>();
  const all: Building[] = [];
  const newBuilding = (fetch: Omit<Fetch, "selection" | "variables" | "variableDefinitions">, level: number): Building => {
    const b: Building = { fetch: { ...fetch, selection: "", variables: [], variableDefinitions: [] }, pending: new Map(), level, usedVariables: new Set(), children: new Map() };
    all.push(b);
    return b;
  };

  /** The selection text for `fields` of `type` asked of `building`'s subgraph, entity fetches added for the rest. */
  const select = (building: Building, type: GraphQLObjectType, fields: Map<string, Collected>, path: string[], returnedBy: string): string => {
    const subgraph = building.fetch.subgraph;
    const parts: string[] = [];
    const here = new Set<string>();
    for (const field of fields.values()) {
      if (field.name === "__typename") continue; // answered by the gateway from the type
      if (field.name.startsWith("__")) throw new NotPlannable("introspection");
      if (resolvable(subgraph, type.name, field.name)) {
        parts.push(fieldText(building, type, field, path));
        here.add(field.key);
        continue;
      }
      const owner = [...sources.subgraphs.keys()].find((s) => resolvable(s, type.name, field.name) && keysOf(s, type.name));
      const keyFields = keysOf(subgraph, type.name);
      if (!owner || !keyFields || keysOf(owner, type.name)?.join(" ") !== keyFields.join(" ")) {
        throw new NotPlannable(`${type.name}.${field.name} cannot be reached from ${subgraph}`);
      }
      const childKey = `${owner}|${path.join(".")}`;
      let child = building.children.get(childKey);
      if (!child) {
        child = newBuilding({ subgraph: owner, path, entity: { typeName: type.name, keyFields, returnedBy }, fields: [] }, building.level + 1);
        building.children.set(childKey, child);
      }
      child.fetch.fields.push(field.key);
      child.pending.set(field.key, field);
    }
    // An entity's key fields, asked under their own names wherever it appears: the entity fetches
    // below need them, and so do the object rules, which decide on them (as stitching asks them).
    const ownKeys = keysOf(subgraph, type.name);
    if (ownKeys) {
      for (const k of ownKeys) {
        const clash = fields.get(k);
        if (clash && clash.name !== k) throw new NotPlannable(`the response key ${k} is taken`);
        if (!here.has(k)) parts.push(k);
      }
    }
    return parts.length ? parts.join(" ") : "__typename";
  };

  const fieldText = (building: Building, parent: GraphQLObjectType, field: Collected, path: string[]): string => {
    const def = parent.getFields()[field.name];
    if (!def) throw new NotPlannable(`${parent.name}.${field.name} is not in the schema`);
    for (const a of field.args) variablesIn(a.value, building.usedVariables);
    const head = `${field.key === field.name ? "" : `${field.key}:`}${field.name}${printArgs(field.args)}`;
    const named = getNamedType(def.type);
    if (!field.selectionSets.length) return head;
    if (!isObjectType(named)) throw new NotPlannable(`${named.name} is abstract`);
    const sub = new Map<string, Collected>();
    for (const set of field.selectionSets) collect(set, fragments, variables, sub);
    return `${head}{${select(building, named, sub, [...path, field.key], `${parent.name}.${field.name}`)}}`;
  };

  for (const field of collect(operation.selectionSet, fragments, variables).values()) {
    if (field.name === "__typename") continue;
    if (field.name.startsWith("__")) throw new NotPlannable("introspection");
    const owners = [...sources.subgraphs.keys()].filter((s) => resolvable(s, queryType.name, field.name));
    if (owners.length !== 1) throw new NotPlannable(`Query.${field.name} is served by ${owners.length} subgraphs`);
    const owner = owners[0]!;
    let root = roots.get(owner);
    if (!root) roots.set(owner, (root = newBuilding({ subgraph: owner, path: [], fields: [] }, 0)));
    root.fetch.fields.push(field.key);
    root.pending.set(field.key, field);
  }

  // Selections are written breadth-first: an entity fetch's fields are known once its parent is written.
  for (let i = 0; i < all.length; i++) {
    const b = all[i]!;
    const fields = b.pending;
    if (b.fetch.entity) {
      const type = sources.schema.getType(b.fetch.entity.typeName) as GraphQLObjectType;
      b.fetch.selection = select(b, type, fields, b.fetch.path, b.fetch.entity.returnedBy);
    } else {
      b.fetch.roots = [...fields.values()].map((f) => {
        const own = new Set<string>();
        const all = b.usedVariables;
        b.usedVariables = own;
        const text = fieldText(b, queryType, f, []);
        b.usedVariables = all;
        for (const v of own) all.add(v);
        return { key: f.key, name: f.name, args: f.args, text, variables: [...own].sort() };
      });
      b.fetch.selection = b.fetch.roots.map((r) => r.text).join(" ");
    }
    b.fetch.variables = [...b.usedVariables].sort();
    b.fetch.variableDefinitions = b.fetch.variables.map((name) => {
      const def = definitions.get(name);
      if (!def) throw new NotPlannable(`$${name} is not defined`);
      return print(def);
    });
  }

  const levels: Fetch[][] = [];
  for (const b of all) if (b.level > 0) (levels[b.level - 1] ??= []).push(b.fetch);
  return { roots: [...roots.values()].map((b) => b.fetch), levels };
}

/** The text of one subgraph request for a root fetch, or for some of its fields (`keys`). */
export function rootQuery(fetch: Fetch, keys?: ReadonlySet<string>): string {
  const fields = keys ? fetch.roots!.filter((r) => keys.has(r.key)) : fetch.roots!;
  const used = new Set(fields.flatMap((r) => r.variables));
  const definitions = fetch.variableDefinitions.filter((_, i) => used.has(fetch.variables[i]!));
  return `query${definitions.length ? `(${definitions.join(",")})` : ""}{${fields.map((r) => r.text).join(" ")}}`;
}

/** The name of the representations variable of the i-th entity fetch in one request. */
export const representationsVariable = (i: number) => `representations${i}`;

/** The text of one subgraph request holding several entity fetches of one level (`_0`, `_1`, …). */
export function entitiesQuery(fetches: readonly Fetch[]): string {
  const definitions = new Set<string>();
  const parts = fetches.map((f, i) => {
    if (f.variables.includes(representationsVariable(i))) throw new NotPlannable(`$${representationsVariable(i)} is the operation's own`);
    definitions.add(`$${representationsVariable(i)}:[_Any!]!`);
    for (const d of f.variableDefinitions) definitions.add(d);
    return `_${i}:_entities(representations:$${representationsVariable(i)}){...on ${f.entity!.typeName}{${f.selection}}}`;
  });
  return `query(${[...definitions].join(",")}){${parts.join(" ")}}`;
}
