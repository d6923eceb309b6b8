import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type Listening } from "../../lib/http";
import { buildEnvelope, buildFault, operationOfAction } from "./soap";
import { SoapClient, SoapFaultError } from "./soap-client";

/** A scripted SOAP endpoint: each test sets how it answers. */
let answer: (op: string | undefined) => { status: number; body: string; delayMs?: number };
let server: Listening;
let calls = 0;
beforeAll(async () => {
  server = await listen((req, res) => {
    calls++;
    const a = answer(operationOfAction(req.headers.soapaction as string | undefined));
    setTimeout(() => res.writeHead(a.status, { "content-type": "text/xml; charset=utf-8" }).end(a.body), a.delayMs ?? 0);
  }, 0, { graceMs: 100 });
});
afterAll(async () => { await server.close(); });

const client = (timeoutMs = 500) => new SoapClient({ system: "employment", baseUrl: server.url, timeoutMs, readRetries: 1 });
const codeOf = async (p: Promise<unknown>) => p.then(() => "ok", (e: { extensions?: { code?: string } }) => e.extensions?.code ?? (e instanceof SoapFaultError ? `fault:${e.fault.legacyCode}` : String(e)));

describe("SoapClient", () => {
  it("returns the fields of <op>Response and sends the SOAPAction of the operation", async () => {
    answer = (op) => ({ status: 200, body: buildEnvelope(`${op}Response`, { Ryxx: [{ Sfzh: "1", Cxjg: "0" }] }) });
    expect(await client().call("QueryPersons", { Sfzh: ["1"] }, { read: true })).toEqual({ Ryxx: [{ Sfzh: "1", Cxjg: "0" }] });
  });

  it("hands soap:Client faults with an error code to the adapter, without retrying", async () => {
    answer = () => ({ status: 500, body: buildFault({ faultcode: "soap:Client", faultstring: "查无此人", legacyCode: "JY1001" }) });
    calls = 0;
    expect(await codeOf(client().call("QueryPersons", { Sfzh: ["1"] }, { read: true }))).toBe("fault:JY1001");
    expect(calls).toBe(1);
  });

  it("treats soap:Server faults, non-SOAP 500s and the wrong response element as the system being unavailable", async () => {
    answer = () => ({ status: 500, body: buildFault({ faultcode: "soap:Server", faultstring: "ORA-00942" }) });
    calls = 0;
    expect(await codeOf(client().call("QueryPersons", { Sfzh: ["1"] }, { read: true }))).toBe("UPSTREAM_UNAVAILABLE");
    expect(calls).toBe(2); // one retry for a read
    answer = () => ({ status: 500, body: "<html>proxy error</html>" });
    expect(await codeOf(client().call("QueryPersons", { Sfzh: ["1"] }, { read: true }))).toBe("UPSTREAM_UNAVAILABLE");
    answer = () => ({ status: 200, body: buildEnvelope("SomethingElseResponse", {}) });
    calls = 0;
    expect(await codeOf(client().call("RegisterEmployment", {}, { read: false }))).toBe("UPSTREAM_UNAVAILABLE");
    expect(calls).toBe(1); // writes are never retried
  });

  it("gives up at the deadline, retries included", async () => {
    answer = (op) => ({ status: 200, body: buildEnvelope(`${op}Response`, {}), delayMs: 2_000 });
    const started = Date.now();
    expect(await codeOf(client(300).call("QueryPersons", { Sfzh: ["1"] }, { read: true }))).toBe("UPSTREAM_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(800);
  });
});
