import { readFileSync } from "node:fs";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { parse, print, visit } from "graphql";

/** The gateway's emitted SDL without its descriptions: they change with the schema's documentation, the operations' types do not. */
const schemaWithoutDescriptions = print(visit(parse(readFileSync("schema/sdl/gateway.graphql", "utf8")), {
  enter(node) {
    return "description" in node && node.description ? { ...node, description: undefined } : undefined;
  },
}));

/**
 * `npm run codegen`: typed documents for the portals' own operations (auth/portals/graphql/*.graphql)
 * against the gateway's emitted schema. `npm run codegen -- --check` fails when the committed output
 * is not what the operations and the schema give (tests/integration/codegen.test.ts runs it).
 */
const config: CodegenConfig = {
  schema: schemaWithoutDescriptions,
  documents: ["auth/portals/graphql/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "auth/portals/graphql/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // sent as text with fetch: no GraphQL client library in the portals
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          CreditCode: "string", Date: "string", DateTime: "string", IdNumber: "string", JSONObject: "Record<string, unknown>",
        },
      },
    },
  },
};
export default config;
