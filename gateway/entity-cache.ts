import { createHash } from "node:crypto";
import { isAsyncIterable, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import { Kind, print, type FieldNode, type OperationDefinitionNode } from "graphql";
import { entityCache } from "../lib/metrics";
import { rememberShared, shareCacheKey } from "../lib/share-cache";
import type { Store } from "../lib/store";

interface EntitiesField {
  node: FieldNode;
  alias: string;
  variable: string;
  reps: Record<string, unknown>[];
  selection: string;
  keys: (string | undefined)[];
}

/**
 * The data-sharing cache in front of one agency subgraph. It sits after request batching, so it
 * sees the one `_entities` call per level: entities already known are answered from the cache and
 * only the others are asked for. Results with errors are never cached; entries expire after
 * `ttlMs` and are dropped as soon as a roster event or a mutation touches their subject.
 */
export function cachingExecutor(inner: Executor, store: Store, system: string, keyFields: Map<string, string[]>, ttlMs: number): Executor {
  return (async (request: ExecutionRequest) => {
    const op = request.document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!op || op.operation !== "query") return inner(request);
    const fields: EntitiesField[] = [];
    for (const sel of op.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD || sel.name.value !== "_entities") continue;
      const arg = sel.arguments?.find((a) => a.name.value === "representations");
      if (arg?.value.kind !== Kind.VARIABLE) continue;
      const variable = arg.value.name.value;
      const reps = (request.variables?.[variable] ?? []) as Record<string, unknown>[];
      const selection = createHash("sha1").update(print(sel.selectionSet!)).digest("base64url").slice(0, 16);
      const keys = reps.map((r) => {
        const names = keyFields.get(String(r.__typename));
        return names ? names.map((n) => String(r[n])).join("|") : undefined;
      });
      fields.push({ node: sel, alias: sel.alias?.value ?? "_entities", variable, reps, selection, keys });
    }
    if (!fields.length) return inner(request);

    const cacheKeys = fields.flatMap((f) => f.reps.map((r, i) => (f.keys[i] ? shareCacheKey(system, String(r.__typename), f.keys[i]!, f.selection) : "")));
    const cached = await store.mget(cacheKeys.map((k) => k || "kb:share:none"));
    let cursor = 0;
    const plan = fields.map((f) => {
      const hits = f.reps.map(() => cached[cursor++] ?? null);
      const missIdx = hits.flatMap((h, i) => (h === null ? [i] : []));
      entityCache.inc({ system, result: "hit" }, hits.length - missIdx.length);
      entityCache.inc({ system, result: "miss" }, missIdx.length);
      return { f, hits, missIdx };
    });
    const variables = { ...request.variables };
    for (const p of plan) variables[p.f.variable] = p.missIdx.map((i) => p.f.reps[i]);
    const needed = new Set(plan.filter((p) => p.missIdx.length).map((p) => p.f.node));
    const otherFields = op.selectionSet.selections.filter((s) => !(s.kind === Kind.FIELD && s.name.value === "_entities"));

    let result: ExecutionResult = { data: {} };
    if (needed.size || otherFields.length) {
      const document = {
        ...request.document,
        definitions: request.document.definitions.map((d) =>
          d === op ? { ...op, selectionSet: { ...op.selectionSet, selections: op.selectionSet.selections.filter((s) => !(s.kind === Kind.FIELD && s.name.value === "_entities") || needed.has(s)) } } : d,
        ),
      };
      const raw = await inner({ ...request, document, variables });
      if (isAsyncIterable(raw)) return raw;
      result = raw as ExecutionResult;
    }

    const data: Record<string, unknown> = { ...(result.data ?? {}) };
    const errors = [...(result.errors ?? [])];
    const fresh: Parameters<typeof rememberShared>[1] = [];
    for (const { f, hits, missIdx } of plan) {
      const fetched = (result.data?.[f.alias] as unknown[] | null | undefined) ?? null;
      const failed = new Set(errors.filter((e) => e.path?.[0] === f.alias && typeof e.path[1] === "number").map((e) => e.path![1] as number));
      if (missIdx.length && fetched === null) {
        data[f.alias] = null; // the subgraph failed as a whole; its error is already in `errors`
        continue;
      }
      const merged = hits.map((h) => (h === null ? null : JSON.parse(h)));
      missIdx.forEach((original, j) => {
        merged[original] = fetched?.[j] ?? null;
        if (!failed.has(j) && fetched?.[j] && f.keys[original]) {
          fresh.push({ system, typename: String(f.reps[original]!.__typename), key: f.keys[original]!, selection: f.selection, value: JSON.stringify(fetched[j]) });
        }
      });
      // errors point at positions in the smaller request; move them to the positions asked for
      for (const e of errors) {
        if (e.path?.[0] === f.alias && typeof e.path[1] === "number") {
          (e as unknown as { path: (string | number)[] }).path = [f.alias, missIdx[e.path[1]]!, ...e.path.slice(2)];
        }
      }
      data[f.alias] = merged;
    }
    if (fresh.length) await rememberShared(store, fresh, ttlMs);
    return { ...result, data, ...(errors.length ? { errors } : {}) };
  }) as Executor;
}
