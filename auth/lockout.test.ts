import { describe, expect, it } from "vitest";
import { MemoryStore } from "../lib/store";
import { Lockout, type Factor } from "./lockout";

const settings = { maxAccountFailures: 5, maxAddressFailures: 20, maxTotpFailures: 10, failureWindowSec: 900, lockoutSec: 900 };

/** One attempt that fails: counted first, then reported. */
async function fail(lockout: Lockout, factor: Factor, login: string, address: string) {
  const a = await lockout.begin(factor, login, address);
  return a.locked ? a : lockout.failed(factor, login, address, a.n);
}

describe("lockout", () => {
  it("locks an account for 15 minutes at the 5th failure within the window", async () => {
    const lockout = new Lockout(new MemoryStore(), settings, "t");
    for (let i = 0; i < 4; i++) expect((await fail(lockout, "password", "alice", "10.0.0.1")).locked).toBe(false);
    expect(await lockout.check("alice", "10.0.0.1")).toEqual({ locked: false });
    expect(await fail(lockout, "password", "alice", "10.0.0.1")).toEqual({ locked: true, scope: "account", retryAfterSec: 900 });
    const state = await lockout.check("ALICE", "10.0.0.2"); // logins compare case-insensitively
    expect(state.locked && state.scope).toBe("account");
    expect(state.locked && state.retryAfterSec).toBeGreaterThan(890);
    expect((await lockout.check("bob", "10.0.0.1")).locked).toBe(false);
    // past the limit an attempt is refused before it is checked
    expect((await lockout.begin("password", "alice", "10.0.0.3")).locked).toBe(true);
  });

  it("a right password clears the password count but not the address's", async () => {
    const lockout = new Lockout(new MemoryStore(), { ...settings, maxAddressFailures: 6 }, "t");
    for (let i = 0; i < 4; i++) await fail(lockout, "password", "carol", "10.0.0.9");
    await lockout.succeeded("password", "carol");
    expect((await fail(lockout, "password", "carol", "10.0.0.9")).locked).toBe(false);
    expect(await fail(lockout, "password", "dave", "10.0.0.9")).toEqual({ locked: true, scope: "address", retryAfterSec: 900 });
    expect((await lockout.check("erin", "10.0.0.9")).locked).toBe(true);
  });

  it("counts wrong codes on their own counter that a right password does not reset", async () => {
    const lockout = new Lockout(new MemoryStore(), settings, "t");
    for (let round = 0; round < 3; round++) {
      await lockout.succeeded("password", "frank"); // the password was right each time
      for (let i = 0; i < 3; i++) await fail(lockout, "totp", "frank", "10.0.0.5");
    }
    expect(await lockout.failures("totp", "frank")).toBe(9);
    expect(await fail(lockout, "totp", "frank", "10.0.0.5")).toEqual({ locked: true, scope: "account", retryAfterSec: 900 });
    expect((await lockout.check("frank", "10.0.0.6")).locked).toBe(true); // the password step is locked too
    await lockout.succeeded("password", "frank");
    expect((await lockout.check("frank", "10.0.0.6")).locked).toBe(true);
  });

  it("lets exactly the limit through when attempts race, and loses no increment", async () => {
    const lockout = new Lockout(new MemoryStore(), settings, "t");
    const attempts = await Promise.all(Array.from({ length: 20 }, () => lockout.begin("password", "gina", "10.0.0.7")));
    expect(attempts.filter((a) => !a.locked).length).toBe(5);
    expect(await lockout.failures("password", "gina")).toBe(20);
  });

  it("keeps logins and addresses out of key names", async () => {
    const store = new MemoryStore();
    await fail(new Lockout(store, settings, "t"), "password", "11010519491231002X", "10.0.0.1");
    const keys = await store.keys("t:*");
    expect(keys.length).toBe(2);
    expect(keys.join()).not.toContain("11010519491231002X");
    expect(keys.join()).not.toContain("10.0.0.1");
  });
});
