import "reflect-metadata";
import { announceStore, createStore } from "../lib/store";
import { onShutdown } from "../lib/http";
import { startCatalogue } from "../subgraphs/catalogue";
import { startCard, startCardLegacy } from "../subgraphs/card";
import { startEmployment } from "../subgraphs/employment";
import { startEmploymentLegacy } from "../subgraphs/employment/legacy";
import { startLaborRelations } from "../subgraphs/labor-relations";
import { startLaborRelationsLegacy } from "../subgraphs/labor-relations/legacy";
import { startPersonnel } from "../subgraphs/personnel";
import { startPersonnelLegacy } from "../subgraphs/personnel/legacy";
import { startSocialInsurance, startSocialInsuranceLegacy } from "../subgraphs/social-insurance";
import { startOneThing } from "../subgraphs/one-thing";
import { startGateway } from "../gateway";
import { gatewayAuthenticate } from "../gateway/auth/authenticate";
import { startAuthStack } from "../auth";
import { defaults, isProduction } from "../lib/config";

/**
 * Development: every component in this one process, each on its own port, sharing one store (the
 * embedded one unless REDIS_URL is set). In production each component runs alone from its main.ts.
 */
if (isProduction()) {
  // This command runs the demo: legacy stand-ins, demo portals and accounts, the CLI client.
  console.error("npm start runs the development system with demo data and refuses NODE_ENV=production; run each component from its main.ts (see README)");
  process.exit(1);
}
const store = createStore();
announceStore(store); // must stay the first line of output
onShutdown(() => store.close());

const services: { name: string; url: string }[] = [];
const track = <T extends { url: string; close(): Promise<void> }>(name: string, path: string, running: T): T => {
  services.push({ name, url: running.url + path });
  onShutdown(() => running.close());
  return running;
};

// The province's existing systems (stand-ins with demo data), then an adapter subgraph over each.
const [siLegacy, employmentLegacy, personnelLegacy, laborLegacy, cardLegacy] = await Promise.all([
  startSocialInsuranceLegacy(),
  startEmploymentLegacy(),
  startPersonnelLegacy(),
  startLaborRelationsLegacy(),
  startCardLegacy(),
]);
track("social-insurance legacy (金保)", "/", siLegacy);
track("employment legacy (SOAP)", "/?wsdl", employmentLegacy);
track("personnel legacy", "/", personnelLegacy);
track("labor-relations legacy", "/", laborLegacy);
track("card legacy", "/", cardLegacy);

const [catalogue, si, employment, personnel, labor, card] = await Promise.all([
  startCatalogue(),
  startSocialInsurance({ store }),
  startEmployment({ store }),
  startPersonnel({ store }),
  startLaborRelations({ store }),
  startCard({ store }),
]);
track("catalogue subgraph", "/graphql", catalogue);
track("social-insurance subgraph", "/graphql", si);
track("employment subgraph", "/graphql", employment);
track("personnel subgraph", "/graphql", personnel);
track("labor-relations subgraph", "/graphql", labor);
track("card subgraph", "/graphql", card);

// The one-thing engine: applications for the 10 bundles, carried through the agency subgraphs above.
const oneThing = await startOneThing({ store });
services.push({ name: "one-thing subgraph", url: oneThing.url });
onShutdown(() => oneThing.close());

const gateway = track("gateway", "/graphql", await startGateway({ store, authenticate: gatewayAuthenticate(store) }));

// The SSO hub, the national platform stand-in and the two demo portals.
const auth = await startAuthStack({ store, gatewayUrl: `${gateway.url}/graphql` });
onShutdown(() => auth.close());
services.push(
  { name: "SSO hub (OpenID provider)", url: `${auth.hubUrl}/.well-known/openid-configuration` },
  { name: "portal 网上服务大厅", url: `http://${defaults.host}:${defaults.ports.portalServiceHall}/` },
  { name: "portal 就业服务门户", url: `http://${defaults.host}:${defaults.ports.portalEmployment}/` },
  { name: "national platform stand-in", url: `http://${defaults.host}:${defaults.ports.upstreamIdp}/` },
);

const lines = ["", "Kuaiban is running (Ctrl-C stops everything):", "  demo sign-ins: .data/demo-credentials.json", ...services.map((s) => `  ${s.name.padEnd(30)} ${s.url}`), ""];
process.stdout.write(lines.join("\n") + "\n");
