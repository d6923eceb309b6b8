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
  { name: "social-insurance", url: local(defaults.ports.socialInsurance), cache: true },
  { name: "employment", url: local(defaults.ports.employment), cache: true },
  { name: "personnel", url: local(defaults.ports.personnel), cache: true },
  { name: "labor-relations", url: local(defaults.ports.laborRelations), cache: true },
  { name: "card", url: local(defaults.ports.card), cache: true },
  { name: "one-thing", url: local(defaults.ports.oneThing) },
];

/** Entries of `GATEWAY_SUBGRAPHS` are `name=url`, or `name=url|cache` for a cached agency system. */
export function subgraphEndpoints(env = process.env.GATEWAY_SUBGRAPHS): SubgraphEndpoint[] {
  if (!env) return defaultSubgraphs;
  return env.split(",").map((pair) => {
    const [name, target] = pair.split("=");
    const [url, flag] = (target ?? "").split("|");
    if (!name || !url) throw new Error(`GATEWAY_SUBGRAPHS entries are name=url, got "${pair}"`);
    return { name: name.trim(), url: url.trim(), cache: flag?.trim() === "cache" };
  });
}
