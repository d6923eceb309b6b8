import "reflect-metadata";
import type { Store } from "../lib/store";
import type { Principal } from "../lib/principal";
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
import { startDashboard } from "../dashboard";
import { defaults } from "../lib/config";

type Headers = Record<string, string | string[] | undefined>;
export type Authenticate = (headers: Headers) => Promise<Principal | undefined>;

export interface SystemOptions {
  store: Store;
  /** Wraps the gateway's authentication (hub tokens); a replay adds its own credentials in front. */
  authenticate?: (hub: Authenticate) => Authenticate;
}

export interface RunningSystem {
  services: { name: string; url: string }[];
  gatewayUrl: string;
  hubUrl: string;
  dashboardUrl: string;
  close(): Promise<void>;
}

/**
 * Every component in this one process on its development port (shifted by KUAIBAN_PORT_OFFSET),
 * sharing one store: the legacy stand-ins with demo data, an adapter subgraph over each, the
 * one-thing engine, the gateway, the hub with the demo portals, and the dashboard.
 */
export async function startSystem(o: SystemOptions): Promise<RunningSystem> {
  const { store } = o;
  const services: { name: string; url: string }[] = [];
  const closers: (() => Promise<void>)[] = [];
  const close = async () => { for (const c of closers.reverse()) await c().catch(() => undefined); };
  const track = <T extends { url: string; close(): Promise<void> }>(name: string, path: string, running: T): T => {
    services.push({ name, url: running.url + path });
    closers.push(() => running.close());
    return running;
  };
  try {
    // The province's existing systems (stand-ins with demo data), then an adapter subgraph over each.
    const [siLegacy, employmentLegacy, personnelLegacy, laborLegacy, cardLegacy] = await Promise.all([
      startSocialInsuranceLegacy(), startEmploymentLegacy(), startPersonnelLegacy(), startLaborRelationsLegacy(), startCardLegacy(),
    ]);
    track("social-insurance legacy (金保)", "/", siLegacy);
    track("employment legacy (SOAP)", "/?wsdl", employmentLegacy);
    track("personnel legacy", "/", personnelLegacy);
    track("labor-relations legacy", "/", laborLegacy);
    track("card legacy", "/", cardLegacy);

    const [catalogue, si, employment, personnel, labor, card] = await Promise.all([
      startCatalogue(), startSocialInsurance({ store }), startEmployment({ store }), startPersonnel({ store }), startLaborRelations({ store }), startCard({ store }),
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
    closers.push(() => oneThing.close());

    const hub = gatewayAuthenticate(store);
    const gateway = track("gateway", "/graphql", await startGateway({ store, authenticate: o.authenticate ? o.authenticate(hub) : hub }));
    const gatewayUrl = `${gateway.url}/graphql`;

    // The SSO hub, the national platform stand-in and the two demo portals; then the dashboard, the hub's client too.
    const auth = await startAuthStack({ store, gatewayUrl });
    closers.push(() => auth.close());
    const dashboard = await startDashboard({ store, issuer: auth.hubUrl, gatewayUrl });
    closers.push(() => dashboard.close());
    services.push(
      { name: "SSO hub (OpenID provider)", url: `${auth.hubUrl}/.well-known/openid-configuration` },
      { name: "portal 网上服务大厅", url: `http://${defaults.host}:${defaults.ports.portalServiceHall}/` },
      { name: "portal 就业服务门户", url: `http://${defaults.host}:${defaults.ports.portalEmployment}/` },
      { name: "dashboard 调度看板", url: `${dashboard.url}/` },
      { name: "national platform stand-in", url: `http://${defaults.host}:${defaults.ports.upstreamIdp}/` },
    );
    return { services, gatewayUrl, hubUrl: auth.hubUrl, dashboardUrl: dashboard.url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
