import { fromRoot } from "../lib/paths";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildASTSchema, Kind, parse, type DocumentNode, type GraphQLSchema, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from "graphql";
import { log } from "../lib/log";
import { PRINCIPAL_HEADER, signPrincipal, systemPrincipal } from "../lib/principal";
import type { SubgraphEndpoint } from "./subgraphs.config";

export const sdlDir = fromRoot("schema", "sdl");

/** What the gateway needs to know of a subgraph: its schema and the keys of its entities. */
export interface SubgraphShape {
  sdl: string;
  schema: GraphQLSchema;
  /** Entity type → key fields (`@key(fields: "idNumber")` → ["idNumber"]). */
  keys: Map<string, string[]>;
}

function isObjectDef(node: DocumentNode["definitions"][number]): node is ObjectTypeDefinitionNode | ObjectTypeExtensionNode {
  return node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.OBJECT_TYPE_EXTENSION;
}

/**
 * Turns a subgraph's published SDL (`_service { sdl }`) into an executable-shape schema: the
 * federation entry points `_entities(representations:)` and `_Any` are not part of the published
 * SDL, so they are added back for every type with a `@key`.
 */
export function shapeFromSdl(sdl: string): SubgraphShape {
  const doc = parse(sdl);
  const keys = new Map<string, string[]>();
  for (const def of doc.definitions) {
    if (!isObjectDef(def)) continue;
    for (const directive of def.directives ?? []) {
      if (directive.name.value !== "key") continue;
      const fields = directive.arguments?.find((a) => a.name.value === "fields")?.value;
      if (fields?.kind !== Kind.STRING) continue;
      keys.set(def.name.value, fields.value.trim().split(/\s+/));
    }
  }
  const extra = keys.size
    ? `\nscalar _Any\nunion _Entity = ${[...keys.keys()].join(" | ")}\nextend type Query { _entities(representations: [_Any!]!): [_Entity]! }\n`
    : "";
  const schema = buildASTSchema(parse(sdl + extra), { assumeValidSDL: true });
  return { sdl, schema, keys };
}

async function fetchSdl(url: string, subgraph: string, timeoutMs: number): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(systemPrincipal("gateway"), { audience: subgraph, requestId: "sdl" }) },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`no _service.sdl from ${url}`);
  return sdl;
}

/**
 * Reads the subgraph's live SDL; when it does not answer within the wait, falls back to the SDL
 * emitted in `schema/sdl/`, so a gateway can start while one system is down and serve the rest.
 */
export async function loadSubgraphShape(endpoint: SubgraphEndpoint, opts: { waitMs?: number } = {}): Promise<SubgraphShape> {
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  let lastError: unknown;
  do {
    try {
      return shapeFromSdl(await fetchSdl(endpoint.url, endpoint.name, 2_000));
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  } while (Date.now() < deadline);
  const file = join(sdlDir, `${endpoint.name}.graphql`);
  if (existsSync(file)) {
    log.warn({ subgraph: endpoint.name, err: String(lastError) }, "subgraph did not answer; using its emitted SDL");
    return shapeFromSdl(readFileSync(file, "utf8"));
  }
  throw new Error(`subgraph ${endpoint.name} at ${endpoint.url} did not answer and has no emitted SDL: ${String(lastError)}`);
}
