import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import { upstreamUnavailable } from "../../lib/errors";
import { representationsVariable, type Fetch, type QueryPlan, type RootField } from "./planner";

type Tree = Record<string, unknown>;
type Slot = { container: Tree | unknown[]; key: string | number };

/** One request to one subgraph: the query text, its variables; the answer as the subgraph gave it. */
export type SubgraphCall = (subgraph: string, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;

export interface PlanRun {
  call: SubgraphCall;
  /** The text of a root fetch's request and of one level's entity fetches to one subgraph (cached by the plan's owner). */
  rootQuery(fetch: Fetch, keys?: ReadonlySet<string>): string;
  entitiesQuery(fetches: readonly Fetch[]): string;
  /** The request's variables, as the client sent them. */
  variables: Record<string, unknown>;
  /**
   * The access layer's verdict on an object before anything more is fetched for it: the object,
   * or the error that replaces it. `returnedBy` is the `Type.field` that returned it.
   */
  admit(returnedBy: string, object: Tree): Promise<unknown>;
  /** The access layer's verdict on a root field before it is asked for: undefined, or the refusal. */
  admitRoot(field: RootField): Promise<Error | undefined>;
}

/** A subgraph's error as the gateway hands it on: message and extensions, located by the final execution. */
const carried = (e: GraphQLFormattedError | GraphQLError) => new GraphQLError(e.message, { extensions: e.extensions ?? {} });

const isTree = (v: unknown): v is Tree => v !== null && typeof v === "object" && !(v instanceof Error) && !Array.isArray(v);

/** Where the objects at `path` sit in the tree (list items included), errors and nulls left out. */
function slotsAt(root: Tree, path: readonly string[]): Slot[] {
  const slots: Slot[] = [];
  const down = (container: Tree | unknown[], key: string | number, depth: number) => {
    const value = (container as Record<string | number, unknown>)[key];
    if (Array.isArray(value)) {
      value.forEach((_, i) => down(value, i, depth));
      return;
    }
    if (!isTree(value)) return;
    if (depth === path.length) slots.push({ container, key });
    else down(value, path[depth]!, depth + 1);
  };
  down(root, path[0]!, 1);
  return slots;
}

/**
 * Puts a subgraph's error where it happened in the tree: at the first null on its path (the
 * subgraph nulled what the error took with it), so the final execution reports it on that field
 * or list item. An error the tree has no place for is kept aside and reported as it came.
 */
function place(root: Tree, path: readonly (string | number)[], error: GraphQLError, aside: GraphQLError[], absolute = true): void {
  let container: Tree | unknown[] = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const value = (container as Record<string | number, unknown>)[key];
    if (value == null) {
      (container as Record<string | number, unknown>)[key] = error;
      return;
    }
    if (value instanceof Error) return; // already failed there
    if (typeof value !== "object") break;
    container = value as Tree | unknown[];
  }
  aside.push(new GraphQLError(error.message, { path: absolute ? path : undefined, extensions: error.extensions }));
}

/** A failed fetch costs exactly its own fields: each of them on each object becomes the error. */
function failFields(object: Tree, fields: readonly string[], error: GraphQLError) {
  for (const f of fields) if (object[f] == null) object[f] = error;
}

/** The error a failed fetch puts on its fields: the subgraph's own, or its unavailability. */
function firstError(result: ExecutionResult, prefix: string, subgraph: string): GraphQLError {
  const errors = result.errors ?? [];
  const e = errors.find((x) => !x.path?.length || x.path[0] === prefix) ?? errors[0];
  return e ? carried(e) : upstreamUnavailable(subgraph);
}

/**
 * Runs a plan's fetches into one tree: the root fetches in parallel, then each level's entity
 * fetches, one request per subgraph per level. Between levels every object about to be extended
 * is put to the access layer first; a denied object is replaced by its error and nothing more is
 * asked for it. Returns the tree (errors placed in it) and the errors that had no place.
 */
export async function runPlan(plan: QueryPlan, run: PlanRun): Promise<{ data: Tree; errors: GraphQLError[] }> {
  const data: Tree = {};
  const aside: GraphQLError[] = [];
  const pick = (names: readonly string[]) => {
    const out: Record<string, unknown> = {};
    for (const n of names) if (run.variables[n] !== undefined) out[n] = run.variables[n];
    return out;
  };

  await Promise.all(
    plan.roots.map(async (fetch) => {
      const verdicts = await Promise.all(fetch.roots!.map((r) => run.admitRoot(r)));
      const allowed = new Set<string>();
      fetch.roots!.forEach((r, i) => {
        if (verdicts[i]) data[r.key] = verdicts[i];
        else allowed.add(r.key);
      });
      if (!allowed.size) return;
      const query = allowed.size === fetch.roots!.length ? run.rootQuery(fetch) : run.rootQuery(fetch, allowed);
      const result = await run.call(fetch.subgraph, query, pick(fetch.variables));
      const answered = (result.data ?? null) as Tree | null;
      if (!answered) {
        for (const f of allowed) data[f] = firstError(result, f, fetch.subgraph);
        return;
      }
      for (const f of allowed) data[f] = answered[f] ?? null;
      for (const e of result.errors ?? []) place(data, e.path ?? [], carried(e), aside);
    }),
  );

  for (const level of plan.levels) {
    // the objects each fetch extends, deduplicated by key; denied ones replaced by their error
    const targets = await Promise.all(
      level.map(async (fetch) => {
        const entity = fetch.entity!;
        const byKey = new Map<string, { rep: Tree; objects: Tree[] }>();
        const slots = slotsAt(data, fetch.path);
        const objectAt = (slot: Slot) => (slot.container as Record<string | number, unknown>)[slot.key] as Tree;
        // decided together, so the facts the rules need are looked up in one batch (the request's loader)
        const verdicts = await Promise.all(slots.map((slot) => run.admit(entity.returnedBy, objectAt(slot))));
        for (const [i, slot] of slots.entries()) {
          const object = objectAt(slot);
          const verdict = verdicts[i];
          if (verdict !== object) {
            (slot.container as Record<string | number, unknown>)[slot.key] = verdict;
            continue;
          }
          const rep: Tree = { __typename: entity.typeName };
          for (const k of entity.keyFields) rep[k] = object[k];
          const id = entity.keyFields.length === 1 ? String(rep[entity.keyFields[0]!]) : JSON.stringify(rep);
          const seen = byKey.get(id);
          if (seen) seen.objects.push(object);
          else byKey.set(id, { rep, objects: [object] });
        }
        return { fetch, entries: [...byKey.values()] };
      }),
    );
    const bySubgraph = new Map<string, typeof targets>();
    for (const t of targets) if (t.entries.length) bySubgraph.set(t.fetch.subgraph, [...(bySubgraph.get(t.fetch.subgraph) ?? []), t]);
    await Promise.all(
      [...bySubgraph].map(async ([subgraph, group]) => {
        const fetches = group.map((g) => g.fetch);
        const variables: Record<string, unknown> = pick([...new Set(fetches.flatMap((f) => f.variables))]);
        group.forEach((g, i) => { variables[representationsVariable(i)] = g.entries.map((e) => e.rep); });
        const result = await run.call(subgraph, run.entitiesQuery(fetches), variables);
        const answered = (result.data ?? null) as Tree | null;
        group.forEach((g, i) => {
          const alias = `_${i}`;
          const list = answered?.[alias];
          if (!Array.isArray(list)) {
            const error = firstError(result, alias, subgraph);
            for (const e of g.entries) for (const o of e.objects) failFields(o, g.fetch.fields, error);
            return;
          }
          g.entries.forEach((e, j) => {
            const value = list[j];
            if (isTree(value)) for (const o of e.objects) for (const f of g.fetch.fields) o[f] = value[f] ?? null;
          });
          for (const err of result.errors ?? []) {
            if (err.path?.[0] !== alias || typeof err.path[1] !== "number") continue;
            const entry = g.entries[err.path[1]];
            if (!entry) continue;
            const rest = err.path.slice(2);
            for (const o of entry.objects) {
              if (!rest.length) failFields(o, g.fetch.fields, carried(err));
              else place(o, rest, carried(err), aside, false);
            }
          }
        });
        // errors on none of this request's entities (no path, or a path outside them)
        for (const err of result.errors ?? []) {
          const alias = err.path?.[0];
          if (typeof alias === "string" && /^_\d+$/.test(alias)) continue;
          if (!answered) continue; // already placed on every field above
          aside.push(carried(err));
        }
      }),
    );
  }
  return { data, errors: aside };
}
