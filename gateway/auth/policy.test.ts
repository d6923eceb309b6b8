import { describe, expect, it } from "vitest";
import { codeOf } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import { assertCanReadPerson, canReadPerson } from "./policy";

const me = "11010519491231002X";
const other = "110105194912310029";
const citizen: Principal = { kind: "citizen", subject: "a", idNumber: me };
const employer: Principal = { kind: "employer", subject: "b", creditCode: "91140100MA0L000000" };
const staff: Principal = { kind: "staff", subject: "c", roles: ["operator"], agency: "social-insurance", region: "太原市" };

const codeWhen = (fn: () => void) => { try { fn(); return undefined; } catch (err) { return codeOf(err); } };

describe("assertCanReadPerson", () => {
  it("lets a citizen read their own record (case of the check letter does not matter)", () => {
    expect(codeWhen(() => assertCanReadPerson(citizen, me))).toBeUndefined();
    expect(codeWhen(() => assertCanReadPerson(citizen, me.toLowerCase()))).toBeUndefined();
  });
  it("refuses a citizen asking for another person with FORBIDDEN", () => {
    expect(codeWhen(() => assertCanReadPerson(citizen, other))).toBe("FORBIDDEN");
  });
  it("lets an employer operator read only its own employees", () => {
    expect(codeWhen(() => assertCanReadPerson(employer, other))).toBe("FORBIDDEN");
    expect(codeWhen(() => assertCanReadPerson(employer, other, { employerCreditCode: "91140100MA0L999999" }))).toBe("FORBIDDEN");
    expect(codeWhen(() => assertCanReadPerson(employer, other, { employerCreditCode: employer.creditCode }))).toBeUndefined();
  });
  it("lets staff read for now, and partners only with the scope", () => {
    expect(canReadPerson(staff, other)).toBe(true);
    expect(canReadPerson({ kind: "partner", subject: "p", department: "公安厅", scopes: [] }, other)).toBe(false);
    expect(canReadPerson({ kind: "partner", subject: "p", department: "公安厅", scopes: ["person:read"] }, other)).toBe(true);
  });
});
