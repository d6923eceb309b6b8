import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { startAuth, type PartnerClient, type RunningAuth } from "../../auth";
import { seedDemoAccounts } from "../../auth/demo-accounts";
import { loadHubKeys } from "../../auth/keys";
import type { PortalRegistration } from "../../auth/clients";
import type { Store } from "../../lib/store";
import { freePort } from "../../lib/net";

export interface HubPair {
  /** Where each instance listens: requests are addressed to one or the other directly. */
  urls: [string, string];
  /** The one public name both instances sign tokens as (here the first instance's address). */
  issuer: string;
  /** Every key of the two hubs is under this prefix (`<prefix>:auth:…`). */
  prefix: string;
  /** A web client registered at both (no portal runs there: tests take the code from the redirect). */
  portal: PortalRegistration;
  /** A partner department's client registered at both (client_credentials only). */
  partner: PartnerClient;
  close(): Promise<void>;
}

/**
 * Two SSO hub instances on one store, as a deployment runs them behind a load balancer: the same
 * signing and cookie keys, the same issuer, the same settings and key prefix, demo accounts seeded
 * once. Nothing else is shared between them; each has its own port and process state.
 */
export async function startHubPair(store: Store): Promise<HubPair> {
  const prefix = `kb:test:mi-${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), "kb-hubs-"));
  const keys = loadHubKeys(dataDir);
  const ports = [await freePort(), await freePort()] as const;
  const issuer = `http://127.0.0.1:${ports[0]}`;
  // port 9 (discard): nothing listens, so the hubs' back-channel logout calls fail at once
  const portal: PortalRegistration = { clientId: "portal-service-hall", clientName: "网上服务大厅", url: "http://127.0.0.1:9", clientSecret: `test-${randomUUID()}` };
  // a partner department's client too: confidential like the portal, but none of the portal's tokens are its own
  const partner: PartnerClient = { clientId: `p-mi-${randomUUID().slice(0, 8)}`, clientSecret: `test-${randomUUID()}-${randomUUID()}`, department: "省统计局", scopes: ["person:read"] };
  const start = (port: number) => startAuth({
    store, port, issuer, keys, settings: { dataDir }, portals: [portal], partners: [partner], upstream: false, seedDemo: false,
    prefix: `${prefix}:auth`, auditStream: `${prefix}:audit`,
  });
  const hubs: RunningAuth[] = [];
  try {
    for (const port of ports) hubs.push(await start(port));
    await seedDemoAccounts(hubs[0]!.accounts, { writeFile: false });
  } catch (err) {
    await Promise.all(hubs.map((h) => h.close()));
    throw err;
  }
  return {
    urls: [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`],
    issuer,
    prefix,
    portal,
    partner,
    async close() {
      await Promise.all(hubs.map((h) => h.close()));
      const mine = await store.keys(`${prefix}:*`);
      for (let i = 0; i < mine.length; i += 500) await store.del(...mine.slice(i, i + 500));
    },
  };
}
