import type { FactsSource } from "../../lib/access/directory";
import { access } from "./policy";
import { defaults, envInt, envString } from "../../lib/config";
import { LegacyClient } from "../../lib/legacy-client";
import type { Store } from "../../lib/store";
import type { RunningSubgraph, SubgraphDefinition } from "../../lib/subgraph";
import { serveSubgraphWithRoster } from "../../lib/roster";
import { RosterResolver } from "./roster.resolver";
import { LaborRelationsAdapter, SYSTEM } from "./adapter";
import { FilingResolver } from "./filing.resolver";
import { Employer, Person } from "./person.type";
import { EmployerResolver, PersonResolver, type LaborRelationsDeps } from "./person.resolver";

const defaultLegacyUrl = () => envString("LABOR_RELATIONS_LEGACY_URL", `http://${defaults.host}:${defaults.ports.legacyLaborRelations}`);

/**
 * The labour-relations administration (劳动用工管理部门) as a subgraph: `Person.laborFilings`,
 * `Employer.filings` and the 4.1.1 filing mutations, over its REST system.
 */
export function createLaborRelationsSubgraph(deps: { store: Store; legacyUrl: string; facts?: FactsSource }): SubgraphDefinition {
  const resolved: LaborRelationsDeps = { store: deps.store, adapter: new LaborRelationsAdapter(new LegacyClient({ system: SYSTEM, baseUrl: deps.legacyUrl })) };
  return {
    name: SYSTEM,
    resolvers: [PersonResolver, EmployerResolver, FilingResolver, RosterResolver],
    orphanedTypes: [Person, Employer],
    references: {
      Person: (rep) => ({ idNumber: rep.idNumber }),
      Employer: (rep) => ({ creditCode: rep.creditCode }),
    },
    deps: resolved,
    access,
    facts: deps.facts,
  };
}

export function startLaborRelations(opts: { store: Store; port?: number; legacyUrl?: string; facts?: FactsSource }): Promise<RunningSubgraph> {
  const def = createLaborRelationsSubgraph({ store: opts.store, legacyUrl: opts.legacyUrl ?? defaultLegacyUrl(), facts: opts.facts });
  return serveSubgraphWithRoster(def, opts.port ?? envInt("LABOR_RELATIONS_PORT", defaults.ports.laborRelations), opts.store);
}
