import { defaults } from "../lib/config";

/**
 * The systems behind the gateway: adding a subgraph is adding an entry. `GATEWAY_SUBGRAPHS`
 * (`name=url,name=url`) replaces the list, e.g. to point at production hosts.
 */
export interface SubgraphEndpoint {
  name: string;
  url: string;
  /** Keep its entity lookups in the shared cache (agency systems: what they answer does not depend on who asks). */
  cache?: boolean;
}

const local = (port: number) => `http://${defaults.host}:${port}/graphql`;

export const defaultSubgraphs: SubgraphEndpoint[] = [
  { name: "catalogue", url: local(defaults.ports.catalogue) },
];

export function subgraphEndpoints(env = process.env.GATEWAY_SUBGRAPHS): SubgraphEndpoint[] {
  if (!env) return defaultSubgraphs;
  return env.split(",").map((pair) => {
    const [name, url] = pair.split("=");
    if (!name || !url) throw new Error(`GATEWAY_SUBGRAPHS entries are name=url, got "${pair}"`);
    return { name: name.trim(), url: url.trim() };
  });
}
