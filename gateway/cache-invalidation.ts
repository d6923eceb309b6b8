import { hostname } from "node:os";
import type { ApolloServerPlugin } from "@apollo/server";
import { invalidateSubject } from "../lib/share-cache";
import { log } from "../lib/log";
import type { Store } from "../lib/store";
import type { GatewayContext } from "./context";
import { identifiersIn, literalArgs } from "./identifiers";

export const ROSTER_STREAM = "kb:roster";
const GROUP = "gateway-share-cache";

/**
 * Drops cached entity lookups when a roster event (同步更新人员名单信息) says a person or employer
 * changed. All gateway instances share one consumer group: the cache is shared, so one instance
 * handling an event is enough. Unacknowledged events of a crashed consumer are re-read on start.
 */
export function startRosterInvalidation(store: Store, consumer = `${hostname()}:${process.pid}`): { stop(): Promise<void>; lag(): Promise<number> } {
  let running = true;
  const handle = async (entries: { id: string; fields: Record<string, string> }[]) => {
    for (const e of entries) {
      if (e.fields.idNumber) await invalidateSubject(store, "Person", e.fields.idNumber);
      if (e.fields.creditCode) await invalidateSubject(store, "Employer", e.fields.creditCode);
    }
    await store.xack(ROSTER_STREAM, GROUP, ...entries.map((e) => e.id));
  };
  const loop = (async () => {
    await store.xgroupEnsure(ROSTER_STREAM, GROUP);
    await handle(await store.xreadgroup(ROSTER_STREAM, GROUP, consumer, { pending: true, count: 1000 }));
    while (running) {
      try {
        await handle(await store.xreadgroup(ROSTER_STREAM, GROUP, consumer, { blockMs: 1_000, count: 100 }));
      } catch (err) {
        if (!running) break;
        log.warn({ err: String(err) }, "roster invalidation read failed; retrying");
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  })();
  return {
    stop: async () => { running = false; await loop; },
    lag: () => store.xlag(ROSTER_STREAM, GROUP),
  };
}

/**
 * A mutation through the gateway drops the cached lookups of every person and employer it names
 * before its answer goes out, so the caller's next query never shows what was true before it.
 */
export function invalidateOnMutation(store: Store): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, request }) {
          if (operation?.operation !== "mutation") return;
          const { people, employers } = identifiersIn([request.variables ?? {}, literalArgs(operation)]);
          await Promise.all([
            ...[...people].map((id) => invalidateSubject(store, "Person", id)),
            ...[...employers].map((code) => invalidateSubject(store, "Employer", code)),
          ]);
        },
      };
    },
  };
}
