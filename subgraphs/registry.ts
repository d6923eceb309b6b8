import type { SubgraphDefinition } from "../lib/subgraph";
import { MemoryStore } from "../lib/store";
import { catalogueSubgraph } from "./catalogue";
import { createCardSubgraph } from "./card";
import { createEmploymentSubgraph } from "./employment";
import { createLaborRelationsSubgraph } from "./labor-relations";
import { createPersonnelSubgraph } from "./personnel";
import { createOneThingSubgraph } from "./one-thing";
import { createSocialInsuranceSubgraph } from "./social-insurance";

/**
 * Every subgraph's definition, for SDL emission and checks. Definitions get placeholder
 * dependencies: only their schema is built, nothing is called.
 */
export function subgraphDefinitions(): SubgraphDefinition[] {
  const deps = { store: new MemoryStore(), legacyUrl: "http://unused" };
  return [
    catalogueSubgraph,
    createSocialInsuranceSubgraph(deps),
    createEmploymentSubgraph(deps),
    createPersonnelSubgraph(deps),
    createLaborRelationsSubgraph(deps),
    createCardSubgraph(deps),
    createOneThingSubgraph({ store: deps.store, factsSource: null }),
  ];
}
