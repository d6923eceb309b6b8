import type { SubgraphDefinition } from "../../lib/subgraph";
import { serveSubgraph } from "../../lib/subgraph";
import { defaults, envInt } from "../../lib/config";
import { CatalogueResolver } from "./catalogue.resolver";

/** The catalogue: service items, bundles, time limits, calendar, contact points. Public, read-only. */
export const catalogueSubgraph: SubgraphDefinition = {
  name: "catalogue",
  resolvers: [CatalogueResolver],
};

export function startCatalogue(opts: { port?: number } = {}) {
  return serveSubgraph(catalogueSubgraph, opts.port ?? envInt("CATALOGUE_PORT", defaults.ports.catalogue));
}
