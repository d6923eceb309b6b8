import type { CaseDurationOptions } from "../../../lib/case-durations";
import { defaults, envInt } from "../../../lib/config";
import { serveLegacy, type LegacyStandIn } from "../../../lib/legacy-server";
import { seedLaborRelations } from "./data";
import { laborRelationsApp } from "./server";

/** Starts the labour-relations system stand-in (REST/JSON), seeded with the demo population. */
export function startLaborRelationsLegacy(opts: { port?: number } & CaseDurationOptions = {}): Promise<LegacyStandIn> {
  return serveLegacy("labor-relations-legacy", laborRelationsApp(seedLaborRelations(opts)), opts.port ?? envInt("LABOR_RELATIONS_LEGACY_PORT", defaults.ports.legacyLaborRelations));
}
