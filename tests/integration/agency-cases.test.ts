import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../lib/clock";
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { ENGINE_PRINCIPAL } from "../../subgraphs/one-thing/engine-principal";
import { caseQueryFor } from "../../subgraphs/one-thing/step-mutations";
import { startAgencies } from "../../subgraphs/one-thing/testing/agencies";
import type { AgencyUrls } from "../../subgraphs/one-thing/options";
import { sharedTestStore } from "../support/store";

// Each agency's legacy stand-in completes (办结) a case it accepted (受理) after the item's duration,
// on the system's clock; the agency subgraph answers how a case stands (its `…Case` query).

const store = sharedTestStore();
const run = randomUUID().slice(0, 8);
const DAY = 86_400_000;
let agencies: { urls: AgencyUrls; close(): Promise<void> };

async function call<T>(agency: keyof AgencyUrls, query: string, variables: Record<string, unknown>, principal: Principal | undefined = ENGINE_PRINCIPAL) {
  const res = await fetch(agencies.urls[agency], {
    method: "POST",
    headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(principal, { audience: agency, requestId: randomUUID() }) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  // a day of the clock in half a real second; every accepted case takes one day
  const origin = Date.parse("2020-09-25T10:00:00+08:00"), real = Date.now();
  setClock(() => origin + (Date.now() - real) * 2 * DAY / 1_000, 2 * DAY / 1_000);
  agencies = await startAgencies(store, { caseMs: DAY });
});
afterAll(async () => {
  await agencies?.close();
  setClock(undefined);
  await store.close();
});

type Receipt = { caseNumber: string; status: string; acceptedAt: string; completedAt: string | null; idempotencyKey: string };
const { people, employers } = demoData();
const employed = people.filter((p) => p.stage === "EMPLOYED");
const withoutCard = people.find((p) => p.card.status === "NONE" && p.stage === "GRADUATE")!;

const cases: [keyof AgencyUrls, string, Record<string, unknown>][] = [
  ["social-insurance", `mutation M($k: String!, $id: IdNumber) { r: acceptSocialInsuranceItem(itemCode: "1.8.6", idNumber: $id, creditCode: null, details: {}, idempotencyKey: $k) { caseNumber status acceptedAt completedAt idempotencyKey } }`, { id: employed[0]!.idNumber }],
  ["employment", `mutation M($k: String!, $id: IdNumber) { r: acceptEmploymentItem(itemCode: "2.2.1", idNumber: $id, idempotencyKey: $k) { caseNumber status acceptedAt completedAt idempotencyKey } }`, { id: employed[1]!.idNumber }],
  ["personnel", `mutation M($k: String!, $id: IdNumber) { r: acceptPersonnelItem(itemCode: "3.5.2", idNumber: $id, idempotencyKey: $k) { caseNumber status acceptedAt completedAt idempotencyKey } }`, { id: employed[2]!.idNumber }],
  ["labor-relations", `mutation M($k: String!, $cc: CreditCode) { r: acceptLaborRelationsItem(itemCode: "4.1.1", creditCode: $cc, idempotencyKey: $k) { caseNumber status acceptedAt completedAt idempotencyKey } }`, { cc: employers[0]!.creditCode }],
  ["card", `mutation M($k: String!, $id: IdNumber!) { r: applyForCard(idNumber: $id, region: "山阴县", idempotencyKey: $k) { caseNumber status acceptedAt completedAt idempotencyKey } }`, { id: withoutCard.idNumber }],
];

describe("a case accepted by an agency is completed after its duration, and the agency says so", () => {
  it.each(cases)("%s", async (agency, mutation, vars) => {
    const key = `cases-${run}-${agency}`;
    const accepted = await call<{ r: Receipt }>(agency, mutation, { ...vars, k: key });
    expect(accepted.errors, JSON.stringify(accepted.errors)).toBeUndefined();
    const r = accepted.data!.r;
    expect(r.status).not.toBe("COMPLETED");
    expect(r.completedAt).toBeNull();
    const q = caseQueryFor(agency, r.caseNumber, key);
    const ask = () => call<Record<string, Receipt>>(agency, q.document, q.variables);
    // only the engine (or province staff) asks; a wrong case number is not found
    expect((await call(agency, q.document, q.variables, { kind: "citizen", subject: "c", idNumber: employed[0]!.idNumber })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await call(agency, q.document, { ...q.variables, caseNumber: "NOPE" })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    let now = (await ask()).data![q.query]!;
    expect(now).toMatchObject({ caseNumber: r.caseNumber, idempotencyKey: key });
    // the stand-in is asked as a real system would be, until its clerks are done (a day of its clock)
    for (let i = 0; i < 100 && now.status !== "COMPLETED"; i++) {
      await new Promise((res) => setTimeout(res, 50));
      now = (await ask()).data![q.query]!;
    }
    expect(now.status).toBe("COMPLETED");
    const took = Date.parse(now.completedAt!) - Date.parse(now.acceptedAt);
    expect(Math.abs(took - DAY)).toBeLessThan(1_000); // some systems keep whole seconds
  });
});

describe("the limit's condition stated at 受理", () => {
  it("the social-insurance platform states whether a work-injury case (1.7.4) is clear or needs an investigation", async () => {
    const M = `mutation M($k: String!, $id: IdNumber, $d: JSONObject) { r: acceptSocialInsuranceItem(itemCode: "1.7.4", idNumber: $id, creditCode: null, details: $d, idempotencyKey: $k) { status limitCondition } }`;
    const ask = async (d: Record<string, unknown>, n: number) => (await call<{ r: { status: string; limitCondition: string | null } }>("social-insurance", M, { k: `injury-${run}-${n}`, id: employed[3]!.idNumber, d })).data!.r;
    expect(await ask({ injuryFacts: "CLEAR" }, 1)).toEqual({ status: "ACCEPTED", limitCondition: "CLEAR" });
    expect(await ask({ injuryFacts: "UNCLEAR" }, 2)).toEqual({ status: "ACCEPTED", limitCondition: "INVESTIGATION" });
    expect(await ask({}, 3)).toEqual({ status: "ACCEPTED", limitCondition: null });
  });
});
