import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { Arg, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import { startGateway, type RunningGateway } from "../../gateway";
import { serveSubgraph, type RunningSubgraph, type SubgraphContext } from "../../lib/subgraph";
import type { Principal } from "../../lib/principal";

// A subgraph with a subscription that reports who asked, so the test sees the principal arrive.
@Resolver()
class CountdownResolver {
  @Query(() => String)
  ping(): string {
    return "pong";
  }

  @Subscription(() => String, {
    subscribe: async function* ({ args, context }: { args: { from: number }; context: SubgraphContext }) {
      for (let n = args.from; n > 0; n--) {
        await new Promise((r) => setTimeout(r, 20));
        yield `${n}:${context.principal?.subject ?? "anonymous"}`;
      }
    },
  })
  countdown(@Root() tick: string, @Arg("from", () => Int) _from: number, @Ctx() _ctx: SubgraphContext): string {
    return tick;
  }
}

describe("subscriptions through the gateway", () => {
  let sub: RunningSubgraph;
  let gateway: RunningGateway;
  const staff: Principal = { kind: "staff", subject: "clerk-7", roles: ["clerk"], agency: "employment", region: "太原市" };
  beforeAll(async () => {
    sub = await serveSubgraph({ name: "countdown", resolvers: [CountdownResolver] }, 0);
    gateway = await startGateway({
      port: 0,
      subgraphs: [{ name: "countdown", url: `${sub.url}/graphql` }],
      authenticate: async (headers) => {
        if (headers.authorization === "Bearer good") return staff;
        if (headers.authorization) throw new Error("bad credential");
        return undefined;
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await sub.close();
  });

  const collect = (connectionParams: Record<string, string>) =>
    new Promise<string[]>((resolve, reject) => {
      const client = createClient({ url: `${gateway.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
      const got: string[] = [];
      client.subscribe<{ countdown: string }>(
        { query: "subscription { countdown(from: 3) }" },
        {
          next: (v) => got.push(v.data!.countdown),
          error: (e) => { void client.dispose(); reject(e); },
          complete: () => { void client.dispose(); resolve(got); },
        },
      );
    });

  it("streams every event from the subgraph over graphql-ws, with the caller's principal", async () => {
    expect(await collect({ Authorization: "Bearer good" })).toEqual(["3:clerk-7", "2:clerk-7", "1:clerk-7"]);
  });

  it("refuses a connection whose credential is bad", async () => {
    // graphql-ws closes with 4403 (Forbidden) when onConnect refuses
    await expect(collect({ Authorization: "Bearer forged" })).rejects.toMatchObject({ code: 4403 });
  });
});
