import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LegacyStandIn } from "../../../lib/legacy-server";
import { demoData } from "../../../schema/demo";
import { startLaborRelationsLegacy } from "./index";

let legacy: LegacyStandIn;
beforeAll(async () => { legacy = await startLaborRelationsLegacy({ port: 0 }); });
afterAll(async () => { await legacy.close(); });

const post = async (path: string, body: unknown) => {
  const res = await fetch(legacy.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as Record<string, any> };
};

describe("labour-relations stand-in", () => {
  it("deduplicates filings by serial number and refuses it for another request", async () => {
    const person = demoData().people.find((p) => p.stage === "UNEMPLOYED")!;
    const body = { serialNo: `sn-${Date.now()}`, employerCreditCode: demoData().employers[0]!.creditCode, idNumber: person.idNumber, contractType: "02", startDate: "2026-11-01", endDate: null };
    const first = await post("/filings", body);
    const again = await post("/filings", body);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const lookup = await post("/filings/lookup", { idNumbers: [person.idNumber] });
    expect(lookup.body.results[0].filings.filter((f: { status: string }) => f.status === "FILED")).toHaveLength(1);
    const other = await post("/filings", { ...body, startDate: "2026-11-02" });
    expect(other).toMatchObject({ status: 409, body: { error: { code: "LR-409-09" } } });
  });

  it("pages an employer's filings", async () => {
    const cc = demoData().employers[2]!.creditCode;
    const res = await fetch(`${legacy.url}/filings?employer=${cc}&page=2&size=3`);
    const body = await res.json() as { page: number; size: number; total: number; items: unknown[] };
    expect(body).toMatchObject({ page: 2, size: 3 });
    expect(body.items.length).toBe(Math.max(0, Math.min(3, body.total - 3)));
  });
});
