import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { lexicographicSortSchema } from "graphql";
import { buildSubgraph, subgraphSdl } from "../lib/subgraph";
import { stitchGatewaySchema, subschemaFor } from "../gateway/stitch";
import { sdlDir, shapeFromSdl } from "../gateway/subgraph-schema";
import { subgraphDefinitions } from "../subgraphs/registry";
import { ownSubschemas } from "../gateway/own-schemas";
import { MemoryStore } from "../lib/store";

/**
 * The SDL of every subgraph and of the stitched gateway, as they are built from the code now.
 * `npm run sdl` writes them into `schema/sdl/`; a test fails when the files and the code disagree.
 */
export async function currentSdl(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const subschemas = [];
  for (const def of subgraphDefinitions()) {
    const sdl = subgraphSdl(await buildSubgraph(def));
    out[def.name] = sdl;
    subschemas.push(subschemaFor({ name: def.name, url: "http://unused" }, shapeFromSdl(sdl), async () => ({})));
  }
  subschemas.push(...ownSubschemas(new MemoryStore()));
  out.gateway = printSchemaWithDirectives(lexicographicSortSchema(stitchGatewaySchema(subschemas))).trim() + "\n";
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  for (const [name, sdl] of Object.entries(await currentSdl())) {
    writeFileSync(join(sdlDir, `${name}.graphql`), sdl);
    console.log(`wrote schema/sdl/${name}.graphql`);
  }
}
