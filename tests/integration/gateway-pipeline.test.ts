import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { recordsOf, subjectRef, verifyAudit } from "../../lib/audit";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCatalogue } from "../../subgraphs/catalogue";
import { codes, gql } from "../support/graphql";
import { sharedTestStore } from "../support/store";

describe("the gateway's request pipeline (on Redis)", () => {
  const store = sharedTestStore();
  const stream = `kb:audit`;
  let catalogue: RunningSubgraph;
  let gateway: RunningGateway;
  let url: string;
  const token = randomUUID();
  beforeAll(async () => {
    catalogue = await startCatalogue({ port: 0 });
    gateway = await startGateway({
      port: 0,
      store,
      subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }],
      limits: { maxDepth: 3, maxCost: 200 },
      // a limit small enough to reach in a test; the counter is per principal
      rateLimits: { anonymous: 1_000, citizen: 5, employer: 5, staff: 5, partner: 5 },
      authenticate: async (headers) => {
        if (headers.authorization === `Bearer ${token}`) return { kind: "citizen", subject: `citizen-${token}`, idNumber: "11010519491231002X" };
        if (headers.authorization) throw Object.assign(new Error("The access token is not valid"), { extensions: { code: "UNAUTHENTICATED" } });
        return undefined;
      },
    });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await gateway.close();
    await catalogue.close();
    await store.close();
  });

  it("refuses a query deeper than allowed before fetching anything", async () => {
    const before = catalogue.stats.requests;
    const r = await gql(url, "{ scenarios { items { statutoryLimit { alternatives { value } } } } }");
    expect(codes(r)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(r.status).toBe(400);
    expect(r.errors![0]!.extensions).toMatchObject({ depth: 5, maxDepth: 3 });
    expect(catalogue.stats.requests).toBe(before);
  });

  it("refuses a query costlier than allowed", async () => {
    const fields = Array.from({ length: 201 }, (_, i) => `a${i}: contactPoints { name }`).join(" ");
    expect(codes(await gql(url, `{ ${fields} }`))).toEqual(["QUERY_TOO_COMPLEX"]);
  });

  it("reports every variable that does not fit its type, with 400 and each one's code", async () => {
    const r = await gql(url, "query($d: Date!, $code: String!, $days: Int!) { addWorkingDays(date: $d, days: $days) serviceItem(code: $code) { name } }", { d: "2020-13-01", code: "2.4.2", days: "five" });
    expect(r.status).toBe(400);
    expect(codes(r).sort()).toEqual(["BAD_USER_INPUT", "INVALID_DATE"]);
  });

  it("refuses a bad credential with 401 UNAUTHENTICATED", async () => {
    const r = await gql(url, "{ contactPoints { name } }", undefined, { authorization: "Bearer forged" });
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
  });

  it("rate-limits a principal with 429 RATE_LIMITED and a retry time, counted in Redis", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await gql(url, "{ contactPoints { name } }", undefined, auth);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(codes(last!)).toEqual(["RATE_LIMITED"]);
    expect(last!.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await store.keys(`kb:rl:citizen*citizen-${token}`)).toHaveLength(1);
    // anonymous callers are counted separately and still get through
    expect((await gql(url, "{ contactPoints { name } }")).status).toBe(200);
  });

  it("audits every operation with pseudonymised subjects, in a chain that verifies", async () => {
    await gql(url, '{ serviceItem(code: "2.4.2") { name } ping: contactPoints { name } }', undefined, {});
    await gql(url, "query($id: String!) { serviceItem(code: $id) { name } }", { id: "11010519491231002X" });
    await gateway.audit.flush();
    const records = recordsOf(await store.xrange(stream)).filter((r) => r.chain === gateway.audit.chain);
    expect(verifyAudit(records).ok).toBe(true);
    const last = records.at(-1)!;
    // Subjects are the people a response contained, not the strings a request happened to carry.
    expect(last).toMatchObject({ action: "graphql.query", actor: "anonymous", outcome: "error", subjects: [] });
    expect(JSON.stringify(records)).not.toContain(subjectRef("11010519491231002X"));
    expect(JSON.stringify(records)).not.toContain("11010519491231002X");
    expect(records.filter((r) => r.outcome === "denied" && r.detail?.codes === "RATE_LIMITED" && r.actorKind === "citizen")).toHaveLength(2);
    // A bad credential is counted against its address, not written to the audit one record per try.
    expect(records.filter((r) => r.outcome === "denied" && r.detail?.codes === "UNAUTHENTICATED")).toHaveLength(0);
  });
});
