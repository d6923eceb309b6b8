import type { CaseDurationOptions } from "../../../lib/case-durations";
import { defaults, envInt } from "../../../lib/config";
import { serveLegacy, type LegacyStandIn } from "../../../lib/legacy-server";
import { seedEmployment } from "./data";
import { employmentHandler } from "./server";

/** Starts the employment service system stand-in (SOAP 1.1), seeded with the demo population. */
export function startEmploymentLegacy(opts: { port?: number } & CaseDurationOptions = {}): Promise<LegacyStandIn> {
  return serveLegacy("employment-legacy", employmentHandler(seedEmployment(opts)), opts.port ?? envInt("EMPLOYMENT_LEGACY_PORT", defaults.ports.legacyEmployment));
}
