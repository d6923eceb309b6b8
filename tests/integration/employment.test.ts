import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import { demoData } from "../../schema/demo";
import { withCreditCodeCheck, withIdNumberCheck } from "../../schema/scalars";
import { firstCode, forgetReceipt, freshKey, RECEIPT_FIELDS, startAgencyStack, type AgencyStack, type Receipt } from "./support/agencies";
import { sharedTestStore } from "../support/store";

let stack: AgencyStack;
let store: RedisStore;
beforeAll(async () => {
  store = sharedTestStore();
  stack = await startAgencyStack(store, ["employment"]);
});
afterAll(async () => {
  await stack?.close();
  await store?.close();
});

const { people, employers } = demoData();
const unemployed = people.filter((p) => p.stage === "UNEMPLOYED");
const employed = people.filter((p) => p.stage === "EMPLOYED");
const graduates = people.filter((p) => p.stage === "GRADUATE");
const enterprise = employers.find((e) => !e.publicInstitution)!;
/** Valid by the check digit, unknown to every system. */
const stranger = withIdNumberCheck("14010019900101777");
const unknownEmployer = withCreditCodeCheck("91140100MA0000001");

const REGISTER = `mutation($input: RegisterEmploymentInput!, $key: String!) { registerEmployment(input: $input, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
const EMPLOYMENT = `query($ids: [IdNumber!]!) { testPeople(idNumbers: $ids) { idNumber employment { registration { status employer { creditCode } since region } employmentCardNo hardToEmploy graduate unemploymentEndedOn } } }`;

type EmploymentAnswer = { testPeople: { employment: { registration: { status: string; employer: { creditCode: string } | null; since: string; region: string }; employmentCardNo: string | null; graduate: boolean; unemploymentEndedOn: string | null } | null }[] };
const employmentOf = async (idNumber: string) => (await stack.gql<EmploymentAnswer>(EMPLOYMENT, { ids: [idNumber] })).data!.testPeople[0]!.employment;

describe("employment registration (2.4.2) through the gateway", () => {
  it("registers, ends the unemployment registration, and answers a repeated key with the first receipt", async () => {
    const person = unemployed[0]!;
    expect((await employmentOf(person.idNumber))!.registration.status).toBe("UNEMPLOYED");
    const key = freshKey("reg");
    const input = { idNumber: person.idNumber, employerCreditCode: enterprise.creditCode, startDate: "2026-11-02" };
    const first = await stack.gql<{ registerEmployment: Receipt }>(REGISTER, { input, key });
    expect(first.errors).toBeUndefined();
    const receipt = first.data!.registerEmployment;
    expect(receipt).toMatchObject({ itemCode: "2.4.2", system: "employment", status: "COMPLETED", idempotencyKey: key });
    expect(receipt.caseNumber).toMatch(/^JY\d{6}\d{8}\d{6}$/);
    expect((receipt as Receipt & { notes: string[] }).notes.some((n) => n.includes("终止失业登记"))).toBe(true);

    stack.legacy.employment.resetStats();
    const again = await stack.gql<{ registerEmployment: Receipt }>(REGISTER, { input, key });
    expect(again.data!.registerEmployment).toEqual(receipt);
    expect(stack.legacy.employment.stats.requests).toBe(0);

    const after = (await employmentOf(person.idNumber))!;
    expect(after.registration).toEqual({ status: "EMPLOYED", employer: { creditCode: enterprise.creditCode }, since: "2026-11-02", region: enterprise.region });
    expect(after.unemploymentEndedOn).toBe("2026-11-02");
  });

  it("gives the same case when the receipt was lost after the legacy call (the system deduplicates by 流水号)", async () => {
    const person = unemployed[1]!;
    const key = freshKey("reg-crash");
    const input = { idNumber: person.idNumber, employerCreditCode: enterprise.creditCode, startDate: "2026-11-03" };
    const first = (await stack.gql<{ registerEmployment: Receipt }>(REGISTER, { input, key })).data!.registerEmployment;
    await forgetReceipt(store, "employment", key);
    const retried = await stack.gql<{ registerEmployment: Receipt }>(REGISTER, { input, key });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.registerEmployment.caseNumber).toBe(first.caseNumber);
  });

  it("refuses the same key for a different request, and a second registration with the same employer", async () => {
    const person = unemployed[2]!;
    const key = freshKey("reg-conflict");
    const input = { idNumber: person.idNumber, employerCreditCode: enterprise.creditCode, startDate: "2026-11-04" };
    expect((await stack.gql(REGISTER, { input, key })).errors).toBeUndefined();
    expect(firstCode(await stack.gql(REGISTER, { input: { ...input, startDate: "2026-11-05" }, key }))).toBe("IDEMPOTENCY_CONFLICT");
    expect(firstCode(await stack.gql(REGISTER, { input, key: freshKey("reg-second") }))).toBe("CONFLICT");
  });

  it("rejects invalid ID numbers and credit codes before any legacy call", async () => {
    stack.legacy.employment.resetStats();
    const bad = await stack.gql(REGISTER, { input: { idNumber: "140100199001011230", employerCreditCode: enterprise.creditCode, startDate: "2026-11-02" }, key: freshKey("bad") });
    expect(firstCode(bad)).toBe("INVALID_ID_NUMBER");
    const badCode = await stack.gql(REGISTER, { input: { idNumber: unemployed[3]!.idNumber, employerCreditCode: "91140100MA00000000", startDate: "2026-11-02" }, key: freshKey("bad") });
    expect(firstCode(badCode)).toBe("INVALID_CREDIT_CODE");
    const badRegion = await stack.gql(REGISTER, { input: { idNumber: unemployed[3]!.idNumber, employerCreditCode: enterprise.creditCode, startDate: "2026-11-02", region: "火星" }, key: freshKey("bad") });
    expect(firstCode(badRegion)).toBe("BAD_USER_INPUT");
    expect(stack.legacy.employment.stats.requests).toBe(0);
  });

  it("answers NOT_FOUND for an unknown person or employer and changes nothing", async () => {
    expect(firstCode(await stack.gql(REGISTER, { input: { idNumber: stranger, employerCreditCode: enterprise.creditCode, startDate: "2026-11-02" }, key: freshKey("nf") }))).toBe("NOT_FOUND");
    const person = unemployed[4]!;
    expect(firstCode(await stack.gql(REGISTER, { input: { idNumber: person.idNumber, employerCreditCode: unknownEmployer, startDate: "2026-11-02" }, key: freshKey("nf") }))).toBe("NOT_FOUND");
    expect((await employmentOf(person.idNumber))!.registration.status).toBe("UNEMPLOYED");
  });
});

describe("the other employment items", () => {
  const UNEMPLOY = `mutation($input: RegisterUnemploymentInput!, $key: String!) { registerUnemployment(input: $input, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
  const CARD = `mutation($id: IdNumber!, $key: String!) { applyForEmploymentCard(idNumber: $id, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
  const GRADUATE = `mutation($input: AcceptGraduateInput!, $key: String!) { acceptGraduate(input: $input, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
  const GENERIC = `mutation($code: String!, $id: IdNumber, $cc: CreditCode, $details: JSONObject, $key: String!) { acceptEmploymentItem(itemCode: $code, idNumber: $id, creditCode: $cc, details: $details, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;

  it("registers unemployment (2.4.1) for an employed person and refuses it twice", async () => {
    const person = employed[0]!;
    const r = await stack.gql<{ registerUnemployment: Receipt }>(UNEMPLOY, { input: { idNumber: person.idNumber, registeredOn: "2026-11-10" }, key: freshKey("unemp") });
    expect(r.data!.registerUnemployment).toMatchObject({ itemCode: "2.4.1", status: "COMPLETED" });
    const after = (await employmentOf(person.idNumber))!;
    expect(after.registration).toMatchObject({ status: "UNEMPLOYED", employer: null, since: "2026-11-10" });
    expect(firstCode(await stack.gql(UNEMPLOY, { input: { idNumber: person.idNumber, registeredOn: "2026-11-11" }, key: freshKey("unemp") }))).toBe("CONFLICT");
  });

  it("issues an employment card (2.4.3) once", async () => {
    const ids = employed.slice(0, 60).map((p) => p.idNumber);
    const answer = (await stack.gql<EmploymentAnswer>(EMPLOYMENT, { ids })).data!.testPeople;
    const withoutCard = ids[answer.findIndex((p) => p.employment && !p.employment.employmentCardNo)]!;
    const key = freshKey("card");
    const r = await stack.gql<{ applyForEmploymentCard: Receipt }>(CARD, { id: withoutCard, key });
    expect(r.data!.applyForEmploymentCard).toMatchObject({ itemCode: "2.4.3", status: "COMPLETED" });
    expect((await employmentOf(withoutCard))!.employmentCardNo).toMatch(/^\d{16}$/);
    expect(firstCode(await stack.gql(CARD, { id: withoutCard, key: freshKey("card") }))).toBe("CONFLICT");
    await forgetReceipt(store, "employment", key);
    expect((await stack.gql<{ applyForEmploymentCard: Receipt }>(CARD, { id: withoutCard, key })).data!.applyForEmploymentCard.caseNumber).toBe(r.data!.applyForEmploymentCard.caseNumber);
  });

  it("accepts a graduate (2.7.1) and refuses a non-graduate", async () => {
    const graduate = graduates[0]!;
    expect((await employmentOf(graduate.idNumber))!.graduate).toBe(true);
    const r = await stack.gql<{ acceptGraduate: Receipt }>(GRADUATE, { input: { idNumber: graduate.idNumber, employerCreditCode: enterprise.creditCode, reportingDate: "2026-07-01" }, key: freshKey("grad") });
    expect(r.data!.acceptGraduate).toMatchObject({ itemCode: "2.7.1", status: "COMPLETED" });
    expect((await employmentOf(graduate.idNumber))!.graduate).toBe(false);
    const notGraduate = await stack.gql(GRADUATE, { input: { idNumber: employed[5]!.idNumber, employerCreditCode: enterprise.creditCode, reportingDate: "2026-07-01" }, key: freshKey("grad") });
    expect(firstCode(notGraduate)).toBe("CONFLICT");
  });

  it("accepts other 2.x items as cases and refuses codes of other systems", async () => {
    const key = freshKey("generic");
    const r = await stack.gql<{ acceptEmploymentItem: Receipt }>(GENERIC, { code: "2.6.1", id: unemployed[6]!.idNumber, details: { reason: "大龄<&>" }, key });
    expect(r.errors).toBeUndefined();
    expect(r.data!.acceptEmploymentItem).toMatchObject({ itemCode: "2.6.1", status: "ACCEPTED", completedAt: null });
    const again = await stack.gql<{ acceptEmploymentItem: Receipt }>(GENERIC, { code: "2.6.1", id: unemployed[6]!.idNumber, details: { reason: "大龄<&>" }, key });
    expect(again.data!.acceptEmploymentItem.caseNumber).toBe(r.data!.acceptEmploymentItem.caseNumber);
    // A typed item through the generic mutation is recorded as a case, without its effect.
    const typed = await stack.gql<{ acceptEmploymentItem: Receipt }>(GENERIC, { code: "2.4.2", id: unemployed[6]!.idNumber, cc: enterprise.creditCode, key: freshKey("generic") });
    expect(typed.data!.acceptEmploymentItem).toMatchObject({ itemCode: "2.4.2", status: "ACCEPTED" });
    expect((await employmentOf(unemployed[6]!.idNumber))!.registration.status).toBe("UNEMPLOYED");
    stack.legacy.employment.resetStats();
    expect(firstCode(await stack.gql(GENERIC, { code: "1.1.5", id: unemployed[6]!.idNumber, key: freshKey("generic") }))).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(GENERIC, { code: "9.9.9", id: unemployed[6]!.idNumber, key: freshKey("generic") }))).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(GENERIC, { code: "2.2.1", key: freshKey("generic") }))).toBe("BAD_USER_INPUT");
    expect(stack.legacy.employment.stats.requests).toBe(0);
  });
});
