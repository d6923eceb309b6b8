import "reflect-metadata";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuth } from "../../auth";
import { loadHubKeys } from "../../auth/keys";
import { startGateway, type RunningGateway } from "../../gateway";
import { demoData } from "../../schema/demo";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { asClerk, purpose } from "../support/principals";
import { sharedTestStore } from "../support/store";

/** /health, /ready and /metrics as an operator's monitoring sees them, on the gateway, the agency subgraphs and the hub. */
describe("operations endpoints", () => {
  const store = sharedTestStore();
  let agencies: AllAgencies;
  let gateway: RunningGateway;
  let hub: Awaited<ReturnType<typeof startAuth>>;

  beforeAll(async () => {
    agencies = await startAllAgencies(store);
    gateway = await startGateway({ store, subgraphs: agencies.endpoints, authenticate: asClerk });
    const dataDir = mkdtempSync(join(tmpdir(), "kb-ops-"));
    hub = await startAuth({ store, port: 0, keys: loadHubKeys(dataDir), settings: { dataDir }, upstream: false, seedDemo: false, portals: [] });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await gateway?.close();
    await agencies?.close();
    await store.close();
  });

  it("answers /health and /ready on every component, naming each check", async () => {
    for (const base of [gateway.url, hub.url, ...Object.values(agencies.subgraphs).map((s) => s.url)]) {
      expect((await fetch(`${base}/health`)).status, base).toBe(200);
      const ready = await fetch(`${base}/ready`);
      const body = (await ready.json()) as { status: string; checks: { name: string; ok: boolean }[] };
      expect(ready.status, `${base} ${JSON.stringify(body)}`).toBe(200);
      expect(body.checks.find((c) => c.name === "store")).toMatchObject({ ok: true });
    }
    const gatewayChecks = ((await (await fetch(`${gateway.url}/ready`)).json()) as { checks: { name: string }[] }).checks.map((c) => c.name);
    expect(gatewayChecks).toEqual(["store", ...agencies.endpoints.map((e) => `subgraph ${e.name}`)]);
    const hubChecks = ((await (await fetch(`${hub.url}/ready`)).json()) as { checks: { name: string }[] }).checks.map((c) => c.name);
    expect(hubChecks).toEqual(["store", "signing keys"]);
  });

  it("counts operations, subgraph calls, legacy calls and cache lookups in Prometheus text", async () => {
    const person = demoData().people[3]!;
    const res = await fetch(`${gateway.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...purpose },
      body: JSON.stringify({ operationName: "OpsProbe", query: "query OpsProbe($id: IdNumber!) { person(idNumber: $id) { idNumber name employment { __typename } } }", variables: { id: person.idNumber } }),
    });
    expect(res.status).toBe(200);
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toContain("# TYPE kuaiban_graphql_operations_total counter");
    expect(text).toMatch(/kuaiban_graphql_operations_total\{operation="OpsProbe",type="query",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/kuaiban_graphql_operation_duration_seconds_count\{operation="OpsProbe",type="query"\} [1-9]/);
    expect(text).toMatch(/kuaiban_subgraph_calls_total\{subgraph="social-insurance",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/kuaiban_legacy_calls_total\{system="social-insurance",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/kuaiban_entity_cache_lookups_total\{system="[a-z-]+",result="(hit|miss)"\} [1-9]/);
    expect(text).toMatch(/kuaiban_http_requests_total\{component="gateway",route="\/graphql",status="2xx"\} [1-9]/);
    expect(text).toContain("# TYPE kuaiban_audit_appends_total counter");
    expect(text).toContain("# TYPE kuaiban_roster_lag gauge");
    expect(text).toContain("kuaiban_store_up 1");
    // a made-up operation name never becomes a label of its own beyond the bounded set
    expect(text).not.toMatch(/operation="[^"]*[^A-Za-z0-9_"][^"]*"/);
  });

  it("is not ready while a subgraph is down, and names it", async () => {
    const card = agencies.subgraphs.card;
    await card.close();
    const ready = await fetch(`${gateway.url}/ready`);
    const body = (await ready.json()) as { checks: { name: string; ok: boolean; reason?: string }[] };
    expect(ready.status).toBe(503);
    expect(body.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(["subgraph card"]);
  });
});
