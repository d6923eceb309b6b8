import type { FactsSource } from "../../lib/access/directory";
import { access } from "./policy";
import { defaults, envInt, envString } from "../../lib/config";
import type { Store } from "../../lib/store";
import type { RunningSubgraph, SubgraphDefinition } from "../../lib/subgraph";
import { serveSubgraphWithRoster } from "../../lib/roster";
import { RosterResolver } from "./roster.resolver";
import { EmploymentAdapter, SYSTEM } from "./adapter";
import { EmploymentResolver } from "./employment.resolver";
import { Employer, Person } from "./person.type";
import { PersonResolver, type EmploymentDeps } from "./person.resolver";
import { SoapClient } from "./soap-client";

const defaultLegacyUrl = () => envString("EMPLOYMENT_LEGACY_URL", `http://${defaults.host}:${defaults.ports.legacyEmployment}`);

/**
 * The public employment and talent service (公共就业人才服务机构) as a subgraph: `Person.employment`
 * and the 2.x item mutations, over the employment service system's SOAP web service.
 */
export function createEmploymentSubgraph(deps: { store: Store; legacyUrl: string; facts?: FactsSource }): SubgraphDefinition {
  const resolved: EmploymentDeps = { store: deps.store, adapter: new EmploymentAdapter(new SoapClient({ system: SYSTEM, baseUrl: deps.legacyUrl })) };
  return {
    name: SYSTEM,
    resolvers: [PersonResolver, EmploymentResolver, RosterResolver],
    orphanedTypes: [Person, Employer],
    // Representations carry the key only; fields load through the per-request batch loader.
    references: {
      Person: (rep) => ({ idNumber: rep.idNumber }),
      Employer: (rep) => ({ creditCode: rep.creditCode }),
    },
    deps: resolved,
    access,
    facts: deps.facts,
  };
}

export function startEmployment(opts: { store: Store; port?: number; legacyUrl?: string; facts?: FactsSource }): Promise<RunningSubgraph> {
  const def = createEmploymentSubgraph({ store: opts.store, legacyUrl: opts.legacyUrl ?? defaultLegacyUrl(), facts: opts.facts });
  return serveSubgraphWithRoster(def, opts.port ?? envInt("EMPLOYMENT_PORT", defaults.ports.employment), opts.store);
}
