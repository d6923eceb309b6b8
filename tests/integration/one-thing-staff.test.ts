import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionCovers } from "../../lib/access/scopes";
import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { PRINCIPAL_HEADER, signPrincipal, systemPrincipal, type Principal } from "../../lib/principal";
import { demoData, type DemoPerson } from "../../schema/demo";
import { type RunningOneThing, startOneThing } from "../../subgraphs/one-thing/index";
import { APPLICATION, SUBMIT, clerk, gql, testSettings } from "../../subgraphs/one-thing/testing/harness";
import { type RecordingAgencies, startRecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { sharedTestStore } from "../support/store";

// Which staff see which applications: a clerk her region's (a city with its districts and
// counties), an operator those of her region with a step at her agency, the figures-only roles
// (supervisor, auditor, admin) none — only the statistics.

const store = sharedTestStore();
const settings = testSettings({ verificationShare: 1 });
let agencies: RecordingAgencies;
let oneThing: RunningOneThing;

const staff = (roles: string[], region: string, agency = "window"): Principal => ({ kind: "staff", subject: `${roles.join("+")}-${agency}-${region}`, roles, agency, region });
const operator = (agency: string, region: string) => staff(["operator"], region, agency);
const call = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, principal?: Principal) => gql<T>(oneThing.url, query, variables, principal);
/** A caller without a credential, as the gateway forwards one: signed, with no principal. */
async function anonymous<T>(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(oneThing.url, {
    method: "POST",
    headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(undefined, { audience: "one-thing", requestId: randomUUID() }) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}
const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

const LIST = /* GraphQL */ `
  query List($region: String, $status: ApplicationStatus, $first: Int, $after: String, $idNumber: IdNumber) {
    applications(region: $region, status: $status, first: $first, after: $after, idNumber: $idNumber) { totalCount hasNextPage endCursor nodes { id region } }
  }`;
type Page = { applications: { totalCount: number; hasNextPage: boolean; endCursor: string | null; nodes: { id: string; region: string }[] } };
const idsSeen = async (principal: Principal, variables: Record<string, unknown> = {}) => {
  const res = await call<Page>(LIST, { first: 100, ...variables }, principal);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.applications.nodes.map((n) => n.id);
};

// Citizens apply for themselves: each application is filed under the region of her ID number.
const used = new Set<string>();
const personIn = (region: string, stage: DemoPerson["stage"]) => {
  const p = demoData().people.find((x) => !used.has(x.idNumber) && x.region === region && x.stage === stage)!;
  used.add(p.idNumber);
  return p;
};
const yingze = personIn("迎泽区", "EMPLOYED");
const yingzeJobless = personIn("迎泽区", "EMPLOYED");
const taiyuan = personIn("太原市", "EMPLOYED");
const datong = personIn("大同市", "EMPLOYED");
const datongJobless = personIn("大同市", "EMPLOYED");

async function apply(p: DemoPerson, scenario: 3 | 10): Promise<string> {
  const citizen: Principal = { kind: "citizen", subject: `c-${p.idNumber.slice(-4)}`, idNumber: p.idNumber };
  // 失业 with a commitment instead of the termination certificate: a verification task for the region
  const input = scenario === 10
    ? { scenario, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `staff-${p.idNumber}-10` }
    : { scenario, materials: ["ID_CARD", "PHOTO", "BANK_ACCOUNT"], commitments: [{ material: "TERMINATION_CERTIFICATE", statement: "已与原单位解除劳动合同" }], idempotencyKey: `staff-${p.idNumber}-3` };
  const res = await call<{ submitApplication: { id: string; region: string } }>(SUBMIT, { input }, citizen);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data!.submitApplication.region).toBe(p.region);
  await new Promise((r) => setTimeout(r, 5)); // the next one is strictly newer
  return res.data!.submitApplication.id;
}

const app: Record<"yingzeCard" | "yingzeJobless" | "taiyuanCard" | "datongCard" | "datongJobless", string> = {} as never;

beforeAll(async () => {
  agencies = await startRecordingAgencies({ delayMs: 2 });
  oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings });
  // one after another, so that their order in the lists is known (newest first)
  app.yingzeCard = await apply(yingze, 10);
  app.yingzeJobless = await apply(yingzeJobless, 3);
  app.taiyuanCard = await apply(taiyuan, 10);
  app.datongCard = await apply(datong, 10);
  app.datongJobless = await apply(datongJobless, 3);
  for (const id of Object.values(app)) await oneThing.engine.settled(id);
});

afterAll(async () => {
  await oneThing?.close();
  await agencies?.close();
  const keys = await store.keys(`${settings.keyPrefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.del(settings.rosterStream!);
  await store.close();
});

describe("a clerk sees the applications of her region", () => {
  it("a 太原市 clerk sees those placed in 迎泽区 and in 太原市, not one in 大同市", async () => {
    const seen = await idsSeen(clerk("太原市"));
    expect(seen).toEqual([app.taiyuanCard, app.yingzeJobless, app.yingzeCard]);
    expect((await call<{ application: { id: string } }>(APPLICATION, { id: app.yingzeCard }, clerk("太原市"))).data!.application.id).toBe(app.yingzeCard);
    expect(code(await call(APPLICATION, { id: app.datongCard }, clerk("太原市")))).toBe("FORBIDDEN");
    // her districts by name, not another city
    expect(await idsSeen(clerk("太原市"), { region: "迎泽区" })).toEqual([app.yingzeJobless, app.yingzeCard]);
    expect(code(await call(LIST, { region: "大同市" }, clerk("太原市")))).toBe("FORBIDDEN");
  });

  it("a district's clerk does not see her city's own applications; 省本级 sees the province", async () => {
    expect(await idsSeen(clerk("迎泽区"))).toEqual([app.yingzeJobless, app.yingzeCard]);
    expect(code(await call(APPLICATION, { id: app.taiyuanCard }, clerk("迎泽区")))).toBe("FORBIDDEN");
    expect(code(await call(LIST, { region: "太原市" }, clerk("迎泽区")))).toBe("FORBIDDEN");
    const province = await idsSeen(clerk("省本级"));
    for (const id of Object.values(app)) expect(province).toContain(id);
  });

  it("pages through a city and its counties newest first, with a total over both", async () => {
    const first = await call<Page>(LIST, { first: 2 }, clerk("太原市"));
    expect(first.data!.applications).toMatchObject({ totalCount: 3, hasNextPage: true });
    expect(first.data!.applications.nodes.map((n) => n.id)).toEqual([app.taiyuanCard, app.yingzeJobless]);
    const second = await call<Page>(LIST, { first: 2, after: first.data!.applications.endCursor }, clerk("太原市"));
    expect(second.data!.applications).toMatchObject({ totalCount: 3, hasNextPage: false });
    expect(second.data!.applications.nodes.map((n) => n.id)).toEqual([app.yingzeCard]);
    const completed = await call<Page>(LIST, { status: "COMPLETED", first: 100 }, clerk("太原市"));
    expect(completed.data!.applications.nodes.every((n) => regionCovers("太原市", n.region))).toBe(true);
    expect(completed.data!.applications.totalCount).toBe(3);
  });

  it("a person's applications by ID number: only those of her region", async () => {
    expect(await idsSeen(clerk("太原市"), { idNumber: yingze.idNumber })).toEqual([app.yingzeCard]);
    expect(await idsSeen(clerk("大同市"), { idNumber: yingze.idNumber })).toEqual([]);
  });
});

describe("an operator sees the applications of her region in which her agency has a step", () => {
  it("a social-insurance operator sees 失业 (benefit steps), not a card application", async () => {
    const si = operator("social-insurance", "太原市");
    expect(await idsSeen(si)).toEqual([app.yingzeJobless]);
    expect((await call<{ application: { id: string } }>(APPLICATION, { id: app.yingzeJobless }, si)).data!.application.id).toBe(app.yingzeJobless);
    expect(code(await call(APPLICATION, { id: app.yingzeCard }, si))).toBe("FORBIDDEN");
    // nor another region's, though it has her agency's steps
    expect(code(await call(APPLICATION, { id: app.datongJobless }, si))).toBe("FORBIDDEN");
    expect(await idsSeen(operator("social-insurance", "大同市"))).toEqual([app.datongJobless]);
  });

  it("a card operator sees the card applications, not 失业", async () => {
    const card = operator("card", "太原市");
    expect(await idsSeen(card)).toEqual([app.taiyuanCard, app.yingzeCard]);
    expect(code(await call(APPLICATION, { id: app.yingzeJobless }, card))).toBe("FORBIDDEN");
    expect(await idsSeen(operator("personnel", "省本级"))).toEqual([]);
  });

  it("commitments to verify follow the same rule", async () => {
    const TASKS = `query T($region: String) { verificationTasks(region: $region) { applicationId region statement } }`;
    const tasksOf = async (p: Principal, region?: string) => {
      const res = await call<{ verificationTasks: { applicationId: string }[] }>(TASKS, region ? { region } : {}, p);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data!.verificationTasks.map((t) => t.applicationId);
    };
    expect(await tasksOf(clerk("太原市"))).toEqual([app.yingzeJobless]);
    expect(await tasksOf(clerk("太原市"), "迎泽区")).toEqual([app.yingzeJobless]);
    expect(code(await call(TASKS, { region: "大同市" }, clerk("太原市")))).toBe("FORBIDDEN");
    expect(await tasksOf(clerk("大同市"))).toEqual([app.datongJobless]);
    expect(await tasksOf(operator("social-insurance", "太原市"))).toEqual([app.yingzeJobless]);
    expect(await tasksOf(operator("card", "太原市"))).toEqual([]);
    const province = await tasksOf(clerk("省本级"));
    expect(province).toEqual(expect.arrayContaining([app.yingzeJobless, app.datongJobless]));

    const RECORD = `mutation R($taskId: ID!) { recordVerification(taskId: $taskId, outcome: CONFIRMED) { status } }`;
    const taskId = `${app.datongJobless}.vt.TERMINATION_CERTIFICATE`;
    expect(code(await call(RECORD, { taskId }, clerk("太原市")))).toBe("FORBIDDEN");
    expect(code(await call(RECORD, { taskId }, operator("card", "大同市")))).toBe("FORBIDDEN");
    expect(code(await call(RECORD, { taskId }, staff(["supervisor"], "省本级")))).toBe("FORBIDDEN");
    expect((await call<{ recordVerification: { status: string } }>(RECORD, { taskId }, operator("social-insurance", "大同市"))).data!.recordVerification.status).toBe("CONFIRMED");
  });
});

describe("supervisor, auditor and admin see figures, not applications", () => {
  const roles = ["supervisor", "auditor", "admin"].map((r) => staff([r], "省本级", "hrss"));

  it("FORBIDDEN for the list, one application, its tasks, a person's record and a person's applications", async () => {
    for (const p of roles) {
      expect(code(await call(LIST, {}, p)), p.subject).toBe("FORBIDDEN");
      expect(code(await call(APPLICATION, { id: app.yingzeCard }, p)), p.subject).toBe("FORBIDDEN");
      // not even whether an application exists
      expect(code(await call(APPLICATION, { id: "ot-does-not-exist" }, p)), p.subject).toBe("FORBIDDEN");
      expect(code(await call(`{ verificationTasks { id } }`, {}, p)), p.subject).toBe("FORBIDDEN");
      expect(code(await call(`query R($id: IdNumber) { applicantRecord(idNumber: $id) { applicationId } }`, { id: yingzeJobless.idNumber }, p)), p.subject).toBe("FORBIDDEN");
      const person = await call<{ _entities: unknown[] }>(`query E($r: [_Any!]!) { _entities(representations: $r) { ... on Person { applications { id } } } }`, { r: [{ __typename: "Person", idNumber: yingze.idNumber }] }, p);
      expect(code(person), p.subject).toBe("FORBIDDEN");
      expect(JSON.stringify(person.data ?? null)).not.toContain(app.yingzeCard);
    }
  });

  it("the supervisor (and every staff role) gets oneThingStats; a citizen does not, nor anyone without a credential", async () => {
    const STATS = `query S($region: String) { oneThingStats(region: $region) { bundlesHandled byScenario { scenario bundlesHandled } } }`;
    for (const p of [...roles, operator("card", "大同市")]) {
      const res = await call<{ oneThingStats: { bundlesHandled: number; byScenario: { scenario: number; bundlesHandled: number }[] } }>(STATS, { region: "迎泽区" }, p);
      expect(res.errors, p.subject).toBeUndefined();
      expect(res.data!.oneThingStats.bundlesHandled).toBe(2);
      expect(res.data!.oneThingStats.byScenario).toEqual([{ scenario: 3, bundlesHandled: 1 }, { scenario: 10, bundlesHandled: 1 }]);
    }
    expect(code(await call(STATS, {}, { kind: "citizen", subject: "c", idNumber: yingze.idNumber }))).toBe("FORBIDDEN");
    expect(code(await anonymous(STATS))).toBe("UNAUTHENTICATED");
    expect(code(await anonymous(LIST))).toBe("UNAUTHENTICATED");
    // the material sets stay public service information
    const set = await anonymous<{ materialsFor: { asked: number } }>(`{ materialsFor(scenario: 10) { asked } }`);
    expect(set.errors).toBeUndefined();
    expect(set.data!.materialsFor.asked).toBe(2);
  });
});

describe("the engine, citizens and a person's applications", () => {
  it("the engine's system principal sees every application", async () => {
    const seen = await idsSeen(systemPrincipal("one-thing-engine"));
    for (const id of Object.values(app)) expect(seen).toContain(id);
  });

  it("a citizen still sees only her own", async () => {
    const own: Principal = { kind: "citizen", subject: "y", idNumber: yingze.idNumber };
    expect(await idsSeen(own)).toEqual([app.yingzeCard]);
    expect(code(await call(APPLICATION, { id: app.yingzeJobless }, own))).toBe("FORBIDDEN");
  });

  it("Person.applications: the person rule first (her registration region), then the applications the caller may see", async () => {
    const Q = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber applications { id } } } }`;
    const r = [{ __typename: "Person", idNumber: yingzeJobless.idNumber }];
    const byClerk = await call<{ _entities: { applications: { id: string }[] }[] }>(Q, { r }, clerk("太原市"));
    expect(byClerk.errors, JSON.stringify(byClerk.errors)).toBeUndefined();
    expect(byClerk.data!._entities[0]!.applications.map((a) => a.id)).toEqual([app.yingzeJobless]);
    expect((await call<{ _entities: { applications: { id: string }[] }[] }>(Q, { r }, operator("card", "太原市"))).data!._entities[0]!.applications).toEqual([]);
    const elsewhere = await call(Q, { r }, clerk("大同市"));
    expect(code(elsewhere)).toBe("FORBIDDEN");
    expect(JSON.stringify(elsewhere.data ?? null)).not.toContain(app.yingzeJobless);
  });
});

describe("what staff do with one application follows what they may see", () => {
  it("applicationProgress refuses the figures-only roles and an operator without a step, before any event", async () => {
    const client = createClient({ url: oneThing.url.replace("http", "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const firstAnswer = async (p: Principal, id: string) => {
      const extensions = { [PRINCIPAL_HEADER]: signPrincipal(p, { audience: "one-thing", requestId: randomUUID() }) };
      try {
        for await (const r of client.iterate({ query: `subscription P($id: ID!) { applicationProgress(id: $id) { applicationId status } }`, variables: { id }, extensions })) {
          return r.errors?.[0]?.extensions?.code ?? (r.data as { applicationProgress: { applicationId: string } }).applicationProgress.applicationId;
        }
      } catch (errs) {
        return (errs as { extensions?: { code?: string } }[])[0]?.extensions?.code;
      }
      return undefined;
    };
    try {
      expect(await firstAnswer(staff(["supervisor"], "省本级"), app.yingzeJobless)).toBe("FORBIDDEN");
      expect(await firstAnswer(operator("card", "太原市"), app.yingzeJobless)).toBe("FORBIDDEN");
      expect(await firstAnswer(clerk("大同市"), app.yingzeJobless)).toBe("FORBIDDEN");
      expect(await firstAnswer(operator("social-insurance", "太原市"), app.yingzeJobless)).toBe(app.yingzeJobless);
    } finally {
      await client.dispose();
    }
  });

  it("a step in manual handling is put back in line by the window or by the back office of its own agency only", async () => {
    const p = personIn("朔州市", "EMPLOYED");
    agencies.behaviour.reject = ({ agency, itemCode }) => (agency === "social-insurance" && itemCode === "1.8.1" ? "UPSTREAM_REJECTED" : null);
    let id: string;
    try {
      id = await apply(p, 3);
      await oneThing.engine.settled(id);
    } finally {
      agencies.behaviour.reject = undefined;
    }
    const RETRY = `mutation R($a: ID!, $s: String!) { retryManualStep(applicationId: $a, stepId: $s) { id steps { id status } } }`;
    const vars = { a: id, s: "unemployment-benefit" };
    const before = await call<{ application: { steps: { id: string; status: string }[] } }>(APPLICATION, { id }, clerk("朔州市"));
    expect(before.data!.application.steps.find((s) => s.id === "unemployment-benefit")!.status).toBe("MANUAL");
    // the employment office has steps in it, but this one is social insurance's
    expect(code(await call(RETRY, vars, operator("employment", "朔州市")))).toBe("FORBIDDEN");
    expect(code(await call(RETRY, vars, operator("social-insurance", "大同市")))).toBe("FORBIDDEN");
    expect(code(await call(RETRY, vars, staff(["supervisor"], "省本级")))).toBe("FORBIDDEN");
    const retried = await call<{ retryManualStep: { steps: { id: string; status: string }[] } }>(RETRY, vars, operator("social-insurance", "朔州市"));
    expect(retried.errors, JSON.stringify(retried.errors)).toBeUndefined();
    expect(retried.data!.retryManualStep.steps.find((s) => s.id === "unemployment-benefit")!.status).not.toBe("MANUAL");
    await oneThing.engine.settled(id);
  });
});
