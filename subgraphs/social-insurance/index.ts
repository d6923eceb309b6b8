import type { FactsSource } from "../../lib/access/directory";
import { access } from "./policy";
import { defaults, envInt, envString } from "../../lib/config";
import { LegacyClient } from "../../lib/legacy-client";
import type { Store } from "../../lib/store";
import type { RunningSubgraph, SubgraphDefinition } from "../../lib/subgraph";
import { serveSubgraphWithRoster } from "../../lib/roster";
import { RosterResolver } from "./roster.resolver";
import { SiAdapter, SYSTEM } from "./adapter";
import { loadCodeTables, type CodeTables } from "./code-tables";
import { EmployerResolver } from "./employer.resolver";
import { ItemsResolver } from "./items.resolver";
import type { SiDeps } from "./loaders";
import { PersonResolver } from "./person.resolver";

export { startSocialInsuranceLegacy } from "./legacy";

const defaultLegacyUrl = () => envString("SOCIAL_INSURANCE_LEGACY_URL", `http://${defaults.host}:${defaults.ports.legacySocialInsurance}`);

/**
 * 社保经办机构: the 金保 core platform as a subgraph. It owns the root `person`, `employer` and
 * `persons` entry points and the basic facts of people and employers, plus their insurance.
 * `codeTables` defaults to `SI_CODE_TABLES` or the shipped `code-tables.json`.
 */
/** The object rules' facts, straight from the platform: this system is their authority. */
export function siFactsSource(adapter: SiAdapter): FactsSource {
  return async (ids) => {
    const found = await adapter.persons(ids);
    return new Map(ids.map((id) => {
      const p = found.get(id);
      if (!p) return [id, null];
      const employers = p.enrolments.filter((e) => e.status === "ACTIVE" && e.employer).map((e) => e.employer!.creditCode);
      return [id, { region: p.region, employers: [...new Set(employers)] }];
    }));
  };
}

export function createSocialInsuranceSubgraph(deps: { store: Store; legacyUrl: string; codeTables?: CodeTables; timeoutMs?: number }): SubgraphDefinition {
  const adapter = new SiAdapter(new LegacyClient({ system: SYSTEM, baseUrl: deps.legacyUrl, timeoutMs: deps.timeoutMs }), deps.codeTables ?? loadCodeTables());
  const resolverDeps: SiDeps = { store: deps.store, adapter };
  return {
    name: SYSTEM,
    resolvers: [PersonResolver, EmployerResolver, ItemsResolver, RosterResolver],
    // Entities resolve to their key only; fields load through the per-request batch loaders.
    references: {
      Person: (rep) => ({ idNumber: String(rep.idNumber) }),
      Employer: (rep) => ({ creditCode: String(rep.creditCode) }),
    },
    deps: resolverDeps,
    access,
    facts: siFactsSource(adapter),
  };
}

export function startSocialInsurance(opts: { store: Store; port?: number; legacyUrl?: string }): Promise<RunningSubgraph> {
  const def = createSocialInsuranceSubgraph({ store: opts.store, legacyUrl: opts.legacyUrl ?? defaultLegacyUrl() });
  return serveSubgraphWithRoster(def, opts.port ?? envInt("SOCIAL_INSURANCE_PORT", defaults.ports.socialInsurance), opts.store);
}
