import DataLoader from "dataloader";
import type { Store } from "../../lib/store";
import { perRequest, type SubgraphContext } from "../../lib/subgraph";
import type { SiAdapter, SiPerson, SiUnit } from "./adapter";

/** What every resolver of this subgraph gets in its constructor. */
export interface SiDeps {
  store: Store;
  adapter: SiAdapter;
}

/** The platform caps one query at this many keys. */
const MAX_BATCH = 500;

/**
 * A failed call becomes an Error per key rather than a rejected batch: DataLoader forgets keys of a
 * rejected batch (the next field would call the slow system again and wait another timeout), but
 * caches per-key errors for the rest of the request.
 */
export async function settled<T>(call: Promise<T>): Promise<T | Error> {
  try {
    return await call;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * People by ID number, one platform call per request for however many are asked (a root page,
 * an `_entities` call of 50 representations). A failed call fails every load of the batch, and
 * the rejection stays cached for the request, so each field of those people reports the outage.
 */
export function personLoader(ctx: SubgraphContext, adapter: SiAdapter): DataLoader<string, SiPerson | null> {
  return perRequest(ctx, "si:person", () => new DataLoader<string, SiPerson | null>(async (ids) => {
    const found = await settled(adapter.persons(ids));
    return found instanceof Error ? ids.map(() => found) : ids.map((id) => found.get(id) ?? null);
  }, { maxBatchSize: MAX_BATCH }));
}

export function unitLoader(ctx: SubgraphContext, adapter: SiAdapter): DataLoader<string, SiUnit | null> {
  return perRequest(ctx, "si:unit", () => new DataLoader<string, SiUnit | null>(async (codes) => {
    const found = await settled(adapter.units(codes));
    return found instanceof Error ? codes.map(() => found) : codes.map((c) => found.get(c) ?? null);
  }, { maxBatchSize: MAX_BATCH }));
}
