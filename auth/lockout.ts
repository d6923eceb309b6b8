import type { Store } from "../lib/store";
import { lookupHash } from "./accounts";
import type { AuthSettings } from "./settings";

export type LockScope = "account" | "address";
export type LockState = { locked: false } | { locked: true; scope: LockScope; retryAfterSec: number };

/**
 * Failed-password counting and the wait that follows, kept in the store so every hub instance
 * enforces the same wait. Unknown logins are counted like known ones: the answer must not reveal
 * which accounts exist.
 */
export class Lockout {
  constructor(
    private readonly store: Store,
    private readonly settings: Pick<AuthSettings, "maxAccountFailures" | "maxAddressFailures" | "failureWindowSec" | "lockoutSec">,
    private readonly prefix = "kb:auth",
  ) {}

  private key(kind: "fail" | "lock", scope: LockScope, subject: string) {
    return `${this.prefix}:lockout:${kind}:${scope}:${lookupHash(subject)}`;
  }

  async check(login: string, address: string): Promise<LockState> {
    const [account, source] = await Promise.all([
      this.store.pttl(this.key("lock", "account", login)),
      this.store.pttl(this.key("lock", "address", address)),
    ]);
    if (account > 0) return { locked: true, scope: "account", retryAfterSec: Math.ceil(account / 1000) };
    if (source > 0) return { locked: true, scope: "address", retryAfterSec: Math.ceil(source / 1000) };
    return { locked: false };
  }

  /** Counts a failure; returns the lock this failure started, if it started one. */
  async recordFailure(login: string, address: string): Promise<LockState> {
    const windowMs = this.settings.failureWindowSec * 1000;
    const lockMs = this.settings.lockoutSec * 1000;
    const [byAccount, byAddress] = await Promise.all([
      this.store.incr(this.key("fail", "account", login), { ttlMs: windowMs }),
      this.store.incr(this.key("fail", "address", address), { ttlMs: windowMs }),
    ]);
    if (byAccount >= this.settings.maxAccountFailures) {
      await this.store.set(this.key("lock", "account", login), "1", { ttlMs: lockMs });
      await this.store.del(this.key("fail", "account", login));
      return { locked: true, scope: "account", retryAfterSec: this.settings.lockoutSec };
    }
    if (byAddress >= this.settings.maxAddressFailures) {
      await this.store.set(this.key("lock", "address", address), "1", { ttlMs: lockMs });
      await this.store.del(this.key("fail", "address", address));
      return { locked: true, scope: "address", retryAfterSec: this.settings.lockoutSec };
    }
    return { locked: false };
  }

  /** A right password clears the account's count (not the address's: one success from an
   * address must not reset a spray against many accounts). */
  async recordSuccess(login: string): Promise<void> {
    await this.store.del(this.key("fail", "account", login));
  }
}
