import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../lib/principal";
import { RedisStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { type RunningOneThing } from "../../subgraphs/one-thing/index";
import { SUBMIT, clerk, gql, peoplePicker, testSettings } from "../../subgraphs/one-thing/testing/harness";
import type { RecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { SiCardHarness } from "../support/si-card";
import { startAgencyStack, type AgencyStack } from "./support/agencies";
import { sharedTestStore } from "../support/store";
import { type OneThingStack, startOneThingStack } from "../support/one-thing-stack";

/**
 * One connection shape everywhere: every list pages with `edges { cursor node }` and `pageInfo`,
 * and offers `nodes` as the short way to the same items. Each edge's cursor continues right after
 * its item, and `pageInfo.endCursor` after the page.
 */
interface Page<T> { edges: { cursor: string; node: T }[]; nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

function expectOneShape<T>(page: Page<T>) {
  expect(page.nodes).toEqual(page.edges.map((e) => e.node));
  expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
}

describe("PersonConnection through the gateway", () => {
  const h = new SiCardHarness({ productionMs: 200 });
  beforeAll(async () => { await h.start(); });
  afterAll(async () => { await h.close(); });

  const PERSONS = `query($first: Int!, $after: String) { persons(first: $first, after: $after) {
    totalCount edges { cursor node { idNumber name } } nodes { idNumber name } pageInfo { hasNextPage endCursor } } }`;
  type Person = { idNumber: string; name: string };
  const persons = async (first: number, after?: string) =>
    (await h.query<{ persons: Page<Person> & { totalCount: number } }>(PERSONS, { first, after })).data!.persons;

  it("gives the same people as nodes and as edges, and every cursor continues after its person", async () => {
    const four = await persons(4);
    expect(four.nodes).toHaveLength(4);
    expect(four.nodes.every((p) => p.name)).toBe(true);
    expectOneShape(four);
    const afterSecond = await persons(2, four.edges[1]!.cursor);
    expect(afterSecond.nodes).toEqual(four.nodes.slice(2, 4));
    expectOneShape(afterSecond);
  });
});

describe("LaborFilingConnection through the gateway", () => {
  let stack: AgencyStack;
  let store: RedisStore;
  beforeAll(async () => {
    store = sharedTestStore();
    stack = await startAgencyStack(store, ["labor-relations"]);
  });
  afterAll(async () => { await stack?.close(); await store?.close(); });

  const PAGE = `query($cc: CreditCode!, $first: Int!, $after: String) { testEmployers(creditCodes: [$cc]) {
    filings(first: $first, after: $after) { edges { cursor node { filingNumber } } nodes { filingNumber } pageInfo { hasNextPage endCursor } } } }`;
  type Filing = { filingNumber: string };
  const page = async (cc: string, first: number, after?: string) =>
    (await stack.gql<{ testEmployers: { filings: Page<Filing> }[] }>(PAGE, { cc, first, after })).data!.testEmployers[0]!.filings;

  it("gives the same filings as nodes and as edges, and pages on from an edge's cursor", async () => {
    const cc = demoData().employers[4]!.creditCode;
    const first = await page(cc, 4);
    expect(first.nodes.length).toBeGreaterThanOrEqual(3);
    expectOneShape(first);
    const next = await page(cc, 2, first.edges[0]!.cursor);
    expect(next.nodes).toEqual(first.nodes.slice(1, 3));
  });
});

describe("ApplicationConnection", () => {
  const store = sharedTestStore();
  const settings = testSettings();
  const person = peoplePicker();
  let agencies: RecordingAgencies;
  let stack: OneThingStack | undefined;
  let oneThing: RunningOneThing;
  beforeAll(async () => {
    ({ agencies, oneThing } = stack = await startOneThingStack(store, settings));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const LIST = `query($first: Int, $after: String) { applications(first: $first, after: $after) {
    totalCount hasNextPage endCursor edges { cursor node { id } } nodes { id } pageInfo { hasNextPage endCursor } } }`;
  type Listed = Page<{ id: string }> & { totalCount: number; hasNextPage: boolean; endCursor: string | null };
  const list = async (principal: Principal, first: number, after?: string) => {
    const res = await gql<{ applications: Listed }>(oneThing.url, LIST, { first, after }, principal);
    expect(res.errors).toBeUndefined();
    return res.data!.applications;
  };

  it("pages with edges and pageInfo like every other list, nodes and the former top-level fields agreeing", async () => {
    const staff = clerk("省本级");
    for (let i = 0; i < 3; i++) {
      const p = person("GRADUATE", (x) => x.card.status === "NONE");
      const res = await gql(oneThing.url, SUBMIT, { input: { scenario: 10, idNumber: p.idNumber, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `conn-${settings.keyPrefix}-${i}` } }, staff);
      expect(res.errors).toBeUndefined();
    }
    const page = await list(staff, 3);
    expect(page.totalCount).toBe(3);
    expect(page.nodes).toHaveLength(3);
    expectOneShape(page);
    expect({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }).toEqual(page.pageInfo);
    const two = await list(staff, 2);
    expect(two.pageInfo.hasNextPage).toBe(true);
    const rest = await list(staff, 2, two.pageInfo.endCursor!);
    expect(rest.nodes).toEqual(page.nodes.slice(2));
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges[2]!.cursor });
    const fromEdge = await list(staff, 5, page.edges[0]!.cursor);
    expect(fromEdge.nodes).toEqual(page.nodes.slice(1));
  });
});
