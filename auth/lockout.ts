import type { Store } from "../lib/store";
import { lookupHash } from "./accounts";
import type { AuthSettings } from "./settings";

export type LockScope = "account" | "address";
export type LockState = { locked: false } | { locked: true; scope: LockScope; retryAfterSec: number };
export type Locked = Extract<LockState, { locked: true }>;
/** What is being guessed: each factor has its own counter, so a right password does not reset wrong codes. */
export type Factor = "password" | "totp";
/** An attempt that may go ahead, with its place in the count (pass it back to `failed`). */
export type Attempt = { locked: false; n: number } | Locked;

type Limits = Pick<AuthSettings, "maxAccountFailures" | "maxAddressFailures" | "maxTotpFailures" | "failureWindowSec" | "lockoutSec">;

/**
 * Failed sign-in counting and the wait that follows, kept in the store so every hub instance
 * enforces the same wait. Unknown logins are counted like known ones: the answer must not reveal
 * which accounts exist.
 *
 * Counting is atomic and comes before the check: `begin` takes a number with INCR, and an attempt
 * whose number is past the limit is refused without its password or code being looked at. So
 * twenty concurrent guesses get exactly `limit` checks, never more, and no increment is lost to a
 * read-modify-write race. The counter is the lock: once it reaches the limit its expiry becomes
 * the lockout time, and the account (or address) is locked while it is at or past the limit.
 */
export class Lockout {
  constructor(private readonly store: Store, private readonly settings: Limits, private readonly prefix = "kb:auth") {}

  private key(kind: Factor | "address", subject: string) {
    return `${this.prefix}:lockout:${kind}:${lookupHash(subject)}`;
  }

  private limit(kind: Factor | "address") {
    return kind === "password" ? this.settings.maxAccountFailures : kind === "totp" ? this.settings.maxTotpFailures : this.settings.maxAddressFailures;
  }

  private async lockedFor(key: string, scope: LockScope): Promise<Locked> {
    const ttl = await this.store.pttl(key);
    return { locked: true, scope, retryAfterSec: Math.max(1, Math.ceil((ttl > 0 ? ttl : this.settings.lockoutSec * 1000) / 1000)) };
  }

  /** Whether the login or the address is locked now (by wrong passwords or by wrong codes). */
  async check(login: string, address: string): Promise<LockState> {
    const keys = [this.key("password", login), this.key("totp", login), this.key("address", address)] as const;
    // separate reads, not MGET: the three keys hash to different Redis Cluster slots
    const [password, totp, source] = (await Promise.all(keys.map((k) => this.store.get(k)))).map((v) => Number(v ?? 0));
    if (password! >= this.limit("password")) return this.lockedFor(keys[0], "account");
    if (totp! >= this.limit("totp")) return this.lockedFor(keys[1], "account");
    if (source! >= this.limit("address")) return this.lockedFor(keys[2], "address");
    return { locked: false };
  }

  /** Counts an attempt before it is checked; a locked answer means: do not check it, refuse. */
  async begin(factor: Factor, login: string, address: string): Promise<Attempt> {
    const source = Number((await this.store.get(this.key("address", address))) ?? 0);
    if (source >= this.limit("address")) return this.lockedFor(this.key("address", address), "address");
    const key = this.key(factor, login);
    const n = await this.store.incr(key, { ttlMs: this.settings.failureWindowSec * 1000 });
    if (n > this.limit(factor)) return this.lockedFor(key, "account");
    return { locked: false, n };
  }

  /** The attempt numbered `n` failed; returns the lock it started, if it started one. */
  async failed(factor: Factor, login: string, address: string, n: number): Promise<LockState> {
    const lockMs = this.settings.lockoutSec * 1000;
    const key = this.key(factor, login);
    const addressKey = this.key("address", address);
    const bySource = await this.store.incr(addressKey, { ttlMs: this.settings.failureWindowSec * 1000 });
    if (n >= this.limit(factor)) {
      // only the attempt that reached the limit starts the wait; later ones must not prolong it
      if (n === this.limit(factor)) await this.store.pexpire(key, lockMs);
      return { locked: true, scope: "account", retryAfterSec: this.settings.lockoutSec };
    }
    if (bySource >= this.limit("address")) {
      if (bySource === this.limit("address")) await this.store.pexpire(addressKey, lockMs);
      return { locked: true, scope: "address", retryAfterSec: this.settings.lockoutSec };
    }
    return { locked: false };
  }

  /**
   * A right password clears the password count, a right code the code count; neither clears the
   * other, and neither clears the address's (one success from an address must not reset a spray
   * against many accounts).
   */
  async succeeded(factor: Factor, login: string): Promise<void> {
    await this.store.del(this.key(factor, login));
  }

  /** Failures counted against a login for one factor (for operators and tests). */
  async failures(factor: Factor, login: string): Promise<number> {
    return Number((await this.store.get(this.key(factor, login))) ?? 0);
  }
}
