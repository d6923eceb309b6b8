import type { FactsSource } from "../../lib/access/directory";
import { access } from "./policy";
import { defaults, envInt, envString } from "../../lib/config";
import { LegacyClient } from "../../lib/legacy-client";
import type { Store } from "../../lib/store";
import { serveSubgraph, type RunningSubgraph, type SubgraphDefinition } from "../../lib/subgraph";
import { CardAdapter, SYSTEM } from "./adapter";
import { CardItemsResolver } from "./card-items.resolver";
import { CardResolver, type CardDeps } from "./card.resolver";
import { CardPerson } from "./card.type";

export { startCardLegacy, demoInstantRegions } from "./legacy";

const defaultLegacyUrl = () => envString("CARD_LEGACY_URL", `http://${defaults.host}:${defaults.ports.legacyCard}`);

/** 社会保障卡 (信息化管理机构): `Person.socialSecurityCard` and the 1.10.x item operations. */
export function createCardSubgraph(deps: { store: Store; legacyUrl: string; facts?: FactsSource; timeoutMs?: number }): SubgraphDefinition {
  const resolverDeps: CardDeps = {
    store: deps.store,
    adapter: new CardAdapter(new LegacyClient({ system: SYSTEM, baseUrl: deps.legacyUrl, timeoutMs: deps.timeoutMs })),
  };
  return {
    name: SYSTEM,
    resolvers: [CardResolver, CardItemsResolver],
    // No field of this subgraph returns a Person; it is reached through `_entities` only.
    orphanedTypes: [CardPerson],
    references: { Person: (rep) => ({ idNumber: String(rep.idNumber) }) },
    deps: resolverDeps,
    access,
    facts: deps.facts,
  };
}

export function startCard(opts: { store: Store; port?: number; legacyUrl?: string; facts?: FactsSource }): Promise<RunningSubgraph> {
  const def = createCardSubgraph({ store: opts.store, legacyUrl: opts.legacyUrl ?? defaultLegacyUrl(), facts: opts.facts });
  return serveSubgraph(def, opts.port ?? envInt("CARD_PORT", defaults.ports.card), { store: opts.store });
}
