import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credOf, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

// The hub keeps nothing in its process: a new instance on the same Redis carries on.
const store = sharedTestStore();
let stack: Stack;
beforeAll(async () => { stack = await startStack(store); });
afterAll(async () => { await stack?.close(); await store.close(); });

describe("hub restart", () => {
  it("keeps users signed in: sessions and grants are in Redis", async () => {
    const b = new TestBrowser();
    const [hall, employment] = stack.portals;
    const cred = credOf(stack.creds, "citizen", 11);
    await signIn(b, hall!.url, cred);
    await stack.restartHub();
    const second = await b.go(`${employment!.url}/login`);
    expect(second.url).toBe(`${employment!.url}/`);
    expect(second.body).toContain(cred.displayName);
    expect(second.body).not.toContain('name="password"');
    expect((await b.go(`${hall!.url}/`)).body).toContain(cred.displayName);
  });
});
