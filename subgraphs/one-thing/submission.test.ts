import { describe, expect, it } from "vitest";
import type { Principal } from "../../lib/principal";
import { codeOf } from "../../lib/errors";
import { type SubmitInput, authorizeSubmission, buildApplication, regionOf } from "./submission";

const ID = "11010519491231002X";
const CC = "91350100M000100Y43";
const staff: Principal = { kind: "staff", subject: "clerk-1", roles: ["clerk"], agency: "window", region: "太原市" };
const by = { idNumber: ID, creditCode: CC, by: { kind: "staff" as const, subject: "clerk-1" } };

function build(input: Partial<SubmitInput>) {
  return buildApplication({ scenario: 10, idNumber: ID, materials: [], idempotencyKey: "unit-key-0001", ...input }, by, "太原市", {}, new Date("2026-11-27T02:00:00Z"));
}
function codeFrom(fn: () => unknown): string | undefined {
  try { fn(); } catch (err) { return codeOf(err); }
  return undefined;
}

describe("submission", () => {
  it("lists exactly what is missing, nothing more", () => {
    let err: unknown;
    try { build({ materials: ["ID_CARD"] }); } catch (e) { err = e; }
    expect(codeOf(err)).toBe("MISSING_MATERIAL");
    expect((err as { extensions: { missing: string[] } }).extensions.missing).toEqual(["PHOTO"]);
  });

  it("asks only for the materials of the steps that apply", () => {
    // bundle 10 for someone who has a card: replacement (photo) and activation (the card) apply, not the application
    const { app } = build({ facts: ["HAS_CARD"], materials: ["ID_CARD", "PHOTO", "SOCIAL_SECURITY_CARD"] });
    // a new card is issued in the bundle, so its activation does not ask the applicant to bring it
    expect(build({ materials: ["ID_CARD", "PHOTO"] }).app.materialsAsked).toBe(2);
    expect(app.steps.find((s) => s.id === "card")!.state.phase).toBe("SKIPPED");
    expect(app.steps.find((s) => s.id === "card-replacement")!.state.phase).toBe("PENDING");
    expect(app.materialsAsked).toBe(2);
  });

  it("accepts a commitment instead of an eligible certificate, not instead of an ID card", () => {
    const base = { scenario: 9, materials: ["ID_CARD", "DEATH_CERTIFICATE", "BANK_ACCOUNT"] };
    const ok = build({ ...base, commitments: [{ material: "KINSHIP_PROOF", statement: "本人承诺系其配偶" }] });
    expect(ok.app.commitments.map((c) => c.material)).toEqual(["KINSHIP_PROOF"]);
    let err: unknown;
    try { build({ scenario: 9, materials: ["DEATH_CERTIFICATE", "BANK_ACCOUNT", "KINSHIP_PROOF"], commitments: [{ material: "ID_CARD" }] }); } catch (e) { err = e; }
    expect(codeOf(err)).toBe("MISSING_MATERIAL");
    expect((err as { extensions: { notCommitmentEligible: string[] } }).extensions.notCommitmentEligible).toEqual(["ID_CARD"]);
  });

  it("refuses unknown bundles, bad IDs, missing parties and bad keys with coded errors", () => {
    expect(codeFrom(() => build({ scenario: 11 }))).toBe("BAD_USER_INPUT");
    expect(codeFrom(() => buildApplication({ scenario: 10, materials: [], idempotencyKey: "unit-key-0001" }, { ...by, idNumber: "110105194912310021" }, "太原市", {}, new Date()))).toBe("INVALID_ID_NUMBER");
    expect(codeFrom(() => buildApplication({ scenario: 1, materials: [], idempotencyKey: "unit-key-0001" }, { ...by, creditCode: null }, "太原市", {}, new Date()))).toBe("BAD_USER_INPUT");
    expect(codeFrom(() => build({ idempotencyKey: "short" }))).toBe("BAD_USER_INPUT");
    expect(codeFrom(() => build({ materials: ["NO_SUCH_THING"] }))).toBe("BAD_USER_INPUT");
  });

  it("chooses the pension-transfer variant from the details, refusing one the bundle does not hold", () => {
    const materials = ["ID_CARD", "PHOTO", "LABOUR_CONTRACT", "CONTRIBUTOR_CHANGE_FORM", "PENSION_CONTRIBUTION_CERTIFICATE", "DISCHARGE_CERTIFICATE"];
    const { app } = build({ scenario: 1, creditCode: CC, materials, facts: ["HAS_CARD"], details: { pensionTransfer: "MILITARY", pensionFromRegion: "北京市" } });
    expect(app.steps.find((s) => s.id === "pension-transfer")!.itemCode).toBe("1.6.17");
    expect(codeFrom(() => build({ scenario: 1, creditCode: CC, materials, facts: ["HAS_CARD"], details: { pensionTransfer: "URBAN_RURAL" } }))).toBe("BAD_USER_INPUT");
  });

  it("gives each step an idempotency key derived from the application and the step, and a deadline from the notice", () => {
    const a = build({ materials: ["ID_CARD", "PHOTO", "SOCIAL_SECURITY_CARD"] }).app;
    const b = build({ materials: ["ID_CARD", "PHOTO", "SOCIAL_SECURITY_CARD"] }).app;
    expect(a.id).toBe(b.id);
    expect(a.steps.map((s) => s.idempotencyKey)).toEqual(b.steps.map((s) => s.idempotencyKey));
    expect(a.steps.find((s) => s.id === "card")!.idempotencyKey).toBe(`${a.id}.card`);
    // 1.10.1 is 即时办结: 30 minutes
    expect(a.steps.find((s) => s.id === "card")!.deadline).toBe("2026-11-27T02:30:00.000Z");
  });

  it("lets a citizen apply for herself, an employer for itself, staff for anyone", () => {
    const citizen: Principal = { kind: "citizen", subject: "c", idNumber: ID };
    const employer: Principal = { kind: "employer", subject: "e", creditCode: CC };
    const input: SubmitInput = { scenario: 10, materials: [], idempotencyKey: "unit-key-0001" };
    expect(authorizeSubmission(citizen, input).idNumber).toBe(ID);
    expect(codeFrom(() => authorizeSubmission(citizen, { ...input, idNumber: "11010519800101001X" }))).toBe("FORBIDDEN");
    expect(authorizeSubmission(employer, input).creditCode).toBe(CC);
    expect(codeFrom(() => authorizeSubmission(employer, { ...input, creditCode: "91110000100000000A" }))).toBe("FORBIDDEN");
    expect(authorizeSubmission(staff, { ...input, idNumber: ID }).by.kind).toBe("staff");
    expect(codeFrom(() => authorizeSubmission({ kind: "partner", subject: "p", department: "d", scopes: [] }, input))).toBe("FORBIDDEN");
    expect(codeFrom(() => authorizeSubmission(undefined, input))).toBe("UNAUTHENTICATED");
  });

  it("keeps each bundle with those it belongs to: hiring with the employer, unemployment with the person", () => {
    const as = (kind: "citizen" | "employer" | "staff") => ({ ...by, by: { kind, subject: "x" } });
    const hire = { scenario: 1, idNumber: ID, creditCode: CC, materials: [], idempotencyKey: "unit-key-0001" };
    expect(codeFrom(() => buildApplication(hire, as("citizen"), "太原市", {}, new Date()))).toBe("FORBIDDEN");
    expect(codeFrom(() => buildApplication(hire, as("employer"), "太原市", {}, new Date()))).toBe("MISSING_MATERIAL");
    expect(codeFrom(() => buildApplication({ ...hire, scenario: 3 }, as("employer"), "太原市", {}, new Date()))).toBe("FORBIDDEN");
    expect(codeFrom(() => buildApplication({ ...hire, scenario: 9 }, as("citizen"), "太原市", {}, new Date()))).toBe("FORBIDDEN");
  });

  it("files an application under the window's region, else the person's", () => {
    expect(regionOf(staff, ID, null)).toBe("太原市");
    expect(regionOf({ kind: "citizen", subject: "c", idNumber: "140106199001011234" }, "140106199001011234", null)).toBe("迎泽区");
    expect(regionOf({ kind: "citizen", subject: "c", idNumber: "140107199001011234" }, "140107199001011234", null)).toBe("太原市");
  });
});
