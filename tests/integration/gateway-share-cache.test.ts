import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Arg, Directive, Field, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { startGateway, type RunningGateway } from "../../gateway";
import { ErrorCode, KuaibanError } from "../../lib/errors";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph";
import { IdNumberScalar } from "../../schema/scalars/graphql";
import { demoData } from "../../schema/demo";
import { gql } from "../support/graphql";
import { asClerk, purpose } from "../support/principals";
import { sharedTestStore } from "../support/store";

// Two small subgraphs: one owns the list, the other knows each person's status, as an agency does.
@Directive('@key(fields: "idNumber")')
@ObjectType("Person")
class RootPerson {
  @Field(() => IdNumberScalar) idNumber!: string;
}

@Resolver()
class RootResolver {
  @Query(() => [RootPerson])
  people(@Arg("ids", () => [IdNumberScalar]) ids: string[]): RootPerson[] {
    return ids.map((idNumber) => ({ idNumber }));
  }
}

const statuses = new Map<string, string>();
const broken = new Set<string>();
let loads = 0;

@Directive('@key(fields: "idNumber")')
@ObjectType("Person")
class AgencyPerson {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => String, { nullable: true }) status!: string | null;
}

@Resolver()
class AgencyResolver {
  @Query(() => String) agencyPing(): string { return "ok"; }
  @Mutation(() => Boolean)
  setStatus(@Arg("idNumber", () => IdNumberScalar) idNumber: string, @Arg("status", () => String) status: string): boolean {
    statuses.set(idNumber, status);
    return true;
  }
}

// async, as a DataLoader-backed adapter is: one failed entity rejects alone, the others still resolve
const agencyReference = async (rep: Record<string, unknown>) => {
  loads++;
  const idNumber = String(rep.idNumber);
  if (broken.has(idNumber)) throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, "agency down for this one");
  return { idNumber, status: statuses.get(idNumber) ?? null };
};

describe("the data-sharing cache of entity lookups", () => {
  const store = sharedTestStore();
  const ids = demoData().people.slice(0, 6).map((p) => p.idNumber);
  let root: RunningSubgraph;
  let agency: RunningSubgraph;
  let gateway: RunningGateway;
  let url: string;
  const query = "query($ids: [IdNumber!]!) { people(ids: $ids) { idNumber status } }";
  const statusesOf = async (list: string[]) =>
    ((await gql<{ people: { status: string | null }[] }>(url, query, { ids: list }, purpose)).data!.people).map((p) => p.status);

  beforeAll(async () => {
    root = await serveSubgraph({ name: "roots", resolvers: [RootResolver], orphanedTypes: [RootPerson] }, 0);
    agency = await serveSubgraph({ name: "agency", resolvers: [AgencyResolver], orphanedTypes: [AgencyPerson], references: { Person: agencyReference } }, 0);
    gateway = await startGateway({
      port: 0,
      store,
      authenticate: asClerk,
      cacheTtlMs: 60_000,
      subgraphs: [
        { name: "roots", url: `${root.url}/graphql` },
        { name: "agency", url: `${agency.url}/graphql`, cache: true },
      ],
    });
    url = `${gateway.url}/graphql`;
  });
  beforeEach(async () => {
    // only this test's entries (system "agency"): other tests and systems share the Redis and its cache
    const keys = await store.keys("kb:share:*}:agency:*");
    await store.del(...keys);
    ids.forEach((id, i) => statuses.set(id, `s${i}`));
    broken.clear();
    loads = 0;
  });
  afterAll(async () => {
    await gateway.close();
    await root.close();
    await agency.close();
    await store.close();
  });

  it("answers a repeated lookup from the cache and asks only for the entities it lacks, in order", async () => {
    expect(await statusesOf(ids.slice(0, 3))).toEqual(["s0", "s1", "s2"]);
    const requests = agency.stats.requests;
    expect(await statusesOf(ids.slice(0, 3))).toEqual(["s0", "s1", "s2"]);
    expect(agency.stats.requests).toBe(requests); // all from the cache
    expect(await statusesOf([ids[4]!, ids[1]!, ids[5]!, ids[0]!])).toEqual(["s4", "s1", "s5", "s0"]);
    expect(agency.stats.requests).toBe(requests + 1);
    expect(loads).toBe(5); // 3 first, then only the 2 new ones
  });

  it("drops a person's entries when a mutation through the gateway names them", async () => {
    await statusesOf(ids.slice(0, 2));
    await gql(url, "mutation($id: IdNumber!) { setStatus(idNumber: $id, status: \"hired\") }", { id: ids[0] }, purpose);
    expect(await statusesOf(ids.slice(0, 2))).toEqual(["hired", "s1"]);
  });

  it("drops a person's entries when a roster event says they changed", async () => {
    await statusesOf(ids.slice(0, 2));
    statuses.set(ids[1]!, "changed elsewhere");
    expect(await statusesOf(ids.slice(0, 2))).toEqual(["s0", "s1"]); // still cached
    await store.xadd("kb:roster", { type: "ITEM_COMPLETED", itemCode: "1.1.5", idNumber: ids[1]!, applicationId: randomUUID() });
    await expect.poll(() => statusesOf(ids.slice(0, 2)), { timeout: 3_000 }).toEqual(["s0", "changed elsewhere"]);
  });

  it("never caches a failed lookup and keeps its error on the right path", async () => {
    broken.add(ids[1]!);
    const r = await gql<{ people: { status: string | null }[] }>(url, query, { ids: ids.slice(0, 3) }, purpose);
    expect(r.data!.people.map((p) => p.status)).toEqual(["s0", null, "s2"]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0]).toMatchObject({ path: ["people", 1, "status"], extensions: { code: "UPSTREAM_UNAVAILABLE" } });
    broken.clear();
    // the two good ones come from the cache; the failed one is asked for again, and its error is gone
    const again = await gql<{ people: { status: string | null }[] }>(url, query, { ids: [ids[2]!, ids[1]!] }, purpose);
    expect(again.data!.people.map((p) => p.status)).toEqual(["s2", "s1"]);
    expect(again.errors).toBeUndefined();
  });
});
