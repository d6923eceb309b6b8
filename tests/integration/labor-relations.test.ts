import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { withCreditCodeCheck } from "../../schema/scalars";
import { firstCode, forgetReceipt, freshKey, RECEIPT_FIELDS, startAgencyStack, type AgencyStack, type Receipt } from "./support/agencies";
import { sharedTestStore } from "../support/store";

let stack: AgencyStack;
let store: RedisStore;
beforeAll(async () => {
  store = sharedTestStore();
  stack = await startAgencyStack(store, ["labor-relations"]);
});
afterAll(async () => {
  await stack?.close();
  await store?.close();
});

const { people, employers } = demoData();
const unemployed = people.filter((p) => p.stage === "UNEMPLOYED");
const employed = people.filter((p) => p.stage === "EMPLOYED");
const employer = employers[1]!;
const unknownEmployer = withCreditCodeCheck("91140100MA0000001");

const HIRE = `mutation($input: FileEmploymentInput!, $key: String!) { fileEmployment(input: $input, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
const END = `mutation($input: FileTerminationInput!, $key: String!) { fileTermination(input: $input, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
const FILINGS = `query($ids: [IdNumber!]!) { testPeople(idNumbers: $ids) { laborFilings { filingNumber employer { creditCode } contractType startDate endDate status terminatedOn } } }`;
type Filing = { filingNumber: string; employer: { creditCode: string }; contractType: string; status: string; terminatedOn: string | null };
const filingsOf = async (idNumber: string) => (await stack.gql<{ testPeople: { laborFilings: Filing[] }[] }>(FILINGS, { ids: [idNumber] })).data!.testPeople[0]!.laborFilings;

describe("employment filing (4.1.1) on hiring", () => {
  it("files once per key, survives a lost receipt, and refuses a second active filing with the same employer", async () => {
    const person = unemployed[0]!;
    const input = { idNumber: person.idNumber, employerCreditCode: employer.creditCode, contractType: "FIXED_TERM", startDate: "2026-11-02", endDate: "2029-11-01" };
    const key = freshKey("hire");
    const first = await stack.gql<{ fileEmployment: Receipt }>(HIRE, { input, key });
    expect(first.errors).toBeUndefined();
    expect(first.data!.fileEmployment).toMatchObject({ itemCode: "4.1.1", system: "labor-relations", status: "COMPLETED", idempotencyKey: key });
    expect(first.data!.fileEmployment.caseNumber).toMatch(/^LD\d{14}$/);

    expect((await stack.gql<{ fileEmployment: Receipt }>(HIRE, { input, key })).data!.fileEmployment).toEqual(first.data!.fileEmployment);
    await forgetReceipt(store, "labor-relations", key);
    expect((await stack.gql<{ fileEmployment: Receipt }>(HIRE, { input, key })).data!.fileEmployment.caseNumber).toBe(first.data!.fileEmployment.caseNumber);

    const active = (await filingsOf(person.idNumber)).filter((f) => f.status === "FILED");
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ employer: { creditCode: employer.creditCode }, contractType: "FIXED_TERM" });

    expect(firstCode(await stack.gql(HIRE, { input: { ...input, startDate: "2026-11-03" }, key }))).toBe("IDEMPOTENCY_CONFLICT");
    expect(firstCode(await stack.gql(HIRE, { input, key: freshKey("hire") }))).toBe("CONFLICT");
  });

  it("rejects invalid codes and inconsistent contracts before any legacy call", async () => {
    const person = unemployed[1]!;
    stack.legacy["labor-relations"].resetStats();
    const base = { idNumber: person.idNumber, employerCreditCode: employer.creditCode, contractType: "FIXED_TERM", startDate: "2026-11-02", endDate: "2029-11-01" };
    expect(firstCode(await stack.gql(HIRE, { input: { ...base, employerCreditCode: "91140100MA00000000" }, key: freshKey("bad") }))).toBe("INVALID_CREDIT_CODE");
    expect(firstCode(await stack.gql(HIRE, { input: { ...base, idNumber: "140100199001011230" }, key: freshKey("bad") }))).toBe("INVALID_ID_NUMBER");
    expect(firstCode(await stack.gql(HIRE, { input: { ...base, endDate: null }, key: freshKey("bad") }))).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(HIRE, { input: { ...base, endDate: "2026-01-01" }, key: freshKey("bad") }))).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(HIRE, { input: { ...base, contractType: "OPEN_ENDED" }, key: freshKey("bad") }))).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(HIRE, { input: base, key: "short" }))).toBe("BAD_USER_INPUT");
    expect(stack.legacy["labor-relations"].stats.requests).toBe(0);
  });

  it("answers NOT_FOUND for an employer the system does not know", async () => {
    const input = { idNumber: unemployed[2]!.idNumber, employerCreditCode: unknownEmployer, contractType: "OPEN_ENDED", startDate: "2026-11-02" };
    expect(firstCode(await stack.gql(HIRE, { input, key: freshKey("nf") }))).toBe("NOT_FOUND");
  });
});

describe("employment filing (4.1.1) on 解除/终止", () => {
  it("terminates the active filing once", async () => {
    const person = employed[0]!;
    const input = { idNumber: person.idNumber, employerCreditCode: person.employerCreditCode, endDate: "2026-11-30", kind: "DISSOLVED" };
    const key = freshKey("end");
    const r = await stack.gql<{ fileTermination: Receipt }>(END, { input, key });
    expect(r.errors).toBeUndefined();
    expect(r.data!.fileTermination).toMatchObject({ itemCode: "4.1.1", status: "COMPLETED" });
    const filings = await filingsOf(person.idNumber);
    expect(filings.find((f) => f.employer.creditCode === person.employerCreditCode)).toMatchObject({ status: "TERMINATED", terminatedOn: "2026-11-30" });

    await forgetReceipt(store, "labor-relations", key);
    expect((await stack.gql<{ fileTermination: Receipt }>(END, { input, key })).data!.fileTermination.caseNumber).toBe(r.data!.fileTermination.caseNumber);
    expect(firstCode(await stack.gql(END, { input, key: freshKey("end") }))).toBe("CONFLICT");
  });

  it("answers NOT_FOUND when the employer never filed for the person", async () => {
    const person = employed[1]!;
    const other = employers.find((e) => e.creditCode !== person.employerCreditCode)!;
    expect(firstCode(await stack.gql(END, { input: { idNumber: person.idNumber, employerCreditCode: other.creditCode, endDate: "2026-11-30", kind: "EXPIRED" }, key: freshKey("end") }))).toBe("NOT_FOUND");
  });
});

describe("Employer.filings", () => {
  const PAGE = `query($cc: CreditCode!, $first: Int!, $after: String) { testEmployers(creditCodes: [$cc]) { filings(first: $first, after: $after) { totalCount edges { cursor node { filingNumber } } pageInfo { hasNextPage endCursor } } } }`;
  type Page = { totalCount: number; edges: { cursor: string; node: { filingNumber: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  const page = async (cc: string, first: number, after?: string | null) =>
    (await stack.gql<{ testEmployers: { filings: Page }[] }>(PAGE, { cc, first, after })).data!.testEmployers[0]!.filings;

  it("pages through every filing once, whatever the page size", async () => {
    const cc = employers[4]!.creditCode;
    const all = await page(cc, 100);
    expect(all.totalCount).toBeGreaterThan(5);
    expect(all.edges).toHaveLength(all.totalCount);
    for (const sizes of [[3, 3, 3, 3, 3, 3, 3, 3, 3], [2, 5, 4, 3, 7, 1, 6, 100]]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (const size of sizes) {
        const p: Page = await page(cc, size, after);
        seen.push(...p.edges.map((e) => e.node.filingNumber));
        after = p.pageInfo.endCursor;
        if (!p.pageInfo.hasNextPage) break;
      }
      expect(seen).toEqual(all.edges.map((e) => e.node.filingNumber));
    }
  });

  it("refuses page sizes out of range and foreign cursors", async () => {
    const cc = employers[4]!.creditCode;
    const r = await stack.gql(PAGE, { cc, first: 0 });
    expect(firstCode(r)).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(PAGE, { cc, first: 5, after: "bm90LWEtY3Vyc29y" }))).toBe("BAD_USER_INPUT");
  });
});

describe("other labour-relations cases", () => {
  const GENERIC = `mutation($code: String!, $id: IdNumber, $cc: CreditCode, $details: JSONObject, $key: String!) { acceptLaborRelationsItem(itemCode: $code, idNumber: $id, creditCode: $cc, details: $details, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;

  it("records a 4.1.1 case without touching the filings, once per key, and refuses codes of other systems", async () => {
    const person = employed[2]!;
    const key = freshKey("generic");
    const vars = { code: "4.1.1", id: person.idNumber, cc: person.employerCreditCode, details: { change: "岗位变更", nested: { a: 1 } }, key };
    const r = await stack.gql<{ acceptLaborRelationsItem: Receipt }>(GENERIC, vars);
    expect(r.errors).toBeUndefined();
    expect(r.data!.acceptLaborRelationsItem).toMatchObject({ itemCode: "4.1.1", status: "ACCEPTED", completedAt: null });
    await forgetReceipt(store, "labor-relations", key);
    expect((await stack.gql<{ acceptLaborRelationsItem: Receipt }>(GENERIC, vars)).data!.acceptLaborRelationsItem.caseNumber).toBe(r.data!.acceptLaborRelationsItem.caseNumber);
    // With the receipt lost, the system itself tells the different request apart, down to nested details.
    await forgetReceipt(store, "labor-relations", key);
    expect(firstCode(await stack.gql(GENERIC, { ...vars, details: { change: "岗位变更", nested: { a: 2 } } }))).toBe("IDEMPOTENCY_CONFLICT");
    expect((await filingsOf(person.idNumber)).filter((f) => f.status === "FILED")).toHaveLength(1);
    expect(firstCode(await stack.gql(GENERIC, { ...vars, code: "2.4.2", key: freshKey("generic") }))).toBe("BAD_USER_INPUT");
  });
});
