import { startGateway, type RunningGateway } from "../../gateway";
import type { Store } from "../../lib/store";
import { startOneThing, type RunningOneThing } from "../../subgraphs/one-thing";
import type { EngineSettings } from "../../subgraphs/one-thing/options";
import type { StandingSource } from "../../subgraphs/one-thing/standing";
import { type RecordingAgencies, startRecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { fromTestHeader } from "./principals";

/**
 * The one-thing subgraph over recording agencies, and (with `gateway`) a gateway in front of it
 * that takes the test's principal from `x-test-principal`. `close` stops them, deletes the keys of
 * the run's engine prefix and roster stream, and closes the store.
 */
export interface OneThingStack {
  agencies: RecordingAgencies;
  oneThing: RunningOneThing;
  gateway: RunningGateway | undefined;
  close(): Promise<void>;
}

export async function startOneThingStack(
  store: Store,
  settings: Partial<EngineSettings>,
  opts: { delayMs?: number; standingSource?: StandingSource | null; gateway?: boolean } = {},
): Promise<OneThingStack> {
  const agencies = await startRecordingAgencies({ delayMs: opts.delayMs ?? 5 });
  const oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings, ...(opts.standingSource !== undefined ? { standingSource: opts.standingSource } : {}) });
  const gateway = opts.gateway
    ? await startGateway({ port: 0, subgraphs: [{ name: "one-thing", url: oneThing.url }], cacheTtlMs: 0, authenticate: fromTestHeader })
    : undefined;
  return {
    agencies, oneThing, gateway,
    async close() {
      await gateway?.close();
      await oneThing.close();
      await agencies.close();
      const keys = await store.keys(`${settings.keyPrefix}:*`);
      await store.del(...keys, ...(settings.rosterStream ? [settings.rosterStream] : []));
      await store.close();
    },
  };
}
