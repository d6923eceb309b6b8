import "reflect-metadata";
import { announceStore, createStore } from "../lib/store";
import { onShutdown } from "../lib/http";
import { startCatalogue } from "../subgraphs/catalogue";
import { startGateway } from "../gateway";

/**
 * Development: every component in this one process, each on its own port, sharing one store (the
 * embedded one unless REDIS_URL is set). In production each component runs alone from its main.ts.
 */
const store = createStore();
announceStore(store); // must stay the first line of output
onShutdown(() => store.close());

const services: { name: string; url: string }[] = [];
const track = <T extends { url: string; close(): Promise<void> }>(name: string, path: string, running: T): T => {
  services.push({ name, url: running.url + path });
  onShutdown(() => running.close());
  return running;
};

track("catalogue subgraph", "/graphql", await startCatalogue());
track("gateway", "/graphql", await startGateway({ store }));

const lines = ["", "Kuaiban is running (Ctrl-C stops everything):", ...services.map((s) => `  ${s.name.padEnd(30)} ${s.url}`), ""];
process.stdout.write(lines.join("\n") + "\n");
