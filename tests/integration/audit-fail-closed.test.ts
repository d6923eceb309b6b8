import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { MemoryStore, RedisStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { startCatalogue } from "../../subgraphs/catalogue";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { as, fromTestHeader } from "../support/principals";
import { codes, gql } from "../support/graphql";
import { ownRedis, type OwnRedis } from "../support/own-redis";

/**
 * With the audit's store refusing writes (a Redis of this test's own at maxmemory with
 * noeviction), a read of personal data is refused with AUDIT_UNAVAILABLE and none of the data,
 * while the public catalogue still answers.
 */
const her = demoData().people.find((p) => p.stage === "EMPLOYED")!;

describe("the audit fails closed", () => {
  let redis: OwnRedis;
  let store: RedisStore;
  let agencies: AllAgencies;
  let catalogue: RunningSubgraph;
  let gateway: RunningGateway;
  const agencyStore = new MemoryStore();
  beforeAll(async () => {
    redis = await ownRedis();
    store = new RedisStore(redis.url);
    agencies = await startAllAgencies(agencyStore);
    catalogue = await startCatalogue({ port: 0 });
    gateway = await startGateway({ port: 0, store, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }, ...agencies.endpoints], authenticate: fromTestHeader, cacheTtlMs: 0 });
  });
  afterAll(async () => {
    await gateway.close().catch(() => undefined);
    await catalogue.close();
    await agencies.close();
    await store.close().catch(() => undefined);
    await redis.stop();
  });

  it("serves no personal data when the record cannot be written, and the catalogue still answers", async () => {
    const url = `${gateway.url}/graphql`;
    const citizen = as({ kind: "citizen", subject: "c-audit", idNumber: her.idNumber });
    const q = `query($id: IdNumber!) { person(idNumber: $id) { name idNumber } }`;
    const ok = await gql<{ person: { name: string } }>(url, q, { id: her.idNumber }, citizen);
    expect(ok.data?.person.name).toBe(her.name);
    const client = store.redis;
    await client.config("SET", "maxmemory-policy", "noeviction");
    await client.config("SET", "maxmemory", "1");
    const refused = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...citizen }, body: JSON.stringify({ query: q, variables: { id: her.idNumber } }) });
    const body = await refused.text();
    expect(refused.status).toBe(503);
    expect(codes(JSON.parse(body))).toEqual(["AUDIT_UNAVAILABLE"]);
    expect(body).not.toContain(her.name);
    expect(body).not.toContain(her.idNumber);
    const catalogueAnswer = await gql<{ serviceItem: { name: string } }>(url, `{ serviceItem(code: "2.4.2") { name } }`);
    expect(catalogueAnswer.data?.serviceItem.name).toBeTruthy();
    await client.config("SET", "maxmemory", "0");
    const again = await gql<{ person: { name: string } }>(url, q, { id: her.idNumber }, citizen);
    expect(again.data?.person.name).toBe(her.name);
  });
});
