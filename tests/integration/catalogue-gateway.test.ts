import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCatalogue } from "../../subgraphs/catalogue";
import { PRINCIPAL_HEADER, signPrincipal } from "../../lib/principal";
import { codes, gql } from "../support/graphql";

describe("the catalogue through the gateway", () => {
  let catalogue: RunningSubgraph;
  let gateway: RunningGateway;
  let url: string;
  beforeAll(async () => {
    catalogue = await startCatalogue({ port: 0 });
    gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await gateway.close();
    await catalogue.close();
  });

  it("answers exactly what the subgraph answers directly", async () => {
    const query = "{ serviceItems { code name area agency statutoryLimit { text value unit condition alternatives { value unit condition } } acceleratedLimit { value unit } } scenarios { seq name agencies items { code name } remarks { text rule } } contactPoints { name level } }";
    const direct = await gql(`${catalogue.url}/graphql`, query, undefined, { [PRINCIPAL_HEADER]: signPrincipal(undefined, { audience: "catalogue", requestId: "test" }) });
    const through = await gql(url, query);
    expect(through.errors).toBeUndefined();
    expect(through.data).toEqual(direct.data);
    expect((through.data as { serviceItems: unknown[] }).serviceItems).toHaveLength(66);
  });

  it("serves one item with both limits and the public names", async () => {
    const r = await gql<{ serviceItem: Record<string, unknown> }>(url, '{ serviceItem(code: "1.10.1") { code name area agency acceleratedLimit { text value unit condition alternatives { value unit condition } } } }');
    expect(r.data!.serviceItem).toMatchObject({ code: "1.10.1", name: "社会保障卡申领", area: "SOCIAL_INSURANCE", agency: "CARD" });
    expect((r.data!.serviceItem.acceleratedLimit as { unit: string }).unit).toBe("INSTANT");
    const missing = await gql(url, '{ serviceItem(code: "9.9.9") { code } }');
    expect(codes(missing)).toEqual(["NOT_FOUND"]);
  });

  it("computes working days and deadlines", async () => {
    const r = await gql<{ a: string; b: string; d: string; none: string | null }>(url, `{
      a: addWorkingDays(date: "2020-09-25", days: 5)
      b: addWorkingDays(date: "2020-09-25", days: 6)
      d: deadline(itemCode: "2.4.2", acceptedAt: "2020-09-25T10:00:00+08:00")
      none: deadline(itemCode: "1.1.5", acceptedAt: "2020-09-25T10:00:00+08:00")
    }`);
    expect(r.data).toEqual({ a: "2020-10-09", b: "2020-10-10", d: "2020-10-09T23:59:59.999+08:00", none: null });
  });

  it("refuses bad input with stable codes", async () => {
    expect(codes(await gql(url, '{ addWorkingDays(date: "2020-02-31", days: 1) }'))).toEqual(["INVALID_DATE"]);
    expect(codes(await gql(url, "query($d: Date!) { addWorkingDays(date: $d, days: 1) }", { d: "25/09/2020" }))).toEqual(["INVALID_DATE"]);
    expect(codes(await gql(url, '{ addWorkingDays(date: "2099-03-02", days: 1) }'))).toEqual(["CALENDAR_YEAR_UNKNOWN"]);
    expect(codes(await gql(url, '{ deadline(itemCode: "2.4.2", acceptedAt: "yesterday") }'))).toEqual(["INVALID_DATE"]);
  });

  it("needs no credential and has a health endpoint", async () => {
    const health = await fetch(`${gateway.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
  });
});

describe("a subgraph that is down", () => {
  it("costs only its fields: UPSTREAM_UNAVAILABLE on their path", async () => {
    const catalogue = await startCatalogue({ port: 0 });
    const gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
    await catalogue.close();
    const r = await gql(`${gateway.url}/graphql`, "{ contactPoints { name } }");
    expect(r.errors?.[0]).toMatchObject({ path: ["contactPoints"], extensions: { code: "UPSTREAM_UNAVAILABLE", system: "catalogue" } });
    expect(JSON.stringify(r)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    await gateway.close();
  });

  it("does not stop the gateway from starting: it uses the emitted SDL", async () => {
    const gateway = await startGateway({ port: 0, sdlWaitMs: 200, subgraphs: [{ name: "catalogue", url: "http://127.0.0.1:1/graphql" }] });
    const r = await gql(`${gateway.url}/graphql`, "{ scenarios { seq } }");
    expect(codes(r)).toEqual(["UPSTREAM_UNAVAILABLE"]);
    await gateway.close();
  });
});
