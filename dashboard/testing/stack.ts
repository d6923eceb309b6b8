import { freePort } from "../../lib/net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { demoCredentials, seedDemoAccounts, startAuth, type DemoCredential } from "../../auth";
import { loadHubKeys } from "../../auth/keys";
import type { PortalRegistration } from "../../auth/clients";
import { startGateway } from "../../gateway";
import { hubBearerAuthenticate } from "../../gateway/auth/authenticate";
import { setClock } from "../../lib/clock";
import { MemoryStore, type Store } from "../../lib/store";
import { startCatalogue } from "../../subgraphs/catalogue";
import { startOneThing } from "../../subgraphs/one-thing";
import { PacedClock } from "../../scripts/simulation/clock";
import { ReplayIdentities, withReplayIdentities } from "../../scripts/simulation/identities";
import { planApplications } from "../../scripts/simulation/plan";
import { replay, type ReplaySummary } from "../../scripts/simulation/replay";
import { startAllAgencies } from "../../tests/support/agency-stack";
import { startDashboard } from "../index";

export interface DashboardStack {
  dashboardUrl: string;
  gatewayUrl: string;
  hubUrl: string;
  /** Keys of this stack in the shared store all start with it. */
  prefix: string;
  creds: DemoCredential[];
  summary: ReplaySummary;
  close(): Promise<void>;
}

/**
 * The dashboard over simulated work, for browser tests and benchmarks: the hub with the dashboard
 * registered (its sessions in `shared`, under a fresh prefix), the five agency systems, the
 * one-thing engine, the catalogue and the real gateway (their state in this process), and a
 * replay of [from, to] through them on a paced fast clock; afterwards the clock is real again.
 */
export async function startDashboardStack(shared: Store, o: { from: string; to: string; applications: number; seconds: number; seed?: number; drainMs?: number }): Promise<DashboardStack> {
  const run = randomUUID().slice(0, 8);
  const prefix = `kb:test:dash:${run}`;
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    const keys = await shared.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await shared.del(...keys.slice(i, i + 500));
  };
  // cases take widely varying times at the stand-ins (some past their limit), as in `npm run simulate`
  process.env.LEGACY_CASE_SPREAD ??= "2.5";
  try {
    const local = new MemoryStore();
    const [hubPort, dashPort] = await Promise.all([freePort(), freePort()]);
    const hubUrl = `http://127.0.0.1:${hubPort}`;
    const registration: PortalRegistration = { clientId: "dashboard", clientName: "调度看板", url: `http://127.0.0.1:${dashPort}`, clientSecret: `test-dashboard-secret-${run}-0123456789` };
    const dataDir = mkdtempSync(join(tmpdir(), "kb-dash-"));
    const hub = await startAuth({
      store: shared, port: hubPort, keys: loadHubKeys(dataDir), settings: { dataDir }, portals: [registration], upstream: false,
      seedDemo: false, prefix: `${prefix}:auth`, auditStream: `${prefix}:audit`,
    });
    closers.push(() => hub.close());
    await seedDemoAccounts(hub.accounts, { writeFile: false });

    const agencies = await startAllAgencies(local);
    closers.push(() => agencies.close());
    const catalogue = await startCatalogue({ port: 0 });
    closers.push(() => catalogue.close());
    const oneThing = await startOneThing({ store: local, port: 0, subgraphUrls: agencies.urls, settings: { keyPrefix: `${prefix}:one`, retryBaseMs: 50, retryMaxMs: 200, pollMs: 100 } });
    closers.push(() => oneThing.close());
    const identities = new ReplayIdentities();
    const gateway = await startGateway({
      port: 0, store: local,
      subgraphs: [...agencies.endpoints, { name: "catalogue", url: `${catalogue.url}/graphql` }, { name: "one-thing", url: oneThing.url }],
      authenticate: withReplayIdentities(identities, hubBearerAuthenticate({ issuer: hubUrl, audience: "urn:kuaiban:gateway" })),
    });
    closers.push(() => gateway.close());
    const gatewayUrl = `${gateway.url}/graphql`;
    const dashboard = await startDashboard({ store: shared, issuer: hubUrl, gatewayUrl, port: dashPort, registration, prefix: `${prefix}:dash` });
    closers.push(() => dashboard.close());

    const start = Date.parse(`${o.from}T00:00:00+08:00`);
    const end = Date.parse(`${o.to}T23:59:59+08:00`);
    const rate = (end - start) / (o.seconds * 1000);
    // a period that ends today ends at this moment: the clock joins real time there
    const realNow = Date.now();
    const clock = new PacedClock(start, rate, end >= realNow ? () => Date.now() : undefined);
    setClock(clock.now, rate);
    let summary: ReplaySummary;
    try {
      const plan = planApplications({ from: o.from, to: o.to, applications: o.applications, seed: o.seed ?? 7 }).filter((p) => p.at < realNow);
      summary = await replay(plan, { gatewayUrl, identities }, {
        drainMs: o.drainMs ?? 8_000, runId: run, pace: (at) => clock.holdAt(at),
      });
    } finally {
      setClock(undefined);
      identities.close();
    }
    return { dashboardUrl: dashboard.url, gatewayUrl, hubUrl, prefix, creds: demoCredentials(), summary, close };
  } catch (err) {
    await close();
    throw err;
  }
}
