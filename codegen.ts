import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * `npm run codegen`: typed documents for the portals' own operations (auth/portals/graphql/*.graphql)
 * against the gateway's emitted schema. `npm run codegen -- --check` fails when the committed output
 * is not what the operations and the schema give (tests/integration/codegen.test.ts runs it).
 */
const config: CodegenConfig = {
  schema: "schema/sdl/gateway.graphql",
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
        // the schema's descriptions change with its documentation, the operations' types do not
        disableDescriptions: true,
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
