import { expect, it } from "vitest";
import type { Store } from "../lib/store";
import { createAdapterFactory, revokedGrantKey } from "./adapter";

/**
 * oidc-provider's adapter contract as a test suite, run against the embedded store (unit) and
 * against Redis (integration). `prefix` must be fresh per run.
 */
export function adapterContract(store: Store, prefix: string) {
  const Adapter = createAdapterFactory(store, { prefix });

  it("upserts, finds and destroys", async () => {
    const sessions = new Adapter("Session");
    await sessions.upsert("s1", { uid: "u1", accountId: "a1" }, 60);
    expect(await sessions.find("s1")).toMatchObject({ uid: "u1", accountId: "a1" });
    expect(await sessions.findByUid("u1")).toMatchObject({ accountId: "a1" });
    await sessions.destroy("s1");
    expect(await sessions.find("s1")).toBeUndefined();
  });

  it("expires records with their TTL", async () => {
    const interactions = new Adapter("Interaction");
    await interactions.upsert("i1", { uid: "x" }, 1);
    expect(await store.pttl(`${prefix}:oidc:Interaction:i1`)).toBeGreaterThan(0);
    expect(await store.pttl(`${prefix}:oidc:Interaction:i1`)).toBeLessThanOrEqual(1000);
  });

  it("marks consumption", async () => {
    const codes = new Adapter("AuthorizationCode");
    await codes.upsert("c1", { grantId: "g1" }, 60);
    expect((await codes.find("c1"))?.consumed).toBeUndefined();
    await codes.consume("c1");
    expect((await codes.find("c1"))?.consumed).toBeTypeOf("number");
  });

  it("keeps a grant's records under its hash tag and revokes them together", async () => {
    const grants = new Adapter("Grant");
    const codes = new Adapter("AuthorizationCode");
    const refresh = new Adapter("RefreshToken");
    await grants.upsert("g2", { accountId: "a" }, 600);
    await codes.upsert("c2", { grantId: "g2" }, 60);
    await refresh.upsert("r2", { grantId: "g2" }, 600);
    await refresh.upsert("r3", { grantId: "other" }, 600);
    const keys = await store.keys(`${prefix}:oidc:{g:g2}:*`);
    expect(keys.sort()).toEqual([`${prefix}:oidc:{g:g2}:AuthorizationCode:c2`, `${prefix}:oidc:{g:g2}:Grant:g2`, `${prefix}:oidc:{g:g2}:RefreshToken:r2`, `${prefix}:oidc:{g:g2}:members`]);
    await refresh.revokeByGrantId("g2");
    expect(await codes.find("c2")).toBeUndefined();
    expect(await refresh.find("r2")).toBeUndefined();
    expect(await grants.find("g2")).toBeUndefined();
    expect(await refresh.find("r3")).toBeDefined();
    expect(await store.get(revokedGrantKey(prefix, "g2"))).toBe("1");
  });
}
