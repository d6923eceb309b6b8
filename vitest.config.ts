import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; integration and e2e tests cross components and talk to a real
// Redis and real HTTP servers. Every file keeps to its own Redis keys (a unique prefix, or the
// ids it made), listens on port 0 or on an offset it checked was free, and waits for events rather
// than for time, so files run side by side: three at a time, because an integration file spends
// most of its time waiting on servers and Redis (run one at a time, the suite kept two cores
// less than half busy).
export default defineConfig({
  resolve: {
    // @apollo/subgraph loads graphql's CommonJS build; without this alias vitest loads the ESM one
    // too and graphql refuses schemas "from another module or realm".
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    setupFiles: ["reflect-metadata"],
    maxWorkers: 3,
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
