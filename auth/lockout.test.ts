import { describe, expect, it } from "vitest";
import { MemoryStore } from "../lib/store";
import { Lockout } from "./lockout";

const settings = { maxAccountFailures: 5, maxAddressFailures: 20, failureWindowSec: 900, lockoutSec: 900 };

describe("lockout", () => {
  it("locks an account for 15 minutes at the 5th failure within the window", async () => {
    const lockout = new Lockout(new MemoryStore(), settings, "t");
    for (let i = 0; i < 4; i++) expect((await lockout.recordFailure("alice", "10.0.0.1")).locked).toBe(false);
    expect(await lockout.check("alice", "10.0.0.1")).toEqual({ locked: false });
    expect(await lockout.recordFailure("alice", "10.0.0.1")).toEqual({ locked: true, scope: "account", retryAfterSec: 900 });
    const state = await lockout.check("ALICE", "10.0.0.2"); // logins compare case-insensitively
    expect(state.locked && state.scope).toBe("account");
    expect(state.locked && state.retryAfterSec).toBeGreaterThan(890);
    expect((await lockout.check("bob", "10.0.0.1")).locked).toBe(false);
  });

  it("a success clears the account's count but not the address's", async () => {
    const lockout = new Lockout(new MemoryStore(), { ...settings, maxAddressFailures: 6 }, "t");
    for (let i = 0; i < 4; i++) await lockout.recordFailure("carol", "10.0.0.9");
    await lockout.recordSuccess("carol");
    for (let i = 0; i < 1; i++) expect((await lockout.recordFailure("carol", "10.0.0.9")).locked).toBe(false);
    expect(await lockout.recordFailure("dave", "10.0.0.9")).toEqual({ locked: true, scope: "address", retryAfterSec: 900 });
    expect((await lockout.check("erin", "10.0.0.9")).locked).toBe(true);
  });

  it("keeps logins and addresses out of key names", async () => {
    const store = new MemoryStore();
    await new Lockout(store, settings, "t").recordFailure("11010519491231002X", "10.0.0.1");
    const keys = await store.keys("t:*");
    expect(keys.length).toBe(2);
    expect(keys.join()).not.toContain("11010519491231002X");
    expect(keys.join()).not.toContain("10.0.0.1");
  });
});
