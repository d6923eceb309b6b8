import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../lib/errors";
import { faultToError, fromLegacyDate, fromLegacyTimestamp, statusCode, statusFromCode, toEmploymentRecord, toLegacyDate, toReceipt } from "./adapter";
import { legacyTimestamp } from "./legacy/server";
import { buildEnvelope, buildFault, operationOfAction, parseEnvelope, soapAction, SoapProtocolError, SOAP_ENV_NS } from "./soap";

describe("SOAP 1.1 envelopes", () => {
  it("builds a namespaced document/literal envelope and parses it back", () => {
    const xml = buildEnvelope("QueryPersons", { Sfzh: ["11010519491231002X", "140100198001010011"] });
    expect(xml).toContain(`xmlns:soap="${SOAP_ENV_NS}"`);
    expect(xml).toContain("<soap:Body><jy:QueryPersons><jy:Sfzh>11010519491231002X</jy:Sfzh><jy:Sfzh>140100198001010011</jy:Sfzh>");
    const parsed = parseEnvelope(xml);
    expect(parsed).toEqual({ kind: "body", element: "QueryPersons", fields: { Sfzh: ["11010519491231002X", "140100198001010011"] } });
  });

  it("keeps one repeated element a list and leading zeros as they are", () => {
    const parsed = parseEnvelope(buildEnvelope("QueryPersons", { Sfzh: ["000123"] }));
    expect(parsed.kind === "body" && parsed.fields.Sfzh).toEqual(["000123"]);
  });

  it("escapes markup in text and reads it back unchanged", () => {
    const nasty = `</jy:Nr><jy:Sxbm>9.9.9</jy:Sxbm> & "quotes" 'apos' 中文`;
    const xml = buildEnvelope("AcceptCase", { Sxbm: "2.2.1", Nr: nasty });
    expect(xml).not.toContain("<jy:Sxbm>9.9.9");
    const parsed = parseEnvelope(xml);
    expect(parsed.kind === "body" && parsed.fields).toEqual({ Sxbm: "2.2.1", Nr: nasty });
  });

  it("leaves out absent fields", () => {
    expect(buildEnvelope("AcceptCase", { Sxbm: "2.2.1", Sfzh: undefined, Dwxydm: null })).not.toMatch(/Sfzh|Dwxydm/);
  });

  it("builds and parses faults with the business error code in detail", () => {
    const xml = buildFault({ faultcode: "soap:Client", faultstring: "查无此人", legacyCode: "JY1001" });
    expect(xml).toContain("<soap:Fault><faultcode>soap:Client</faultcode><faultstring>查无此人</faultstring><detail><jy:Ywcw><jy:Cwdm>JY1001</jy:Cwdm>");
    expect(parseEnvelope(xml)).toEqual({ kind: "fault", fault: { faultcode: "soap:Client", faultstring: "查无此人", legacyCode: "JY1001" } });
    expect(parseEnvelope(buildFault({ faultcode: "soap:Server", faultstring: "x" }))).toEqual({ kind: "fault", fault: { faultcode: "soap:Server", faultstring: "x" } });
  });

  it("refuses DTDs and entity declarations (XXE, entity expansion)", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Body><jy:QueryPersons xmlns:jy="x"><jy:Sfzh>&xxe;</jy:Sfzh></jy:QueryPersons></soap:Body></soap:Envelope>`;
    expect(() => parseEnvelope(xxe)).toThrow(SoapProtocolError);
    expect(() => parseEnvelope(xxe.replace("<!DOCTYPE", "<!doctype"))).toThrow(SoapProtocolError);
  });

  it("refuses SOAP 1.2 envelopes, non-envelopes and bodies with several elements", () => {
    expect(() => parseEnvelope(`<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><a/></e:Body></e:Envelope>`)).toThrow(/VersionMismatch/);
    expect(() => parseEnvelope("<html/>")).toThrow(SoapProtocolError);
    expect(() => parseEnvelope(`<soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Body><a/><b/></soap:Body></soap:Envelope>`)).toThrow(SoapProtocolError);
  });

  it("names operations in quoted SOAPAction headers", () => {
    expect(operationOfAction(soapAction("RegisterEmployment"))).toBe("RegisterEmployment");
    expect(operationOfAction('"urn:other#RegisterEmployment"')).toBeUndefined();
    expect(operationOfAction(undefined)).toBeUndefined();
  });
});

describe("employment field mapping", () => {
  it("maps registration status codes both ways", () => {
    for (const s of ["EMPLOYED", "UNEMPLOYED", "NONE"] as const) expect(statusFromCode(statusCode(s))).toBe(s);
    expect(statusCode("EMPLOYED")).toBe("1");
    expect(statusCode("UNEMPLOYED")).toBe("2");
    expect(statusFromCode("9")).toBe("NONE");
  });

  it("maps dates and timestamps both ways", () => {
    expect(toLegacyDate("2020-09-25")).toBe("20200925");
    expect(fromLegacyDate("20200925")).toBe("2020-09-25");
    expect(fromLegacyDate("")).toBeNull();
    const at = new Date("2020-09-25T01:02:03Z");
    expect(legacyTimestamp(at)).toBe("20200925090203");
    expect(fromLegacyTimestamp(legacyTimestamp(at))).toEqual(at);
  });

  it("reads a person record", () => {
    const record = toEmploymentRecord({
      Sfzh: "140100198001010011", Cxjg: "1", Jyzt: "1", Dwxydm: "91140100MA0XXXXXX1", Djrq: "20200301", Djdq: "太原市",
      Jycyzbh: "1401002020000001", Jykn: "0", Gxbys: "0", Djlsh: "key-1", Sydjzzrq: "20200301",
    });
    expect(record).toEqual({
      idNumber: "140100198001010011",
      registration: { status: "EMPLOYED", employerCreditCode: "91140100MA0XXXXXX1", since: "2020-03-01", region: "太原市" },
      employmentCardNo: "1401002020000001", hardToEmploy: false, graduate: false, unemploymentEndedOn: "2020-03-01", registrationKey: "key-1",
    });
    expect(toEmploymentRecord({ Sfzh: "140100198001010011", Cxjg: "0" })).toBeNull();
    const unemployed = toEmploymentRecord({ Sfzh: "x", Cxjg: "1", Jyzt: "2", Dwxydm: "", Djrq: "20250101", Jykn: "1", Gxbys: "0" });
    expect(unemployed?.registration).toEqual({ status: "UNEMPLOYED", employerCreditCode: null, since: "2025-01-01", region: null });
    expect(unemployed?.hardToEmploy).toBe(true);
  });

  it("reads a case into a receipt", () => {
    const receipt = toReceipt({ Bjbh: "JY14010020201127000001", Sxbm: "2.4.2", Ywlsh: "k", Bjzt: "2", Slsj: "20201127120000", Bjsj: "20201127120000", Bz: "同时终止失业登记（登记日期 20200101）" }, "k");
    expect(receipt).toMatchObject({ caseNumber: "JY14010020201127000001", itemCode: "2.4.2", system: "employment", status: "COMPLETED", idempotencyKey: "k", notes: ["同时终止失业登记（登记日期 20200101）"] });
    expect(receipt.acceptedAt.toISOString()).toBe("2020-11-27T04:00:00.000Z");
    expect(toReceipt({ Bjbh: "b", Sxbm: "2.2.1", Bjzt: "1", Slsj: "20201127120000", Bjsj: "" }, "k")).toMatchObject({ status: "ACCEPTED", completedAt: null, notes: [] });
  });

  it("turns the system's error codes into Kuaiban codes without its wording", () => {
    expect(faultToError({ faultcode: "soap:Client", faultstring: "查无此人", legacyCode: "JY1001" }).code).toBe(ErrorCode.NOT_FOUND);
    expect(faultToError({ faultcode: "soap:Client", faultstring: "x", legacyCode: "JY2002" }).code).toBe(ErrorCode.CONFLICT);
    expect(faultToError({ faultcode: "soap:Client", faultstring: "x", legacyCode: "JY9001" }).code).toBe(ErrorCode.IDEMPOTENCY_CONFLICT);
    const other = faultToError({ faultcode: "soap:Client", faultstring: "内部表 T_JY 锁定", legacyCode: "JY7777" });
    expect(other.code).toBe(ErrorCode.UPSTREAM_REJECTED);
    expect(other.message).not.toContain("T_JY");
  });
});
