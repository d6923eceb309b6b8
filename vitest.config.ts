import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; integration and e2e tests cross components and talk to a real
// Redis and real HTTP servers, so they run one file at a time to keep ports and Redis keys apart.
export default defineConfig({
  resolve: {
    // @apollo/subgraph loads graphql's CommonJS build; without this alias vitest loads the ESM one
    // too and graphql refuses schemas "from another module or realm".
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    setupFiles: ["reflect-metadata"],
    globalSetup: ["tests/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,schema,gateway,auth,subgraphs,dashboard,scripts}/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
