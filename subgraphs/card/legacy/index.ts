import { defaults, envInt, envString } from "../../../lib/config";
import { serveLegacy, type LegacyStandIn } from "../../../lib/legacy-server";
import { seedCards } from "./data";
import { cardHandler, type CardLegacyConfig } from "./server";

/**
 * County-level contact points whose halls issue cards on the spot (立等可取) in the demo; the rest
 * produce centrally. `CARD_INSTANT_REGIONS` (comma-separated names) replaces the list.
 */
export const demoInstantRegions = ["迎泽区", "天镇县", "汾阳市", "盂县", "高平市"];

export function cardLegacyConfig(overrides: Partial<CardLegacyConfig> = {}): CardLegacyConfig {
  const regions = envString("CARD_INSTANT_REGIONS", "");
  return {
    // short enough to watch in a demo, long enough to see the IN_PRODUCTION phase
    productionMs: envInt("CARD_PRODUCTION_MS", 3_000),
    batchProductionMs: envInt("CARD_BATCH_PRODUCTION_MS", 20_000),
    instantRegions: regions ? regions.split(",").map((r) => r.trim()).filter(Boolean) : demoInstantRegions,
    ...overrides,
  };
}

/** The stand-in for the card management system (信息化管理机构), seeded with its view of the demo population. */
export async function startCardLegacy(opts: { port?: number } & Partial<CardLegacyConfig> = {}): Promise<LegacyStandIn> {
  const { port, ...overrides } = opts;
  const timers = new Set<NodeJS.Timeout>();
  const standIn = await serveLegacy("card-legacy", cardHandler(seedCards(), cardLegacyConfig(overrides), timers), port ?? envInt("CARD_LEGACY_PORT", defaults.ports.legacyCard));
  return {
    ...standIn,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await standIn.close();
    },
  };
}
