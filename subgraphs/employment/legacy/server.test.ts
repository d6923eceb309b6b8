import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LegacyStandIn } from "../../../lib/legacy-server";
import { demoData } from "../../../schema/demo";
import { buildEnvelope, parseEnvelope, soapAction } from "../soap";
import { startEmploymentLegacy } from "./index";

let legacy: LegacyStandIn;
beforeAll(async () => { legacy = await startEmploymentLegacy({ port: 0 }); });
afterAll(async () => { await legacy.close(); });

async function call(op: string, fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(legacy.url + "/", {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: soapAction(op), ...headers },
    body: buildEnvelope(op, fields as never),
  });
  return { status: res.status, type: res.headers.get("content-type"), body: parseEnvelope(await res.text()) };
}

const unemployed = () => demoData().people.find((p) => p.stage === "UNEMPLOYED")!;
const employer = () => demoData().employers[3]!;

describe("employment stand-in (SOAP 1.1)", () => {
  it("serves its WSDL", async () => {
    const res = await fetch(legacy.url + "/?wsdl");
    const wsdl = await res.text();
    expect(res.headers.get("content-type")).toMatch(/text\/xml/);
    expect(wsdl).toContain('<wsdl:operation name="QueryPersons">');
    expect(wsdl).toContain("soapAction=\"urn:sx-rst:jyfw:ws:2019#RegisterEmployment\"");
  });

  it("answers QueryPersons for many people in one call", async () => {
    const ids = demoData().people.slice(0, 50).map((p) => p.idNumber);
    const { status, body } = await call("QueryPersons", { Sfzh: ids });
    expect(status).toBe(200);
    expect(body.kind === "body" && body.element).toBe("QueryPersonsResponse");
    expect(body.kind === "body" && (body.fields.Ryxx as unknown[]).length).toBe(50);
  });

  it("deduplicates writes by 业务流水号 and refuses the 流水号 for something else", async () => {
    const p = unemployed();
    const fields = { Ywlsh: `dedup-${Date.now()}`, Sfzh: p.idNumber, Dwxydm: employer().creditCode, Jyrq: "20261101" };
    const first = await call("RegisterEmployment", fields);
    const again = await call("RegisterEmployment", fields);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await call("RegisterEmployment", { ...fields, Jyrq: "20261102" });
    expect(other.status).toBe(500);
    expect(other.body).toMatchObject({ kind: "fault", fault: { faultcode: "soap:Client", legacyCode: "JY9001" } });
  });

  it("sends business refusals as soap:Client faults with HTTP 500", async () => {
    const res = await call("IssueEmploymentCard", { Ywlsh: `nobody-${Date.now()}`, Sfzh: "110105194912310021" });
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/^text\/xml/);
    expect(res.body).toMatchObject({ kind: "fault", fault: { faultcode: "soap:Client", legacyCode: "JY1001" } });
  });

  it("refuses a SOAPAction that does not match the body, a DTD, and non-XML content", async () => {
    const mismatch = await call("QueryPersons", { Sfzh: ["x"] }, { soapaction: soapAction("AcceptCase") });
    expect(mismatch.body).toMatchObject({ kind: "fault", fault: { faultcode: "soap:Client" } });
    const xxe = await fetch(legacy.url + "/", {
      method: "POST",
      headers: { "content-type": "text/xml", soapaction: soapAction("QueryPersons") },
      body: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>` + buildEnvelope("QueryPersons", { Sfzh: ["&e;"] }).replace(/^<\?xml[^>]*>/, ""),
    });
    expect(xxe.status).toBe(500);
    expect(await xxe.text()).not.toContain("root:");
    const json = await fetch(legacy.url + "/", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(415);
  });
});
