import type { SubgraphDefinition } from "../lib/subgraph";
import { catalogueSubgraph } from "./catalogue";

/**
 * Every subgraph's definition, for SDL emission and checks. Definitions that need dependencies get
 * placeholder ones: only the schema is built from them, nothing is called.
 */
export function subgraphDefinitions(): SubgraphDefinition[] {
  return [catalogueSubgraph];
}
