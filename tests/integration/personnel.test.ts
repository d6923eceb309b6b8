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
  stack = await startAgencyStack(store, ["personnel"]);
});
afterAll(async () => {
  await stack?.close();
  await store?.close();
});

const { people, employers } = demoData();
const members = people.filter((p) => p.partyMember);
const nonMembers = people.filter((p) => !p.partyMember);
const institution = employers.find((e) => e.publicInstitution)!;
const enterprise = employers.find((e) => !e.publicInstitution)!;
const stranger = withIdNumberCheck("14010019900101777");

const ARCHIVE = `query($ids: [IdNumber!]!) { testPeople(idNumbers: $ids) { archive { keeper region receivedOn partyMember partyOrganization } } }`;
type Archive = { keeper: string; region: string; receivedOn: string; partyMember: boolean; partyOrganization: string | null };
const archiveOf = async (idNumber: string) => (await stack.gql<{ testPeople: { archive: Archive | null }[] }>(ARCHIVE, { ids: [idNumber] })).data!.testPeople[0]!.archive;

const TRANSFER = `mutation($id: IdNumber!, $to: String!, $key: String!) { transferArchive(idNumber: $id, toRegion: $to, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
const PARTY = `mutation($id: IdNumber!, $to: String!, $key: String!) { transferPartyRelation(idNumber: $id, toOrganization: $to, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
const HIRE = `mutation($input: PublicInstitutionHireInput!, $key: String!) { filePublicInstitutionHire(input: $input, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;
const GENERIC = `mutation($code: String!, $id: IdNumber, $cc: CreditCode, $key: String!) { acceptPersonnelItem(itemCode: $code, idNumber: $id, creditCode: $cc, idempotencyKey: $key) { ${RECEIPT_FIELDS} } }`;

describe("archive transfer (3.4.1)", () => {
  it("moves the archive once per key, survives a lost receipt, and refuses a move to where it already is", async () => {
    const person = people[10]!;
    const to = person.archiveRegion === "大同市" ? "晋城市" : "大同市";
    const key = freshKey("archive");
    const r = await stack.gql<{ transferArchive: Receipt }>(TRANSFER, { id: person.idNumber, to, key });
    expect(r.errors).toBeUndefined();
    expect(r.data!.transferArchive).toMatchObject({ itemCode: "3.4.1", system: "personnel", status: "COMPLETED", idempotencyKey: key });
    expect(r.data!.transferArchive.caseNumber).toMatch(/^RS\d{14}$/);
    expect(await archiveOf(person.idNumber)).toMatchObject({ keeper: `${to}人才交流服务中心`, region: to });

    expect((await stack.gql<{ transferArchive: Receipt }>(TRANSFER, { id: person.idNumber, to, key })).data!.transferArchive).toEqual(r.data!.transferArchive);
    await forgetReceipt(store, "personnel", key);
    expect((await stack.gql<{ transferArchive: Receipt }>(TRANSFER, { id: person.idNumber, to, key })).data!.transferArchive.caseNumber).toBe(r.data!.transferArchive.caseNumber);

    expect(firstCode(await stack.gql(TRANSFER, { id: person.idNumber, to: "太原市", key }))).toBe("IDEMPOTENCY_CONFLICT");
    expect(firstCode(await stack.gql(TRANSFER, { id: person.idNumber, to, key: freshKey("archive") }))).toBe("CONFLICT");
  });

  it("rejects invalid IDs and unknown regions before any legacy call, and unknown people with NOT_FOUND", async () => {
    stack.legacy.personnel.resetStats();
    expect(firstCode(await stack.gql(TRANSFER, { id: "140100199001011230", to: "太原市", key: freshKey("bad") }))).toBe("INVALID_ID_NUMBER");
    expect(firstCode(await stack.gql(TRANSFER, { id: people[11]!.idNumber, to: "火星", key: freshKey("bad") }))).toBe("BAD_USER_INPUT");
    expect(firstCode(await stack.gql(HIRE, { input: { employerCreditCode: "12140100MA00000000", idNumber: people[11]!.idNumber, position: "管理岗位", hireDate: "2026-12-01" }, key: freshKey("bad") }))).toBe("INVALID_CREDIT_CODE");
    expect(stack.legacy.personnel.stats.requests).toBe(0);
    expect(firstCode(await stack.gql(TRANSFER, { id: stranger, to: "太原市", key: freshKey("nf") }))).toBe("NOT_FOUND");
  });
});

describe("party relation transfer (3.4.7)", () => {
  it("moves a party member's relation and refuses people who are not party members", async () => {
    const member = members[0]!;
    const r = await stack.gql<{ transferPartyRelation: Receipt }>(PARTY, { id: member.idNumber, to: "中共晋城市人才交流服务中心流动党员党支部", key: freshKey("party") });
    expect(r.data!.transferPartyRelation).toMatchObject({ itemCode: "3.4.7", status: "COMPLETED" });
    expect((await archiveOf(member.idNumber))!.partyOrganization).toBe("中共晋城市人才交流服务中心流动党员党支部");
    expect(firstCode(await stack.gql(PARTY, { id: nonMembers[0]!.idNumber, to: "中共某支部", key: freshKey("party") }))).toBe("CONFLICT");
  });
});

describe("public-institution hiring filing (3.3.3)", () => {
  it("files a public institution's hire, lists it on the employer, and refuses enterprises", async () => {
    const person = people.find((p) => p.stage === "GRADUATE")!;
    const input = { employerCreditCode: institution.creditCode, idNumber: person.idNumber, position: "专业技术岗位", hireDate: "2026-12-01" };
    const r = await stack.gql<{ filePublicInstitutionHire: Receipt }>(HIRE, { input, key: freshKey("pi") });
    expect(r.data!.filePublicInstitutionHire).toMatchObject({ itemCode: "3.3.3", status: "COMPLETED" });
    const listed = await stack.gql<{ testEmployers: { hiringFilings: { person: { idNumber: string }; position: string; hireDate: string }[] }[] }>(
      `query($cc: CreditCode!) { testEmployers(creditCodes: [$cc]) { hiringFilings { person { idNumber } position hireDate } } }`, { cc: institution.creditCode });
    expect(listed.data!.testEmployers[0]!.hiringFilings).toContainEqual({ person: { idNumber: person.idNumber }, position: "专业技术岗位", hireDate: "2026-12-01" });
    expect(firstCode(await stack.gql(HIRE, { input, key: freshKey("pi") }))).toBe("CONFLICT");
    expect(firstCode(await stack.gql(HIRE, { input: { ...input, employerCreditCode: enterprise.creditCode }, key: freshKey("pi") }))).toBe("CONFLICT");
    expect(firstCode(await stack.gql(HIRE, { input: { ...input, employerCreditCode: withCreditCodeCheck("12140100MA0000001") }, key: freshKey("pi") }))).toBe("NOT_FOUND");
  });
});

describe("other personnel items", () => {
  it("accepts 3.x items as cases and refuses codes of other systems", async () => {
    const r = await stack.gql<{ acceptPersonnelItem: Receipt }>(GENERIC, { code: "3.5.2", id: people[12]!.idNumber, key: freshKey("generic") });
    expect(r.data!.acceptPersonnelItem).toMatchObject({ itemCode: "3.5.2", status: "ACCEPTED", completedAt: null });
    const typed = await stack.gql<{ acceptPersonnelItem: Receipt }>(GENERIC, { code: "3.4.1", id: people[12]!.idNumber, key: freshKey("generic") });
    expect(typed.data!.acceptPersonnelItem).toMatchObject({ itemCode: "3.4.1", status: "ACCEPTED" });
    expect((await archiveOf(people[12]!.idNumber))!.region).toBe(people[12]!.archiveRegion);
    expect(firstCode(await stack.gql(GENERIC, { code: "4.1.1", id: people[12]!.idNumber, key: freshKey("generic") }))).toBe("BAD_USER_INPUT");
  });
});
