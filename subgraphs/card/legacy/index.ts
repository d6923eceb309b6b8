import { instantCardOffices } from "../../../schema/catalogue/time-limits";
import { defaults, envInt, envString } from "../../../lib/config";
import { serveLegacy, type LegacyStandIn } from "../../../lib/legacy-server";
import { seedCards } from "./data";
import { cardHandler, type CardLegacyConfig } from "./server";

/**
 * Contact points whose halls issue cards on the spot (立等可取): the catalogue's list, which the
 * time limits use too; the rest produce centrally. `CARD_INSTANT_REGIONS` (comma-separated names)
 * replaces it.
 */
export const demoInstantRegions: string[] = [...instantCardOffices];

export function cardLegacyConfig(overrides: Partial<CardLegacyConfig> = {}): CardLegacyConfig {
  const regions = envString("CARD_INSTANT_REGIONS", "");
  return {
    // clock time, as a card centre takes: a few days for one card, some weeks for a batch run
    // (both under their 5 and 30 working days); a demo on the real clock sets them short
    productionMs: envInt("CARD_PRODUCTION_MS", 3 * 86_400_000),
    batchProductionMs: envInt("CARD_BATCH_PRODUCTION_MS", 20 * 86_400_000),
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
