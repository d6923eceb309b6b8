import { Kind, parse, visit, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from "graphql";

/**
 * Access as the Federation auth directives declare it: `@authenticated`, `@requiresScopes(scopes:
 * [[...]])`, `@policy(policies: [[...]])`. Each inner list is "all of these", the outer list "any
 * of them"; several directives on one element all apply, and a type's directives apply to every
 * one of its fields.
 */
export interface Requirement {
  authenticated?: boolean;
  scopes?: string[][];
  policies?: string[][];
}

/** What an element needs: every clause holds. */
export interface Rule {
  authenticated: boolean;
  scopes: string[][][];
  policies: string[][][];
}

export const emptyRule = (): Rule => ({ authenticated: false, scopes: [], policies: [] });
export const isEmptyRule = (r: Rule) => !r.authenticated && !r.scopes.length && !r.policies.length;

/** Clauses ANDed together; the same clause declared by several subgraphs counts once. */
function and(a: string[][][], b: string[][][]): string[][][] {
  const seen = new Set(a.map((c) => JSON.stringify(c)));
  return [...a, ...b.filter((c) => !seen.has(JSON.stringify(c)))];
}

export function addTo(rule: Rule, req: Requirement): Rule {
  return {
    authenticated: rule.authenticated || !!req.authenticated,
    scopes: req.scopes?.length ? and(rule.scopes, [req.scopes]) : rule.scopes,
    policies: req.policies?.length ? and(rule.policies, [req.policies]) : rule.policies,
  };
}

export const mergeRules = (a: Rule, b: Rule): Rule => ({
  authenticated: a.authenticated || b.authenticated,
  scopes: and(a.scopes, b.scopes),
  policies: and(a.policies, b.policies),
});

const list = (values: string[][]) => `[${values.map((all) => `[${all.map((v) => JSON.stringify(v)).join(", ")}]`).join(", ")}]`;

/** The directives that declare a requirement, as SDL. */
export function directivesSdl(req: Requirement): string {
  return [
    req.authenticated ? "@authenticated" : "",
    req.scopes?.length ? `@requiresScopes(scopes: ${list(req.scopes)})` : "",
    req.policies?.length ? `@policy(policies: ${list(req.policies)})` : "",
  ].filter(Boolean).join(" ");
}

function directiveNodes(req: Requirement): ConstDirectiveNode[] {
  const sdl = directivesSdl(req);
  if (!sdl) return [];
  const doc = parse(`type T ${sdl} { f: Int }`);
  return [...((doc.definitions[0] as ObjectTypeDefinitionNode).directives ?? [])];
}

/**
 * A subgraph's access table: `"Person"` (the type), `"Person.archive"` (a field),
 * `"Mutation.*"` (every field of a type that has no entry of its own).
 */
export type AccessTable = Record<string, Requirement>;

/** Writes the table into an SDL document as directives, so the published SDL declares the access. */
export function declareAccess(doc: DocumentNode, table: AccessTable): DocumentNode {
  const onType = (node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) => {
    const type = node.name.value;
    const fields = node.fields?.map((f): FieldDefinitionNode => {
      const req = table[`${type}.${f.name.value}`] ?? table[`${type}.*`];
      return req ? { ...f, directives: [...(f.directives ?? []), ...directiveNodes(req)] } : f;
    });
    const own = table[type];
    return { ...node, directives: [...(node.directives ?? []), ...(own ? directiveNodes(own) : [])], fields };
  };
  return visit(doc, { ObjectTypeDefinition: onType, ObjectTypeExtension: onType });
}

function readDirectives(directives: readonly ConstDirectiveNode[] | undefined): Requirement {
  const req: Requirement = {};
  const strings = (d: ConstDirectiveNode, arg: string): string[][] => {
    const value = d.arguments?.find((a) => a.name.value === arg)?.value;
    if (value?.kind !== Kind.LIST) return [];
    return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : inner.kind === Kind.STRING ? [inner.value] : []));
  };
  for (const d of directives ?? []) {
    if (d.name.value === "authenticated") req.authenticated = true;
    if (d.name.value === "requiresScopes") req.scopes = [...(req.scopes ?? []), ...strings(d, "scopes")];
    if (d.name.value === "policy") req.policies = [...(req.policies ?? []), ...strings(d, "policies")];
  }
  return req;
}

/** Access of a schema's types and fields, read from their directives (definitions and extensions). */
export interface AccessMap {
  /** Type-level requirements, by type name. */
  types: Map<string, Rule>;
  /** Field-level requirements (not including the type's), by `Type.field`. */
  fields: Map<string, Rule>;
}

export const emptyAccessMap = (): AccessMap => ({ types: new Map(), fields: new Map() });

/** Reads an SDL document's directives into `into` (ANDed with what is there: several subgraphs' declarations add up). */
export function readAccess(doc: DocumentNode, into: AccessMap = emptyAccessMap()): AccessMap {
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = def.name.value;
    const own = readDirectives(def.directives);
    if (own.authenticated || own.scopes?.length || own.policies?.length) into.types.set(type, addTo(into.types.get(type) ?? emptyRule(), own));
    for (const f of def.fields ?? []) {
      const req = readDirectives(f.directives);
      if (req.authenticated || req.scopes?.length || req.policies?.length) {
        const key = `${type}.${f.name.value}`;
        into.fields.set(key, addTo(into.fields.get(key) ?? emptyRule(), req));
      }
    }
  }
  return into;
}
