import { describe, expect, it } from "vitest";
import type { Principal } from "../principal";
import { factsLoader, type PersonFacts } from "./directory";
import { policies, satisfiesPolicies } from "./policies";
import { regionCovers, satisfiesScopes, scopesOf } from "./scopes";

const me = "11010519491231002X";
const other = "110105194912310029";
const unknown = "140100199001011234";
const acme = "91140100MA0L000000"; // registered in 太原市 (140100)
const facts = new Map<string, PersonFacts>([
  [me, { region: "太原市", employers: [acme] }],
  [other, { region: "大同市", employers: ["91140200MA0L000000"] }],
]);
let lookups = 0;
const loader = () => factsLoader(async (ids) => { lookups++; return new Map(ids.map((id) => [id, facts.get(id) ?? null])); });

const citizen: Principal = { kind: "citizen", subject: "a", idNumber: me };
const employer: Principal = { kind: "employer", subject: "b", creditCode: acme };
const staff = (roles: string[], agency: string, region: string): Principal => ({ kind: "staff", subject: "s", roles, agency, region });
const partner = (scopes: string[]): Principal => ({ kind: "partner", subject: "p", department: "省医疗保障局", scopes });

const readsPerson = (principal: Principal, idNumber: string) => policies.person!({ principal, facts: loader(), object: { idNumber } });
const operates = (principal: Principal, agency: string, args: Record<string, unknown>) => policies["agency-item"]!({ principal, facts: loader(), agency, args });

describe("the person rule", () => {
  it("gives a citizen herself only, whatever the case of the check letter", async () => {
    expect(await readsPerson(citizen, me)).toBe(true);
    expect(await readsPerson(citizen, me.toLowerCase())).toBe(true);
    expect(await readsPerson(citizen, other)).toBe(false);
  });
  it("gives an employer the people it actively insures, and nobody the system does not know", async () => {
    expect(await readsPerson(employer, me)).toBe(true);
    expect(await readsPerson(employer, other)).toBe(false);
    expect(await readsPerson(employer, unknown)).toBe(false);
  });
  it("gives clerks and operators the people of their region; a city covers its counties; the province all", async () => {
    expect(await readsPerson(staff(["operator"], "social-insurance", "太原市"), me)).toBe(true);
    expect(await readsPerson(staff(["operator"], "social-insurance", "大同市"), me)).toBe(false);
    expect(await readsPerson(staff(["clerk"], "window", "省本级"), other)).toBe(true);
    expect(regionCovers("太原市", "迎泽区")).toBe(true);
    expect(regionCovers("迎泽区", "太原市")).toBe(false);
    expect(regionCovers("太原市", null)).toBe(false);
  });
  it("gives supervisors, auditors and admins no one's record", async () => {
    for (const role of ["supervisor", "auditor", "admin"]) expect(await readsPerson(staff([role], "x", "省本级"), me)).toBe(false);
  });
  it("asks the facts of a page of people in one lookup", async () => {
    lookups = 0;
    const l = loader();
    await Promise.all([me, other, unknown].map((id) => policies.person!({ principal: employer, facts: l, object: { idNumber: id } })));
    expect(lookups).toBe(1);
  });
  it("refuses an object without its key", async () => {
    expect(await policies.person!({ principal: citizen, facts: loader(), object: {} })).toBe(false);
  });
});

describe("the agency-item rule", () => {
  it("lets an operator act for her own agency in her region only", async () => {
    const op = staff(["operator"], "card", "大同市");
    expect(await operates(op, "card", { idNumber: other })).toBe(true);
    expect(await operates(op, "card", { idNumber: me })).toBe(false); // another region
    expect(await operates(op, "social-insurance", { idNumber: other })).toBe(false); // another agency
  });
  it("checks the employer's region too, from its credit code or an input's", async () => {
    const clerk = staff(["clerk"], "window", "太原市");
    expect(await operates(clerk, "employment", { input: { idNumber: me, employerCreditCode: acme } })).toBe(true);
    expect(await operates(clerk, "employment", { input: { idNumber: me, employerCreditCode: "91140200MA0L000000" } })).toBe(false);
    expect(await operates(clerk, "employment", {})).toBe(false);
  });
  it("is staff work: citizens, employers and partners are refused", async () => {
    for (const p of [citizen, employer, partner(["person:read"])]) expect(await operates(p, "card", { idNumber: me })).toBe(false);
  });
});

describe("policies and scopes as the directives combine them", () => {
  it("needs every name of one inner list, and refuses names nobody defined", async () => {
    const input = { principal: staff(["admin", "auditor"], "x", "省本级"), facts: loader() };
    expect(await satisfiesPolicies([["admin", "auditor"]], input)).toBe(true);
    expect(await satisfiesPolicies([["admin", "supervisor-of-nothing"]], input)).toBe(false);
    expect(await satisfiesPolicies([["nope"], ["admin"]], input)).toBe(true);
  });
  it("gives partners their scopes only, employers no archives or cards, operators their agency's", () => {
    expect([...scopesOf(partner(["person:read"]))]).toEqual(["person:read"]);
    expect(scopesOf(employer).has("archive:read")).toBe(false);
    expect(scopesOf(employer).has("card:read")).toBe(false);
    const op = scopesOf(staff(["operator"], "personnel", "太原市"));
    expect(op.has("archive:read")).toBe(true);
    expect(op.has("insurance:read")).toBe(false);
    expect(satisfiesScopes(op, [["person:read", "archive:read"]])).toBe(true);
    expect(satisfiesScopes(op, [["person:read", "insurance:read"]])).toBe(false);
  });
});
