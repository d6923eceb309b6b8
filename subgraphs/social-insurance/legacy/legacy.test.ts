import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LegacyStandIn } from "../../../lib/legacy-server";
import { demoData } from "../../../schema/demo";
import type { CaseRow, Envelope, PersonSet } from "../wire";
import { startSocialInsuranceLegacy } from "./index";

describe("the core platform stand-in", () => {
  let legacy: LegacyStandIn;
  const post = async <T>(path: string, body: unknown) =>
    (await (await fetch(legacy.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as Envelope<T>;
  const { people, employers } = demoData();
  const worker = people.find((p) => p.stage === "EMPLOYED")!;
  const other = employers.find((e) => e.creditCode !== worker.employerCreditCode)!;

  beforeAll(async () => { legacy = await startSocialInsuranceLegacy({ port: 0 }); });
  afterAll(async () => { await legacy.close(); });

  it("answers many people in one call, in its envelope, leaving out those it does not know", async () => {
    const r = await post<PersonSet>("/api/ac01/query", { AAC002: [worker.idNumber, "110101199003070000"] });
    expect(r.code).toBe("0000");
    expect(r.data!.AC01.map((p) => p.AAC002)).toEqual([worker.idNumber]);
    expect(r.data!.AC02.filter((e) => e.AAC001 === worker.personNo)).toHaveLength(5);
  });

  it("keeps one case per 业务流水号: a repeated submission returns the first case and changes nothing more", async () => {
    const ywlsh = `test-${randomUUID()}`;
    const request = { YWLSH: ywlsh, SXBM: "1.1.5", AAC002: worker.idNumber, AAB001: other.unitNo, PARAMS: { AAE140: ["110", "210", "310", "410", "510"] } };
    const first = await post<CaseRow>("/api/cases", request);
    const again = await post<CaseRow>("/api/cases", request);
    expect(first.code).toBe("0000");
    expect(again).toEqual(first);
    const found = await (await fetch(`${legacy.url}/api/cases/${ywlsh}`)).json() as Envelope<CaseRow>;
    expect(found.data!.BJBH).toBe(first.data!.BJBH);
    const rows = (await post<PersonSet>("/api/ac01/query", { AAC002: [worker.idNumber] })).data!.AC02;
    expect(rows.filter((r) => r.AAB001 === other.unitNo)).toHaveLength(5);
  });

  it("refuses a second enrolment with the same unit under a new 业务流水号, with its own code", async () => {
    const r = await post<CaseRow>("/api/cases", { YWLSH: `test-${randomUUID()}`, SXBM: "1.1.5", AAC002: worker.idNumber, AAB001: other.unitNo, PARAMS: {} });
    expect(r).toMatchObject({ code: "3001", data: null });
  });

  it("answers a malformed request with its error code, not a crash", async () => {
    const res = await fetch(legacy.url + "/api/ac01/query", { method: "POST", body: "{not json" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Envelope<unknown>).code).toBe("1001");
  });
});
