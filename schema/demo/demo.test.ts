import { describe, expect, it } from "vitest";
import { contactPoints } from "../catalogue/contact-points";
import { checkCreditCode } from "../scalars/credit-code";
import { checkIdNumber } from "../scalars/id-number";
import { demoData, generateDemoData } from "./generate";

describe("demo population", () => {
  const data = demoData();
  it("is large enough and valid", () => {
    expect(data.people.length).toBeGreaterThanOrEqual(500);
    expect(data.employers.length).toBeGreaterThanOrEqual(40);
    for (const p of data.people) expect(checkIdNumber(p.idNumber).ok).toBe(true);
    for (const e of data.employers) expect(checkCreditCode(e.creditCode).ok).toBe(true);
    expect(new Set(data.people.map((p) => p.idNumber)).size).toBe(data.people.length);
    expect(new Set(data.employers.map((e) => e.creditCode)).size).toBe(data.employers.length);
  });
  it("spreads over all 23 contact points", () => {
    const regions = new Set(data.people.map((p) => p.region));
    for (const c of contactPoints) expect(regions.has(c.name)).toBe(true);
  });
  it("is reproducible from the seed", () => {
    expect(generateDemoData().people.slice(0, 5)).toEqual(data.people.slice(0, 5));
    expect(generateDemoData({ seed: 1 }).people[0]!.idNumber).not.toBe(data.people[0]!.idNumber);
  });
  it("is consistent: every employed person has an existing employer", () => {
    const codes = new Set(data.employers.map((e) => e.creditCode));
    for (const p of data.people.filter((x) => x.stage === "EMPLOYED")) expect(codes.has(p.employerCreditCode!)).toBe(true);
    for (const e of data.employers) expect(data.people.some((p) => p.employerCreditCode === e.creditCode)).toBe(true);
  });
});
