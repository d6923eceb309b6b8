import session from "express-session";
import type { Store } from "../lib/store";

/**
 * express-session's storage contract over the shared Store. One implementation for both the
 * embedded store and Redis (connect-redis would cover only the latter), and the session expires
 * in the store exactly when its cookie does.
 */
export class SharedSessionStore extends session.Store {
  constructor(private readonly store: Store, private readonly prefix: string, private readonly fallbackTtlMs: number) {
    super();
  }

  private key(sid: string) { return `${this.prefix}:${sid}`; }

  private ttlOf(sess: session.SessionData): number {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() - Date.now() : undefined;
    return Math.max(1, expires ?? this.fallbackTtlMs);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.store.get(this.key(sid)).then((raw) => cb(null, raw ? (JSON.parse(raw) as session.SessionData) : null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.store.set(this.key(sid), JSON.stringify(sess), { ttlMs: this.ttlOf(sess) }).then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.store.del(this.key(sid)).then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.store.pexpire(this.key(sid), this.ttlOf(sess)).then(() => cb?.(), (err) => cb?.(err));
  }
}
