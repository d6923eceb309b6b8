import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../lib/errors";
import { fromFlag, fromRsTimestamp, refusal, toArchive, toFlag, toHiringFiling, toReceipt } from "./adapter";
import { rsTimestamp } from "./legacy/data";

describe("personnel field mapping", () => {
  it("maps flags and timestamps both ways", () => {
    expect(fromFlag(toFlag(true))).toBe(true);
    expect(fromFlag(toFlag(false))).toBe(false);
    const at = new Date("2026-11-27T01:02:03Z");
    expect(rsTimestamp(at)).toBe("2026-11-27 09:02:03");
    expect(fromRsTimestamp(rsTimestamp(at))).toEqual(at);
    expect(fromRsTimestamp("")).toBeNull();
  });

  it("reads an archive", () => {
    expect(toArchive({ sfzh: "id", cxjg: "1", dawz: "太原市人才交流服务中心", dabgdq: "太原市", jsrq: "2020-01-02", sfdy: "1", dzzgx: "中共某支部", zd_lsh: "", dy_lsh: "k" })).toEqual({
      idNumber: "id", keeper: "太原市人才交流服务中心", region: "太原市", receivedOn: "2020-01-02", partyMember: true, partyOrganization: "中共某支部",
      lastTransferKey: null, lastPartyTransferKey: "k",
    });
    expect(toArchive({ sfzh: "id", cxjg: "0" })).toBeNull();
    expect(toArchive({ sfzh: "id", cxjg: "1", sfdy: "0", dzzgx: "" })?.partyOrganization).toBeNull();
  });

  it("reads hiring filings and cases", () => {
    expect(toHiringFiling({ babh: "PYBA1", dwxydm: "cc", sfzh: "id", gwmc: "管理岗位", pyrq: "2026-12-01", basj: "2026-11-27 09:30:00" }))
      .toEqual({ filingNumber: "PYBA1", employerCreditCode: "cc", idNumber: "id", position: "管理岗位", hireDate: "2026-12-01", filedAt: new Date("2026-11-27T01:30:00Z") });
    expect(toReceipt({ bjbh: "RS1", sxbm: "3.4.1", bjzt: "1", slsj: "2026-11-27 09:30:00", bjsj: "2026-11-27 09:30:00" }, "k")).toMatchObject({ caseNumber: "RS1", status: "COMPLETED", system: "personnel" });
    expect(toReceipt({ bjbh: "RS2", sxbm: "3.5.2", bjzt: "0", slsj: "2026-11-27 09:30:00", bjsj: "" }, "k")).toMatchObject({ status: "ACCEPTED", completedAt: null });
  });

  it("turns answer codes into Kuaiban codes", () => {
    expect(refusal("1001").code).toBe(ErrorCode.NOT_FOUND);
    expect(refusal("2001").code).toBe(ErrorCode.CONFLICT);
    expect(refusal("2002").code).toBe(ErrorCode.CONFLICT);
    expect(refusal("9001").code).toBe(ErrorCode.IDEMPOTENCY_CONFLICT);
    expect(refusal("8888").code).toBe(ErrorCode.UPSTREAM_REJECTED);
  });
});
