import { describe, expect, it } from "vitest";
import { allowedActions, cardPhases, refusal, transition, type CardState } from "./card-state";

const at = "2026-11-27T02:00:00.000Z";
const issued = { number: "140100001001", bank: "中国银行", region: "太原市", issuedAt: at };

describe("the card state machine", () => {
  it("allows applying only without a usable card", () => {
    expect(cardPhases.filter((p) => refusal(p, "APPLY") === null)).toEqual(["NONE", "CANCELLED"]);
    expect(refusal("ACTIVE", "APPLY")).toMatch(/active card/);
  });

  it("takes a card from application through production, activation, loss and reissue to cancellation", () => {
    let s: CardState = { phase: "NONE" };
    s = transition(s, { kind: "APPLY", mode: "SINGLE", bank: "中国银行", region: "太原市", at, readyAt: at });
    expect(s.phase).toBe("IN_PRODUCTION");
    s = transition(s, { kind: "PRODUCED", number: "140190000001", at });
    expect(s).toMatchObject({ phase: "NOT_ACTIVATED", number: "140190000001", region: "太原市" });
    s = transition(s, { kind: "ACTIVATE", at });
    expect(s.phase).toBe("ACTIVE");
    expect(transition(s, { kind: "RESET_PASSWORD", at })).toBe(s);
    s = transition(s, { kind: "REPORT_LOSS", at });
    expect(s).toMatchObject({ phase: "LOST", before: "ACTIVE" });
    expect(transition(s, { kind: "CANCEL_LOSS_REPORT", at }).phase).toBe("ACTIVE");
    s = transition(s, { kind: "REISSUE", mode: "SINGLE", bank: "中国银行", region: "太原市", at, readyAt: at });
    expect(s).toMatchObject({ phase: "IN_PRODUCTION", replaces: "140190000001" });
    s = transition(s, { kind: "CANCEL", at });
    expect(s).toMatchObject({ phase: "CANCELLED", number: null });
  });

  it("returns a card reported lost before activation to NOT_ACTIVATED", () => {
    const lost = transition({ phase: "NOT_ACTIVATED", ...issued }, { kind: "REPORT_LOSS", at });
    expect(transition(lost, { kind: "CANCEL_LOSS_REPORT", at }).phase).toBe("NOT_ACTIVATED");
  });

  it("refuses what a phase does not allow", () => {
    expect(refusal("NOT_ACTIVATED", "RESET_PASSWORD")).not.toBeNull();
    expect(refusal("ACTIVE", "ACTIVATE")).not.toBeNull();
    expect(refusal("ACTIVE", "CANCEL_LOSS_REPORT")).not.toBeNull();
    expect(refusal("NONE", "CANCEL")).not.toBeNull();
    expect(refusal("CANCELLED", "REISSUE")).not.toBeNull();
    expect(() => transition({ phase: "NONE" }, { kind: "ACTIVATE", at })).toThrow();
    expect(() => transition({ phase: "ACTIVE", activatedAt: at, ...issued }, { kind: "PRODUCED", number: "x", at })).toThrow();
  });

  it("gives every phase a rule", () => {
    for (const p of cardPhases) expect(allowedActions(p).length).toBeGreaterThan(0);
  });
});
