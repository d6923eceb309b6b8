import type { Store } from "../../../lib/store";
import { startCard } from "../../card/index";
import { startCardLegacy } from "../../card/legacy/index";
import { startEmployment } from "../../employment/index";
import { startEmploymentLegacy } from "../../employment/legacy/index";
import { startLaborRelations } from "../../labor-relations/index";
import { startLaborRelationsLegacy } from "../../labor-relations/legacy/index";
import type { AgencyUrls } from "../options";
import { startPersonnel } from "../../personnel/index";
import { startPersonnelLegacy } from "../../personnel/legacy/index";
import { startSocialInsurance } from "../../social-insurance/index";
import { startSocialInsuranceLegacy } from "../../social-insurance/legacy/index";

/** The five agency subgraphs over their legacy stand-ins, on free ports, for the one-thing benchmark. */
export async function startAgencies(store: Store, opts: { caseMs?: number } = {}): Promise<{ urls: AgencyUrls; close(): Promise<void> }> {
  // accepted cases complete after `caseMs` of clock time, cards after as long
  const cases = { durations: { "*": opts.caseMs ?? 100 }, spread: 0 };
  const [si, em, pe, lr, ca] = await Promise.all([
    startSocialInsuranceLegacy({ port: 0, ...cases }), startEmploymentLegacy({ port: 0, ...cases }), startPersonnelLegacy({ port: 0, ...cases }),
    startLaborRelationsLegacy({ port: 0, ...cases }), startCardLegacy({ port: 0, productionMs: opts.caseMs ?? 100, batchProductionMs: opts.caseMs ?? 100 }),
  ]);
  const subgraphs = await Promise.all([
    startSocialInsurance({ store, port: 0, legacyUrl: si.url }), startEmployment({ store, port: 0, legacyUrl: em.url }),
    startPersonnel({ store, port: 0, legacyUrl: pe.url }), startLaborRelations({ store, port: 0, legacyUrl: lr.url }),
    startCard({ store, port: 0, legacyUrl: ca.url }),
  ]);
  const [s0, s1, s2, s3, s4] = subgraphs.map((s) => `${s.url}/graphql`) as [string, string, string, string, string];
  return {
    urls: { "social-insurance": s0, employment: s1, personnel: s2, "labor-relations": s3, card: s4 },
    close: async () => {
      await Promise.all(subgraphs.map((s) => s.close()));
      await Promise.all([si, em, pe, lr, ca].map((l) => l.close()));
    },
  };
}
