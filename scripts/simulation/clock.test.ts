import { describe, expect, it } from "vitest";
import { PacedClock } from "./clock";

describe("the replay's clock", () => {
  it("runs fast, waits at its hold without jumping afterwards, and never goes back", () => {
    let real = 0;
    const c = new PacedClock(1_000, 100, undefined, () => real);
    real = 10;
    expect(c.now()).toBe(2_000);
    c.holdAt(2_500);
    real = 100;
    expect(c.now()).toBe(2_500);
    real = 1_000;
    expect(c.now()).toBe(2_500);
    c.holdAt(Number.POSITIVE_INFINITY);
    real = 1_010; // released: on from where it waited, not from where it would have been
    expect(c.now()).toBe(3_500);
    c.holdAt(100);
    expect(c.now()).toBe(3_500);
  });

  it("stays under its ceiling", () => {
    let real = 0;
    const c = new PacedClock(0, 1_000, () => 5_000, () => real);
    real = 3;
    expect(c.now()).toBe(3_000);
    real = 60;
    expect(c.now()).toBe(5_000);
  });
});
