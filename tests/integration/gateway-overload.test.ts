import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Query, Resolver } from "type-graphql";
import { startGateway, type RunningGateway } from "../../gateway";
import { MemoryStore } from "../../lib/store";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph";
import { asClerk, purpose } from "../support/principals";

// A subgraph whose answers wait until the test lets them go: requests stay in flight at the gateway.
let release: () => void = () => undefined;
let gate = Promise.resolve();
let arrived = 0;
let onArrival: () => void = () => undefined;

@Resolver()
class HoldResolver {
  @Query(() => String)
  async held(): Promise<string> {
    arrived++;
    onArrival();
    await gate;
    return "done";
  }
}

describe("the gateway under more requests than it takes", () => {
  const store = new MemoryStore();
  let subgraph: RunningSubgraph;
  let gateway: RunningGateway;
  let url = "";
  const ask = () => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...purpose }, body: JSON.stringify({ query: "{ held }" }) });

  beforeAll(async () => {
    subgraph = await serveSubgraph({ name: "hold", resolvers: [HoldResolver] }, 0);
    gateway = await startGateway({ port: 0, store, authenticate: asClerk, maxInFlight: 2, subgraphs: [{ name: "hold", url: `${subgraph.url}/graphql` }] });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    release();
    await gateway.close();
    await subgraph.close();
    await store.close();
  });

  it("sheds what is past its in-flight limit with 503 OVERLOADED and Retry-After, at once, and takes requests again as they finish", async () => {
    gate = new Promise<void>((r) => { release = r; });
    const bothArrived = new Promise<void>((r) => { onArrival = () => { if (arrived >= 2) r(); }; });
    const held = [ask(), ask()];
    await bothArrived; // two requests are at the subgraph, in flight at the gateway
    const shed = await ask();
    expect(shed.status).toBe(503);
    expect(shed.headers.get("retry-after")).toBe("1");
    const body = (await shed.json()) as { errors: { extensions: { code: string; retryAfterSeconds: number } }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: "OVERLOADED", retryAfterSeconds: 1 });
    expect(arrived).toBe(2); // the shed request reached nothing behind the gateway

    release();
    for (const r of await Promise.all(held)) {
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ data: { held: "done" } });
    }
    const after = await ask();
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ data: { held: "done" } });
    // health and metrics are never shed
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${gateway.url}/metrics`)).text()).toMatch(/kuaiban_rate_limit_refusals_total\{limit="in-flight"\} 1/);
  });
});
