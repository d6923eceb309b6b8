import type { SubgraphEndpoint } from "../../gateway/subgraphs.config";
import { remoteFactsSource } from "../../lib/access/directory";
import type { LegacyStandIn } from "../../lib/legacy-server";
import type { Store } from "../../lib/store";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCard, startCardLegacy } from "../../subgraphs/card";
import { startEmployment } from "../../subgraphs/employment";
import { startEmploymentLegacy } from "../../subgraphs/employment/legacy";
import { startLaborRelations } from "../../subgraphs/labor-relations";
import { startLaborRelationsLegacy } from "../../subgraphs/labor-relations/legacy";
import { startPersonnel } from "../../subgraphs/personnel";
import { startPersonnelLegacy } from "../../subgraphs/personnel/legacy";
import { startSocialInsurance, startSocialInsuranceLegacy } from "../../subgraphs/social-insurance";

export type AgencyName = "social-insurance" | "employment" | "personnel" | "labor-relations" | "card";

export interface AllAgencies {
  legacy: Record<AgencyName, LegacyStandIn>;
  subgraphs: Record<AgencyName, RunningSubgraph>;
  /** For `startGateway({ subgraphs })`, agency systems cached as in production. */
  endpoints: SubgraphEndpoint[];
  /** Each agency subgraph's GraphQL URL, e.g. for the one-thing engine's `subgraphUrls`. */
  urls: Record<AgencyName, string>;
  close(): Promise<void>;
}

/** The five agency systems as `npm start` runs them, each stand-in and subgraph on a free port. */
export async function startAllAgencies(store: Store, opts: { cardProductionMs?: number; caseMs?: number } = {}): Promise<AllAgencies> {
  // the stand-ins complete accepted cases after this long (clock time), the same for every item
  const cases = { durations: { "*": opts.caseMs ?? 300 }, spread: 0 };
  const [si, employment, personnel, labor, card] = await Promise.all([
    startSocialInsuranceLegacy({ port: 0, ...cases }),
    startEmploymentLegacy({ port: 0, ...cases }),
    startPersonnelLegacy({ port: 0, ...cases }),
    startLaborRelationsLegacy({ port: 0, ...cases }),
    startCardLegacy({ port: 0, productionMs: opts.cardProductionMs ?? 200, batchProductionMs: 400 }),
  ]);
  const legacy: AllAgencies["legacy"] = { "social-insurance": si, employment, personnel, "labor-relations": labor, card };
  // The other systems learn people's facts (region, employers) from social insurance, as in production.
  let siUrl = "";
  const facts = remoteFactsSource(() => siUrl);
  const [siSub, employmentSub, personnelSub, laborSub, cardSub] = await Promise.all([
    startSocialInsurance({ store, port: 0, legacyUrl: si.url }),
    startEmployment({ store, port: 0, legacyUrl: employment.url, facts }),
    startPersonnel({ store, port: 0, legacyUrl: personnel.url, facts }),
    startLaborRelations({ store, port: 0, legacyUrl: labor.url, facts }),
    startCard({ store, port: 0, legacyUrl: card.url, facts }),
  ]);
  siUrl = `${siSub.url}/graphql`;
  const subgraphs: AllAgencies["subgraphs"] = { "social-insurance": siSub, employment: employmentSub, personnel: personnelSub, "labor-relations": laborSub, card: cardSub };
  const gql = (s: RunningSubgraph) => `${s.url}/graphql`;
  return {
    legacy,
    subgraphs,
    endpoints: (Object.keys(subgraphs) as AgencyName[]).map((name) => ({ name, url: gql(subgraphs[name]), cache: true })),
    urls: { "social-insurance": gql(siSub), employment: gql(employmentSub), personnel: gql(personnelSub), "labor-relations": gql(laborSub), card: gql(cardSub) },
    close: async () => {
      await Promise.all(Object.values(subgraphs).map((s) => s.close()));
      await Promise.all(Object.values(legacy).map((l) => l.close()));
    },
  };
}
