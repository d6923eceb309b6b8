import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../lib/errors";
import { contractTypeFromCode, contractTypeToCode, decodeCursor, encodeCursor, fromWireFiling, refusal, toReceipt } from "./adapter";

const response = (status: number, body: unknown) => ({ status, text: JSON.stringify(body), json: <T>() => body as T });

describe("labour-relations field mapping", () => {
  it("maps contract type codes both ways", () => {
    for (const t of ["FIXED_TERM", "OPEN_ENDED", "TASK_BASED"] as const) expect(contractTypeFromCode(contractTypeToCode(t))).toBe(t);
    expect(contractTypeToCode("OPEN_ENDED")).toBe("02");
    expect(() => contractTypeFromCode("99")).toThrow();
  });

  it("reads a filing", () => {
    expect(fromWireFiling({
      filingNo: "BA20200000001", employerCreditCode: "cc", idNumber: "id", contractType: "01", startDate: "2020-01-01", endDate: "2023-01-01",
      status: "TERMINATED", filedAt: "2020-01-05T10:00:00+08:00", terminatedOn: "2022-06-30", serialNo: "k", terminationSerialNo: "t",
    })).toEqual({
      filingNumber: "BA20200000001", employerCreditCode: "cc", idNumber: "id", contractType: "FIXED_TERM", startDate: "2020-01-01", endDate: "2023-01-01",
      status: "TERMINATED", filedAt: new Date("2020-01-05T02:00:00Z"), terminatedOn: "2022-06-30", serialNo: "k", terminationSerialNo: "t",
    });
  });

  it("reads a case into a receipt", () => {
    expect(toReceipt({ caseNo: "LD20261127000001", itemCode: "4.1.1", serialNo: "k", status: "DONE", acceptedAt: "2026-11-27T12:00:00+08:00", completedAt: "2026-11-27T12:00:00+08:00" }, "k"))
      .toMatchObject({ caseNumber: "LD20261127000001", status: "COMPLETED", system: "labor-relations", completedAt: new Date("2026-11-27T04:00:00Z") });
    expect(toReceipt({ caseNo: "x", itemCode: "4.1.1", serialNo: "k", status: "ACCEPTED", acceptedAt: "2026-11-27T12:00:00+08:00", completedAt: null }, "k").status).toBe("ACCEPTED");
  });

  it("turns refusals into Kuaiban codes without the system's wording", () => {
    expect(refusal(response(409, { error: { code: "LR-409-01", message: "x" } })).code).toBe(ErrorCode.CONFLICT);
    expect(refusal(response(404, { error: { code: "LR-404-01" } })).code).toBe(ErrorCode.NOT_FOUND);
    expect(refusal(response(409, { error: { code: "LR-409-09" } })).code).toBe(ErrorCode.IDEMPOTENCY_CONFLICT);
    const other = refusal(response(400, { error: { code: "LR-400", message: "table FILING locked" } }));
    expect(other.code).toBe(ErrorCode.UPSTREAM_REJECTED);
    expect(other.message).not.toContain("FILING");
  });

  it("round-trips cursors and refuses foreign ones", () => {
    expect(decodeCursor(encodeCursor(41))).toBe(41);
    expect(() => decodeCursor("garbage")).toThrow();
  });
});
