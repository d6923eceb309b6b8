import { ErrorCode, codeOf } from "../lib/errors";
import { AuditLog, subjectRef, type AuditEvent } from "../lib/audit";
import { log } from "../lib/log";
import { authEvents } from "../lib/metrics";
import type { Store } from "../lib/store";

export type AuthEventType =
  | "login.success" | "login.failure" | "lockout" | "logout"
  /** A partner client got a client_credentials token (reason: the granted scopes), or was refused one. */
  | "partner.token" | "partner.refused";

export interface AuthEvent {
  type: AuthEventType;
  /** The hub account, when known; opaque, not personal data. */
  accountId?: string;
  accountKind?: string;
  /** The login as typed (may be an ID number): only its keyed pseudonym is recorded. */
  login?: string;
  address?: string;
  clientId?: string;
  /** password | totp | national-platform | account | address … */
  reason?: string;
}

/**
 * Sign-in events go into the department's hash-chained audit log (the same stream as the
 * gateway's reads and writes). Logins and source addresses appear only as keyed pseudonyms, so an
 * auditor with the audit key can find every attempt on one account without the log holding it.
 */
export function createAuditor(store: Store, stream?: string) {
  const trail = new AuditLog(store, { stream });
  return async (event: AuthEvent): Promise<void> => {
    const record: AuditEvent = {
      action: event.type,
      actor: event.accountId ?? "anonymous",
      actorKind: event.accountKind ?? "unknown",
      outcome: event.type === "login.failure" || event.type === "lockout" || event.type === "partner.refused" ? "denied" : "ok",
      subjects: event.login ? [subjectRef(`login:${event.login.trim()}`)] : undefined,
      detail: {
        ...(event.reason ? { reason: event.reason } : {}),
        ...(event.clientId ? { client: event.clientId } : {}),
        ...(event.address ? { address: subjectRef(`address:${event.address}`) } : {}),
      },
    };
    authEvents.inc({ type: event.type });
    log.info({ action: record.action, actor: record.actor, reason: event.reason, client: event.clientId }, `auth ${event.type}`);
    try {
      await trail.append(record);
    } catch (err) {
      // a sign-in must not fail because the trail is briefly unavailable; the log line above has it
      // (a store outage is logged once by the store itself)
      if (codeOf(err) !== ErrorCode.STORE_UNAVAILABLE) log.error({ err }, "could not append auth audit event");
    }
  };
}
export type Auditor = ReturnType<typeof createAuditor>;
