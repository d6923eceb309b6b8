import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Store } from "../lib/store";

/**
 * oidc-provider's storage contract (upsert/find/findByUid/findByUserCode/consume/destroy/
 * revokeByGrantId) over the shared Store, so every hub instance sees the same sessions, grants,
 * codes and tokens.
 *
 * Layout (Redis Cluster safe): everything that belongs to a grant lives under the grant's hash tag,
 * `<prefix>:oidc:{g:<grantId>}:<Model>:<id>`, with the grant's member set beside it, so revoking a
 * grant is one multi-key DEL within one slot. Because oidc-provider looks tokens up by id alone, a
 * small pointer `<prefix>:oidc:ptr:<Model>:<id>` → grantId leads to them. Models without a grant
 * (Session, Interaction, …) sit at `<prefix>:oidc:<Model>:<id>`.
 */
export interface AdapterOptions {
  prefix?: string;
  /** How long a revoked grant is remembered for verifiers of self-contained access tokens. */
  revokedGrantTtlSec?: number;
}

export const revokedGrantKey = (prefix: string, grantId: string) => `${prefix}:revoked-grant:${grantId}`;

export function createAdapterFactory(store: Store, opts: AdapterOptions = {}) {
  const prefix = opts.prefix ?? "kb:auth";
  const revokedTtlMs = (opts.revokedGrantTtlSec ?? 600) * 1000;
  const grantTag = (grantId: string) => `${prefix}:oidc:{g:${grantId}}`;
  const membersKey = (grantId: string) => `${grantTag(grantId)}:members`;

  class StoreAdapter implements Adapter {
    constructor(private readonly name: string) {}

    private plainKey(id: string) { return `${prefix}:oidc:${this.name}:${id}`; }
    private pointerKey(id: string) { return `${prefix}:oidc:ptr:${this.name}:${id}`; }
    private groupedKey(grantId: string, id: string) { return `${grantTag(grantId)}:${this.name}:${id}`; }

    /** Where a record lives: grants are their own group; tokens go through their pointer. */
    private async keyOf(id: string): Promise<string | undefined> {
      if (this.name === "Grant") return this.groupedKey(id, id);
      const grantId = await store.get(this.pointerKey(id));
      if (grantId) return this.groupedKey(grantId, id);
      return this.plainKey(id);
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const ttlMs = expiresIn ? expiresIn * 1000 : undefined;
      const grantId = this.name === "Grant" ? id : payload.grantId;
      let key: string;
      if (grantId) {
        key = this.groupedKey(grantId, id);
        const members = membersKey(grantId);
        await store.sadd(members, key);
        // the member set lives as long as its longest-lived member
        if (ttlMs) {
          const left = await store.pttl(members);
          if (left >= 0 && left < ttlMs) await store.pexpire(members, ttlMs);
          else if (left === -1) await store.pexpire(members, ttlMs);
        }
        if (this.name !== "Grant") await store.set(this.pointerKey(id), grantId, { ttlMs });
      } else {
        key = this.plainKey(id);
      }
      await store.del(key); // an upsert replaces, including a previous `consumed` mark
      await store.hset(key, { payload: JSON.stringify(payload) });
      if (ttlMs) await store.pexpire(key, ttlMs);
      if (payload.uid) await store.set(`${prefix}:oidc:${this.name}:uid:${payload.uid}`, id, { ttlMs });
      if (payload.userCode) await store.set(`${prefix}:oidc:${this.name}:userCode:${payload.userCode}`, id, { ttlMs });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const key = await this.keyOf(id);
      if (!key) return undefined;
      const record = await store.hgetall(key);
      if (!record.payload) return undefined;
      const payload = JSON.parse(record.payload) as AdapterPayload;
      if (record.consumed) payload.consumed = Number(record.consumed);
      return payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = await store.get(`${prefix}:oidc:${this.name}:uid:${uid}`);
      return id ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = await store.get(`${prefix}:oidc:${this.name}:userCode:${userCode}`);
      return id ? this.find(id) : undefined;
    }

    async consume(id: string): Promise<void> {
      const key = await this.keyOf(id);
      if (key) await store.hset(key, { consumed: String(Math.floor(Date.now() / 1000)) });
    }

    async destroy(id: string): Promise<void> {
      const key = await this.keyOf(id);
      if (key) await store.del(key);
      if (this.name !== "Grant") await store.del(this.pointerKey(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const members = await store.smembers(membersKey(grantId));
      // one slot: every member shares the grant's hash tag
      await store.del(...members, membersKey(grantId), `${grantTag(grantId)}:Grant:${grantId}`);
      await store.set(revokedGrantKey(prefix, grantId), "1", { ttlMs: revokedTtlMs });
    }
  }

  return StoreAdapter;
}
