import "reflect-metadata";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAuth, type PartnerClient } from "../../auth";
import { loadHubKeys } from "../../auth/keys";
import { startGateway, type RunningGateway } from "../../gateway";
import { log } from "../../lib/log";
import { RedisStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { asClerk, purpose } from "../support/principals";
import { ownRedis, type OwnRedis } from "../support/own-redis";

/**
 * The store goes away under a running gateway and five agency systems, then comes back: clients
 * get 503 STORE_UNAVAILABLE with Retry-After meanwhile (never a 500), the outage is logged once,
 * and everything answers again on its own, no process restarted. The test runs a Redis of its own,
 * since it stops it.
 */
let redis: OwnRedis | undefined;
const startRedis = async () => { if (redis) await redis.start(); else redis = await ownRedis(); };
const stopRedis = () => redis!.stop();

async function until200(ask: () => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await ask();
    if (res.status === 200 || Date.now() > deadline) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a store outage", () => {
  let store: RedisStore;
  let agencies: AllAgencies;
  let gateway: RunningGateway;
  const person = demoData().people[0]!;
  const query = { query: `query($id: IdNumber!) { person(idNumber: $id) { idNumber name socialInsurance { __typename } } }`, variables: { id: person.idNumber } };
  const ask = () => fetch(`${gateway.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...purpose }, body: JSON.stringify(query) });

  beforeAll(async () => {
    await startRedis();
    store = new RedisStore(redis!.url);
    agencies = await startAllAgencies(store);
    gateway = await startGateway({ store, subgraphs: agencies.endpoints, authenticate: asClerk });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await agencies?.close();
    await store?.close();
    if (redis?.running) await stopRedis();
  });

  it("answers 503 STORE_UNAVAILABLE with Retry-After while the store is down, logs it once, and recovers by itself", async () => {
    const before = await ask();
    expect(before.status).toBe(200);
    expect(((await before.json()) as { data: { person: { idNumber: string } } }).data.person.idNumber).toBe(person.idNumber);

    const errors = vi.spyOn(log, "error");
    const warnings = vi.spyOn(log, "warn");
    try {
      await stopRedis();
      for (let i = 0; i < 4; i++) {
        const res = await ask();
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        expect(res.status, JSON.stringify(body)).toBe(503);
        expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(body.errors?.map((e) => e.extensions?.code)).toContain("STORE_UNAVAILABLE");
        expect(JSON.stringify(body)).not.toContain("INTERNAL_SERVER_ERROR");
      }
      const outageLines = () => errors.mock.calls.filter((c) => String(c[1] ?? c[0]).includes("store unreachable"));
      expect(outageLines()).toHaveLength(1);
      // nothing else was logged as an error for these requests: no request bodies, no stack per request
      expect(errors.mock.calls.length).toBe(1);

      await startRedis();
      let after: Response | undefined;
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        after = await ask();
        if (after.status === 200) break;
        await after.arrayBuffer();
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(after!.status).toBe(200);
      expect(((await after!.json()) as { data: { person: { idNumber: string } } }).data.person.idNumber).toBe(person.idNumber);
      expect(warnings.mock.calls.filter((c) => String(c[1] ?? c[0]).includes("store reachable again"))).toHaveLength(1);
      expect(outageLines()).toHaveLength(1);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  }, 60_000);
});

describe("a store outage at the SSO hub", () => {
  let store: RedisStore;
  let hub: Awaited<ReturnType<typeof startAuth>>;
  const partner: PartnerClient = { clientId: "partner-outage", clientSecret: `secret-${"x".repeat(40)}`, department: "测试部门", scopes: ["person:read"] };
  const token = () => fetch(`${hub.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${partner.clientId}:${partner.clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "person:read" }).toString(),
  });
  const signIn = () => fetch(`${hub.url}/auth?${new URLSearchParams({ client_id: "portal-service-hall", response_type: "code", scope: "openid", redirect_uri: "http://127.0.0.1:9/callback", code_challenge: "x".repeat(43), code_challenge_method: "S256", state: "s" })}`, { redirect: "manual" });

  beforeAll(async () => {
    if (!redis?.running) await startRedis();
    store = new RedisStore(redis!.url);
    const dataDir = mkdtempSync(join(tmpdir(), "kb-outage-"));
    hub = await startAuth({
      store, port: 0, keys: loadHubKeys(dataDir), settings: { dataDir }, upstream: false, seedDemo: false, partners: [partner],
      portals: [{ clientId: "portal-service-hall", clientName: "网上服务大厅", url: "http://127.0.0.1:9", clientSecret: "portal-secret" }],
    });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await store?.close();
    if (redis?.running) await stopRedis();
  });

  it("answers sign-in and token requests with 503 and Retry-After while the store is down, and serves again when it is back", async () => {
    expect((await signIn()).status).toBe(303);
    const errors = vi.spyOn(log, "error");
    try {
      await stopRedis();
      const page = await signIn();
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await page.text()).toContain("STORE_UNAVAILABLE");
      const refused = await token();
      const body = (await refused.json()) as Record<string, string>;
      if (refused.status !== 200) {
        // issuing a partner token may need no store at all; when it does, it is the same 503
        expect(refused.status).toBe(503);
        expect(body).toMatchObject({ error: "temporarily_unavailable", code: "STORE_UNAVAILABLE" });
      }
      expect(errors.mock.calls.filter((c) => String(c[1] ?? c[0]).includes("hub server error"))).toHaveLength(0);
      await startRedis();
      expect((await until200(async () => {
        const r = await signIn();
        return r.status === 303 ? new Response(null, { status: 200 }) : r;
      })).status).toBe(200);
      expect((await until200(token)).status).toBe(200);
    } finally {
      errors.mockRestore();
    }
  }, 60_000);
});
