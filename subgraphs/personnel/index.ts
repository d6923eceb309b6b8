import type { FactsSource } from "../../lib/access/directory";
import { access } from "./policy";
import { defaults, envInt, envString } from "../../lib/config";
import { LegacyClient } from "../../lib/legacy-client";
import type { Store } from "../../lib/store";
import { serveSubgraph, type RunningSubgraph, type SubgraphDefinition } from "../../lib/subgraph";
import { PersonnelAdapter, SYSTEM } from "./adapter";
import { Employer, Person } from "./person.type";
import { EmployerResolver, PersonResolver, type PersonnelDeps } from "./person.resolver";
import { PersonnelResolver } from "./personnel.resolver";

const defaultLegacyUrl = () => envString("PERSONNEL_LEGACY_URL", `http://${defaults.host}:${defaults.ports.legacyPersonnel}`);

/**
 * Personnel archives and public-institution management (人事档案与事业单位管理) as a subgraph:
 * `Person.archive`, `Employer.hiringFilings` and the 3.x item mutations.
 */
export function createPersonnelSubgraph(deps: { store: Store; legacyUrl: string; facts?: FactsSource }): SubgraphDefinition {
  const resolved: PersonnelDeps = { store: deps.store, adapter: new PersonnelAdapter(new LegacyClient({ system: SYSTEM, baseUrl: deps.legacyUrl })) };
  return {
    name: SYSTEM,
    resolvers: [PersonResolver, EmployerResolver, PersonnelResolver],
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

export function startPersonnel(opts: { store: Store; port?: number; legacyUrl?: string; facts?: FactsSource }): Promise<RunningSubgraph> {
  const def = createPersonnelSubgraph({ store: opts.store, legacyUrl: opts.legacyUrl ?? defaultLegacyUrl(), facts: opts.facts });
  return serveSubgraph(def, opts.port ?? envInt("PERSONNEL_PORT", defaults.ports.personnel), { store: opts.store });
}
