import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import type { Principal } from "../../lib/principal";
import { demoData, type DemoPerson } from "../../schema/demo";
import { startOneThing, type RunningOneThing } from "../../subgraphs/one-thing";
import { startAllAgencies, type AgencyName, type AllAgencies } from "../support/agency-stack";
import { gql } from "../support/graphql";
import { as, clerk, fromTestHeader } from "../support/principals";
import { sharedTestStore } from "../support/store";

/**
 * The heart of the notice, end to end: one application through the gateway, carried by the
 * engine through the five real agency subgraphs and their legacy stand-ins.
 */
const store = sharedTestStore();
const run = randomUUID().slice(0, 8);
const LEGACY_DELAY_MS = 150; // every legacy answer takes this long, so parallel work shows in the timelines
let agencies: AllAgencies;
let oneThing: RunningOneThing;
let gateway: RunningGateway;
let url: string;

interface Step { id: string; stage: number; relation: string; itemCode: string; agency: string; status: string; caseNumber: string | null; deadline: string | null; updatedAt: string; receipt: { system: string; caseNumber: string; acceptedAt: string } | null; reason: string | null }
interface App { id: string; status: string; steps: Step[] }
const APP = "id status steps { id stage relation itemCode agency status caseNumber deadline updatedAt reason receipt { system caseNumber acceptedAt } }";

const people = demoData().people;
const employers = demoData().employers;
const pick = (pred: (p: DemoPerson) => boolean, skip = 0) => people.filter(pred)[skip]!;

async function submit(principal: Principal, scenario: number, subject: { idNumber?: string; creditCode?: string }, details: Record<string, unknown> = {}, facts: string[] = []): Promise<App> {
  const set = await gql<{ materialsFor: { materials: { id: string }[] } }>(url, "query($s: Int!) { materialsFor(scenario: $s) { materials { id } } }", { s: scenario }, as(principal));
  const input = { scenario, ...subject, materials: set.data!.materialsFor.materials.map((m) => m.id), details, facts, idempotencyKey: `e2e-${run}-${scenario}` };
  const r = await gql<{ submitApplication: App }>(url, `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${APP} } }`, { input }, as(principal));
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!.submitApplication;
}

async function finished(principal: Principal, id: string): Promise<App> {
  let app: App | undefined;
  await expect.poll(async () => {
    app = (await gql<{ application: App }>(url, `query($id: ID!) { application(id: $id) { ${APP} } }`, { id }, as(principal))).data!.application;
    return app.status;
  }, { timeout: 45_000, interval: 250 }).not.toBe("IN_PROGRESS");
  return app!;
}

/**
 * Each stage is accepted (受理) by its agencies before the next one's steps are; every step is
 * completed (办结) in the end, and nothing ends in manual handling. A later stage may finish before
 * an earlier one: the agencies work in parallel once a case is accepted (后台并联办理).
 */
function expectOrderedAndDone(app: App) {
  expect(app.steps.filter((s) => !["DONE", "SKIPPED"].includes(s.status)), JSON.stringify(app.steps)).toEqual([]);
  expect(app.status).toBe("COMPLETED");
  const done = app.steps.filter((s) => s.status === "DONE");
  for (const later of done) {
    for (const earlier of done.filter((s) => s.stage < later.stage)) {
      // to the second: some systems record their times without milliseconds
      const second = (s: Step) => Math.floor(Date.parse(s.receipt!.acceptedAt) / 1000);
      expect(second(earlier), `${earlier.id} (stage ${earlier.stage}) before ${later.id} (stage ${later.stage})`).toBeLessThanOrEqual(second(later));
    }
  }
  for (const s of done) expect(s.caseNumber, s.id).toBe(s.receipt!.caseNumber);
}

/** Two different agencies' systems were working on the application at the same moment. */
function agenciesOverlapped(from: number, to: number): boolean {
  const spans = (Object.keys(agencies.legacy) as AgencyName[]).flatMap((name) =>
    agencies.legacy[name].stats.timeline.filter((t) => t.start >= from && t.end <= to).map((t) => ({ name, ...t })));
  return spans.some((a) => spans.some((b) => a.name !== b.name && a.start < b.end && b.start < a.end));
}

beforeAll(async () => {
  agencies = await startAllAgencies(store);
  for (const legacy of Object.values(agencies.legacy)) legacy.setDelay(LEGACY_DELAY_MS);
  oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: { keyPrefix: `kb:e2e:${run}`, retryBaseMs: 100, retryMaxMs: 500, pollMs: 100, checkFirstMs: 100, checkMaxMs: 300, timerTickMs: 50 } });
  gateway = await startGateway({ port: 0, store, authenticate: fromTestHeader, subgraphs: [...agencies.endpoints, { name: "one-thing", url: oneThing.url }] });
  url = `${gateway.url}/graphql`;
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await oneThing?.close();
  await agencies?.close();
  await store.close();
});

describe("one-thing bundles end to end through the gateway", () => {
  it("企业招用工: an employer hires an unemployed person drawing benefit; every agency acts, in order and in parallel, and every roster lists her", async () => {
    const person = pick((p) => p.stage === "UNEMPLOYED" && p.drawsUnemploymentBenefit);
    const employer = employers.find((e) => !e.publicInstitution)!;
    const operator: Principal = { kind: "employer", subject: `op-${run}`, creditCode: employer.creditCode };
    const started = Date.now();
    // a hiring employer has no standing towards the person yet: no record of hers is read, what the
    // employer states (from the person's own papers) decides the conditional steps
    const stated = ["DRAWS_UNEMPLOYMENT_BENEFIT", "HAS_EMPLOYMENT_CARD", ...(person.card.status === "NONE" ? [] : ["HAS_CARD"]), ...(person.partyMember ? ["PARTY_MEMBER"] : [])];
    const submitted = await submit(operator, 1, { idNumber: person.idNumber, creditCode: employer.creditCode }, {}, stated);
    const app = await finished(operator, submitted.id);
    expectOrderedAndDone(app);
    expect(agenciesOverlapped(started, Date.now())).toBe(true);

    const byItem = new Map(app.steps.filter((s) => s.status === "DONE").map((s) => [s.itemCode, s]));
    for (const code of ["1.1.5", "2.4.2", "4.1.1"]) expect(byItem.has(code), code).toBe(true);
    // the notice's remarks as behaviour: contributors added, the unemployment benefit stopped in the same pass
    expect(app.steps.some((s) => s.status === "DONE" && s.itemCode === "1.3.1")).toBe(true);
    expect(app.steps.some((s) => s.status === "DONE" && s.itemCode === "1.8.1")).toBe(true);
    // receipts from the legacy systems themselves, with the deadline of the notice where it sets one
    for (const system of ["social-insurance", "employment", "labor-relations"]) {
      expect(app.steps.some((s) => s.receipt?.system === system), system).toBe(true);
    }
    expect(byItem.get("2.4.2")!.deadline).not.toBeNull();

    // 同步更新人员名单信息: the three agencies' rosters list her
    const rosters = `query($c: CreditCode!) { employer(creditCode: $c) { socialInsuranceRoster { idNumber status } employmentRoster { idNumber status } laborRelationsRoster { idNumber status } } }`;
    await expect.poll(async () => {
      const e = (await gql<{ employer: Record<string, { idNumber: string; status: string }[]> }>(url, rosters, { c: employer.creditCode }, as(operator))).data?.employer ?? {};
      return ["socialInsuranceRoster", "employmentRoster", "laborRelationsRoster"].map((f) => e[f]?.find((m) => m.idNumber === person.idNumber)?.status);
    }, { timeout: 10_000 }).toEqual(["ACTIVE", "ACTIVE", "ACTIVE"]);

    // and a query after completion shows the new state, not a cached one
    const now = await gql<{ person: { employment: { registration: { status: string; employer: { creditCode: string } | null } }; laborFilings: { status: string; employer: { creditCode: string } }[]; socialInsurance: { enrolments: { status: string; employer: { creditCode: string } | null }[] } } }>(
      url, "query($id: IdNumber!) { person(idNumber: $id) { employment { registration { status employer { creditCode } } } laborFilings { status employer { creditCode } } socialInsurance { enrolments { status employer { creditCode } } } } }", { id: person.idNumber }, as(operator));
    expect(now.errors).toBeUndefined();
    expect(now.data!.person.employment.registration).toMatchObject({ status: "EMPLOYED", employer: { creditCode: employer.creditCode } });
    expect(now.data!.person.laborFilings.some((f) => f.status === "FILED" && f.employer.creditCode === employer.creditCode)).toBe(true);
    expect(now.data!.person.socialInsurance.enrolments.some((e) => e.status === "ACTIVE" && e.employer?.creditCode === employer.creditCode)).toBe(true);
  });

  it("失业: a citizen who lost her job applies for herself", async () => {
    const person = pick((p) => p.stage === "EMPLOYED", 3);
    const citizen: Principal = { kind: "citizen", subject: `c-${run}`, idNumber: person.idNumber };
    const app = await finished(citizen, (await submit(citizen, 3, { idNumber: person.idNumber })).id);
    expectOrderedAndDone(app);
    expect(app.steps.some((s) => s.status === "DONE" && s.itemCode === "2.4.1")).toBe(true);
  });

  it("职工退休: a window clerk handles a worker's retirement on her behalf", async () => {
    const person = people.filter((p) => p.stage === "EMPLOYED").sort((a, b) => a.birthDate.localeCompare(b.birthDate))[0]!;
    // a window clerk of her region: clerks accept the applications of their own region
    const windowClerk: Principal = { ...clerk, region: person.region } as Principal;
    const app = await finished(windowClerk, (await submit(windowClerk, 7, { idNumber: person.idNumber, creditCode: person.employerCreditCode! })).id);
    expectOrderedAndDone(app);
    expect(app.steps.some((s) => s.status === "DONE" && ["1.6.1", "1.6.3"].includes(s.itemCode))).toBe(true);
  });

  it("申领社会保障卡: a graduate without a card applies, watches its progress live, and the card system produces it", async () => {
    const person = pick((p) => p.card.status === "NONE");
    const citizen: Principal = { kind: "citizen", subject: `g-${run}`, idNumber: person.idNumber };
    const submitted = await submit(citizen, 10, { idNumber: person.idNumber });
    // applicationProgress through the gateway over graphql-ws, with her own credential
    const client = createClient({ url: `${gateway.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: as(citizen), retryAttempts: 0 });
    const statuses: string[] = [];
    const progress = new Promise<void>((resolve, reject) => {
      client.subscribe<{ applicationProgress: { status: string } }>(
        { query: "subscription($id: ID!) { applicationProgress(id: $id) { status } }", variables: { id: submitted.id } },
        {
          next: (v) => {
            if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
            statuses.push(v.data!.applicationProgress.status);
            if (v.data!.applicationProgress.status !== "IN_PROGRESS") resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    const app = await finished(citizen, submitted.id);
    await progress;
    expect(statuses.at(-1)).toBe("COMPLETED");
    // a subscriber who comes after the end gets the final state and the stream ends
    const late = await new Promise<string[]>((resolve, reject) => {
      const got: string[] = [];
      client.subscribe<{ applicationProgress: { status: string } }>(
        { query: "subscription($id: ID!) { applicationProgress(id: $id) { status kind } }", variables: { id: submitted.id } },
        { next: (v) => got.push(v.data!.applicationProgress.status), error: reject, complete: () => resolve(got) },
      );
    });
    expect(late).toEqual(["COMPLETED"]);
    await client.dispose();
    expectOrderedAndDone(app);
    const card = app.steps.find((s) => s.itemCode === "1.10.1")!;
    expect(card.receipt!.system).toBe("card");
    await expect.poll(async () => (await gql<{ person: { socialSecurityCard: { status: string } } }>(url, "query($id: IdNumber!) { person(idNumber: $id) { socialSecurityCard { status } } }", { id: person.idNumber }, as(citizen))).data?.person.socialSecurityCard.status, { timeout: 10_000 })
      .toMatch(/NOT_ACTIVATED|ACTIVE/);
  });
});
