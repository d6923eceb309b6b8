import type { CaseDurationOptions } from "../../../lib/case-durations";
import { defaults, envInt } from "../../../lib/config";
import { serveLegacy, type LegacyStandIn } from "../../../lib/legacy-server";
import { seedPersonnel } from "./data";
import { personnelApp } from "./server";

/** Starts the personnel system stand-in (in-house REST/JSON), seeded with the demo population. */
export function startPersonnelLegacy(opts: { port?: number } & CaseDurationOptions = {}): Promise<LegacyStandIn> {
  return serveLegacy("personnel-legacy", personnelApp(seedPersonnel(opts)), opts.port ?? envInt("PERSONNEL_LEGACY_PORT", defaults.ports.legacyPersonnel));
}
