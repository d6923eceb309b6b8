import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { Arg, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import { startGateway, type RunningGateway } from "../../gateway";
import { defaultLimits } from "../../gateway/limits";
import { serveSubgraph, type RunningSubgraph, type SubgraphContext } from "../../lib/subgraph";
import type { Principal } from "../../lib/principal";
import { recordsOf, subjectRef } from "../../lib/audit";
import { MemoryStore, type Store } from "../../lib/store";

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

  // Events that name a person, as an application's progress names its applicant.
  @Subscription(() => String, {
    subscribe: async function* ({ args }: { args: { idNumber: string } }) {
      for (let n = 0; n < 2; n++) {
        await new Promise((r) => setTimeout(r, 10));
        yield args.idNumber;
      }
    },
  })
  watch(@Root() id: string, @Arg("idNumber", () => String) _idNumber: string): string {
    return id;
  }
}

const someone = "11010519491231002X";

describe("subscriptions through the gateway", () => {
  let sub: RunningSubgraph;
  let gateway: RunningGateway;
  let failing: RunningGateway;
  const store = new MemoryStore();
  // A store whose audit writes fail, as Redis refusing writes would: everything else works.
  const refusingAudit = new Proxy(new MemoryStore(), {
    get: (target, prop) => (prop === "atomic" || prop === "xadd" ? async () => { throw new Error("OOM command not allowed"); } : Reflect.get(target, prop, target)),
  }) as Store;
  const staff: Principal = { kind: "staff", subject: "clerk-7", roles: ["clerk"], agency: "employment", region: "太原市" };
  beforeAll(async () => {
    sub = await serveSubgraph({ name: "countdown", resolvers: [CountdownResolver] }, 0);
    const authenticate = async (headers: Record<string, string | string[] | undefined>) => {
      if (headers.authorization === "Bearer good") return staff;
      if (headers.authorization === "Bearer other") return { ...staff, subject: "clerk-8" };
      if (headers.authorization) throw new Error("bad credential");
      return undefined;
    };
    const subgraphs = [{ name: "countdown", url: `${sub.url}/graphql` }];
    const rateLimits = { anonymous: 100, citizen: 100, employer: 100, staff: 100, partner: 100 };
    gateway = await startGateway({ port: 0, store, subgraphs, authenticate, rateLimits: { ...rateLimits, staff: 6 }, limits: { ...defaultLimits, maxTokens: 40 } });
    failing = await startGateway({ port: 0, store: refusingAudit, subgraphs, authenticate, rateLimits });
  });
  afterAll(async () => {
    await gateway.close();
    await failing.close();
    await sub.close();
  });

  const collect = (connectionParams: Record<string, string>, query = "subscription { countdown(from: 3) }", target = () => gateway) =>
    new Promise<string[]>((resolve, reject) => {
      const client = createClient({ url: `${target().url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
      const got: string[] = [];
      client.subscribe<Record<string, string>>(
        { query },
        {
          next: (v) => got.push(v.errors ? `error:${(v.errors[0] as { extensions?: { code?: string } }).extensions?.code}` : Object.values(v.data!)[0]!),
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

  it("audits each event that names a person, under her pseudonym", async () => {
    expect(await collect({ Authorization: "Bearer other" }, `subscription { watch(idNumber: "${someone}") }`)).toEqual([someone, someone]);
    await gateway.audit.flush();
    const records = recordsOf(await store.xrange("kb:audit")).filter((r) => r.action === "graphql.subscription" && r.actor === "clerk-8");
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.subjects?.includes(subjectRef(someone)))).toBe(true);
  });

  it("withholds an event that names a person when its audit record cannot be written", async () => {
    expect(await collect({ Authorization: "Bearer good" }, `subscription { watch(idNumber: "${someone}") }`, () => failing)).toEqual(["error:AUDIT_UNAVAILABLE", "error:AUDIT_UNAVAILABLE"]);
  });

  it("applies the query limits to a subscription before it starts", async () => {
    const long = `subscription { countdown(from: 3) ${Array.from({ length: 30 }, () => "__typename").join(" ")} }`;
    await expect(collect({ Authorization: "Bearer good" }, long)).rejects.toMatchObject([{ extensions: { code: "QUERY_TOO_COMPLEX" } }]);
  });

  it("counts each subscription against the caller's rate", async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => collect({ Authorization: "Bearer good" }, "subscription { countdown(from: 1) }")));
    const refused = outcomes.filter((o) => o.status === "rejected").map((o) => ((o as PromiseRejectedResult).reason as { extensions?: { code?: string } }[])[0]?.extensions?.code);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c === "RATE_LIMITED")).toBe(true);
  });
});
