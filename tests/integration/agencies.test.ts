import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { resetCounts, startAgencyStack, type AgencyName, type AgencyStack } from "./support/agencies";
import { sharedTestStore } from "../support/store";

/**
 * The employment, personnel and labour-relations subgraphs behind one gateway: batching of
 * entity fields, agreement of the three systems on the demo population, and faults that cost
 * only the failing system's fields.
 */
let stack: AgencyStack;
let store: RedisStore;
beforeAll(async () => {
  store = sharedTestStore();
  stack = await startAgencyStack(store);
});
afterAll(async () => {
  await stack?.close();
  await store?.close();
});

const { people, employers } = demoData();
const PEOPLE = `query($ids: [IdNumber!]!) { testPeople(idNumbers: $ids) {
  idNumber
  employment { registration { status employer { creditCode } since region } employmentCardNo hardToEmploy graduate }
  archive { keeper region receivedOn partyMember partyOrganization }
  laborFilings { employer { creditCode } contractType startDate endDate status filedAt terminatedOn }
} }`;

interface PersonAnswer {
  idNumber: string;
  employment: { registration: { status: string; employer: { creditCode: string } | null; since: string | null } } | null;
  archive: { keeper: string; region: string; partyMember: boolean } | null;
  laborFilings: { employer: { creditCode: string }; status: string; terminatedOn: string | null }[] | null;
}
type Answer = { data?: { testPeople: PersonAnswer[] }; errors?: { path?: (string | number)[]; extensions?: { code?: string } }[] };

const FIELD: Record<AgencyName, keyof PersonAnswer> = { employment: "employment", personnel: "archive", "labor-relations": "laborFilings" };
const BATCH_PATH: Record<AgencyName, string> = { employment: "/", personnel: "/rsda/api/dacx", "labor-relations": "/filings/lookup" };

describe("batching", () => {
  it("50 people: one request per subgraph and one batched call into each legacy system", async () => {
    const ids = people.slice(100, 150).map((p) => p.idNumber);
    resetCounts(stack);
    const r = (await stack.gql(PEOPLE, { ids })) as Answer;
    expect(r.errors).toBeUndefined();
    expect(r.data!.testPeople).toHaveLength(50);
    expect(stack.root.stats.requests).toBe(1);
    for (const name of ["employment", "personnel", "labor-relations"] as const) {
      expect(stack.subgraphs[name].stats.requests, name).toBe(1);
      expect(stack.legacy[name].stats.requests, name).toBe(1);
      expect(stack.legacy[name].stats.byPath[BATCH_PATH[name]], name).toBe(1);
    }
  });

  it("a second level (employers → their filings' and hires' people) costs one more request per subgraph, not one per item", async () => {
    const pis = employers.filter((e) => e.publicInstitution).map((e) => e.creditCode);
    resetCounts(stack);
    const r = await stack.gql<{ testEmployers: { hiringFilings: { person: { archive: unknown; employment: unknown } }[] }[] }>(
      `query($ccs: [CreditCode!]!) { testEmployers(creditCodes: $ccs) { creditCode hiringFilings { person { idNumber archive { keeper } employment { registration { status } } } } } }`,
      { ccs: pis },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.testEmployers.flatMap((e) => e.hiringFilings).length).toBeGreaterThan(10);
    // personnel resolves hiringFilings and the people's archives in one request: the same subgraph owns both levels
    expect(stack.subgraphs.personnel.stats.requests).toBe(1);
    expect(stack.subgraphs.employment.stats.requests).toBe(1);
    expect(stack.legacy.personnel.stats.byPath["/rsda/api/pybacx"]).toBe(1);
    expect(stack.legacy.personnel.stats.byPath["/rsda/api/dacx"]).toBe(1);
    expect(stack.legacy.employment.stats.requests).toBe(1);
  });
});

describe("the three systems agree on the demo population", () => {
  it("employed people are registered with, and filed by, their employer; unemployed people have a terminated filing before their registration", async () => {
    const sample = people.filter((p) => p.stage === "EMPLOYED" || p.stage === "UNEMPLOYED").slice(0, 120);
    const r = (await stack.gql(PEOPLE, { ids: sample.map((p) => p.idNumber) })) as Answer;
    expect(r.errors).toBeUndefined();
    r.data!.testPeople.forEach((answer, i) => {
      const p = sample[i]!;
      expect(answer.archive?.region).toBe(p.archiveRegion);
      expect(answer.archive?.partyMember).toBe(p.partyMember);
      if (p.stage === "EMPLOYED") {
        expect(answer.employment?.registration).toMatchObject({ status: "EMPLOYED", employer: { creditCode: p.employerCreditCode }, since: p.hiredOn });
        expect(answer.laborFilings?.filter((f) => f.status === "FILED").map((f) => f.employer.creditCode)).toEqual([p.employerCreditCode]);
      } else {
        expect(answer.employment?.registration.status).toBe("UNEMPLOYED");
        const terminated = answer.laborFilings?.find((f) => f.status === "TERMINATED");
        expect(terminated?.terminatedOn).toBeTruthy();
        expect(terminated!.terminatedOn! < answer.employment!.registration.since!).toBe(true);
        expect(answer.laborFilings?.some((f) => f.status === "FILED")).toBe(false);
      }
    });
  });
});

describe("faults", () => {
  // people every system knows (the employment system has no record of retirees)
  const ids = people.filter((p) => p.stage === "EMPLOYED" || p.stage === "UNEMPLOYED").slice(20, 25).map((p) => p.idNumber);

  function expectOnlyFieldFailed(r: Answer, failed: AgencyName) {
    expect(r.data!.testPeople).toHaveLength(ids.length);
    for (const [i, person] of r.data!.testPeople.entries()) {
      expect(person.idNumber).toBe(ids[i]);
      expect(person[FIELD[failed]]).toBeNull();
      for (const other of Object.keys(FIELD) as AgencyName[]) if (other !== failed) expect(person[FIELD[other]], other).not.toBeNull();
    }
    const errors = r.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(e.path?.[0]).toBe("testPeople");
      expect(e.path?.at(-1)).toBe(FIELD[failed]);
      // The stitched gateway currently drops the list index of errors from batched merges
      // (["testPeople", "archive"]); when it keeps it, it must point at one of the people.
      if (e.path?.length === 3) expect(ids.map((_, i) => i)).toContain(e.path[1]);
    }
  }

  for (const name of ["employment", "personnel", "labor-relations"] as const) {
    it(`${name} legacy stopped: the other systems' fields still come, its fields carry UPSTREAM_UNAVAILABLE`, async () => {
      await stack.stopLegacy(name);
      try {
        expectOnlyFieldFailed((await stack.gql(PEOPLE, { ids })) as Answer, name);
      } finally {
        await stack.restartLegacy(name);
      }
      const healthy = (await stack.gql(PEOPLE, { ids })) as Answer;
      expect(healthy.errors).toBeUndefined();
    });
  }

  for (const name of ["employment", "personnel", "labor-relations"] as const) {
    it(`${name} legacy slow (5 s): the answer comes within the 2 s timeout plus a margin`, async () => {
      stack.legacy[name].setDelay(5_000);
      try {
        const started = Date.now();
        const r = (await stack.gql(PEOPLE, { ids })) as Answer;
        const took = Date.now() - started;
        expectOnlyFieldFailed(r, name);
        expect(took).toBeLessThan(3_000);
        expect(took).toBeGreaterThanOrEqual(1_900);
      } finally {
        stack.legacy[name].setDelay(0);
      }
    });
  }
});
