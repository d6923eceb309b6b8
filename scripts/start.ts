import "reflect-metadata";
import { announceStore, createStore } from "../lib/store";
import { onShutdown } from "../lib/http";
import { isProduction } from "../lib/config";
import { startSystem } from "./system";
import { ReplayIdentities, withReplayIdentities } from "./simulation/identities";
import { seedHistory } from "./simulation/seed";

/**
 * Development: every component in this one process, each on its own port, sharing one store (the
 * embedded one unless REDIS_URL is set), then a small simulated history for the dashboard. In
 * production each component runs alone from its main.ts.
 */
if (isProduction()) {
  // This command runs the demo: legacy stand-ins, demo portals and accounts, the CLI client.
  console.error("npm start runs the development system with demo data and refuses NODE_ENV=production; run each component from its main.ts (see README)");
  process.exit(1);
}
const store = createStore();
announceStore(store); // must stay the first line of output
onShutdown(() => store.close());

// the seed's simulated people exist only while it runs: afterwards the gateway knows hub tokens alone
const identities = new ReplayIdentities();
const system = await startSystem({ store, authenticate: (hub) => withReplayIdentities(identities, hub) });
onShutdown(() => system.close());

const seeded = await seedHistory({ store, gatewayUrl: system.gatewayUrl, identities }).finally(() => identities.close());
const seedLine = seeded === "off" ? "  dashboard history: not seeded (KUAIBAN_SEED_APPLICATIONS=0)"
  : seeded === "already" ? "  dashboard history: this store was seeded before; kept as it is"
  : `  dashboard history: ${seeded.submitted} simulated applications over the last ${process.env.KUAIBAN_SEED_DAYS || 60} days (${seeded.completed} completed, ${seeded.rated} rated) in ${seeded.wallSeconds} s`;

const lines = ["", "Kuaiban is running (Ctrl-C stops everything):", "  demo sign-ins: .data/demo-credentials.json", seedLine, ...system.services.map((s) => `  ${s.name.padEnd(30)} ${s.url}`), ""];
process.stdout.write(lines.join("\n") + "\n");
