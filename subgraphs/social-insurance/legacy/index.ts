import type { CaseDurationOptions } from "../../../lib/case-durations";
import { defaults, envInt } from "../../../lib/config";
import { serveLegacy, type LegacyStandIn } from "../../../lib/legacy-server";
import { seedTables } from "./data";
import { siHandler } from "./server";

/** The stand-in for the 金保 core platform, seeded with its view of the demo population. */
/** `durations`: how long its clerks take per item (see lib/case-durations.ts; LEGACY_CASE_DURATIONS otherwise). */
export function startSocialInsuranceLegacy(opts: { port?: number } & CaseDurationOptions = {}): Promise<LegacyStandIn> {
  const port = opts.port ?? envInt("SOCIAL_INSURANCE_LEGACY_PORT", defaults.ports.legacySocialInsurance);
  return serveLegacy("social-insurance-legacy", siHandler(seedTables(opts)), port);
}
