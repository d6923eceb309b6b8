import { createHash, randomBytes } from "node:crypto";
import { unauthenticated } from "../../lib/errors";
import type { Principal } from "../../lib/principal";

type Headers = Record<string, string | string[] | undefined>;
const SCHEME = /^replay\s+(\S+)$/i;

/**
 * Who the simulated people are at the gateway. A replay plays thousands of residents, employers'
 * operators and window clerks of 23 offices, none of whom has an account at the hub; signing each
 * in would measure the hub, not the work. So the process that runs the replay hands its gateway an
 * authenticator that knows the replay's own credentials: random per run, held only in this
 * process's memory, never written anywhere, and dropped by `close()` — after which the gateway
 * knows only hub tokens again. Everything after authentication (access policy on every object,
 * audit, limits, subgraphs, engine) is the real pipeline.
 */
export class ReplayIdentities {
  private readonly byToken = new Map<string, Principal>();
  private readonly bySubject = new Map<string, string>();
  private open = true;

  /** The credential (an `authorization` header value) the replay sends for this principal. */
  credential(principal: Principal): string {
    if (!this.open) throw new Error("the replay's identities are closed");
    let token = this.bySubject.get(principal.subject);
    if (!token) {
      token = randomBytes(24).toString("base64url");
      this.bySubject.set(principal.subject, token);
      this.byToken.set(token, principal);
    }
    return `Replay ${token}`;
  }

  /** For the gateway: a replay credential's principal; undefined for any other header. */
  principalOf(headers: Headers): Principal | undefined {
    const raw = headers.authorization;
    const value = Array.isArray(raw) ? raw[0] : raw;
    const m = value ? SCHEME.exec(value) : null;
    return m ? this.byToken.get(m[1]!) : undefined;
  }

  /** Whether a request carries a replay credential at all (known or not). */
  static carries(headers: Headers): boolean {
    const raw = headers.authorization;
    const value = Array.isArray(raw) ? raw[0] : raw;
    return Boolean(value && SCHEME.test(value));
  }

  /** The replay is over: its credentials stop working at once. */
  close(): void {
    this.open = false;
    this.byToken.clear();
    this.bySubject.clear();
  }
}

/**
 * A gateway `authenticate` that takes the replay's credentials first and everything else to
 * `next` (hub tokens). An unknown replay credential is refused like a bad token.
 */
export function withReplayIdentities(identities: ReplayIdentities, next: (headers: Headers) => Promise<Principal | undefined>) {
  return async (headers: Headers): Promise<Principal | undefined> => {
    if (!ReplayIdentities.carries(headers)) return next(headers);
    const p = identities.principalOf(headers);
    if (!p) throw unauthenticated("This replay credential is not (or no longer) valid");
    return p;
  };
}

/** A pseudonymous subject: no raw ID number in a subject (rate-limit keys and logs carry it). */
export const subjectFor = (kind: string, id: string) => `replay-${kind}-${createHash("sha256").update(id).digest("hex").slice(0, 16)}`;

export const windowClerk = (office: string): Principal => ({ kind: "staff", subject: subjectFor("clerk", office), roles: ["clerk"], agency: "window", region: office });
export const citizen = (idNumber: string): Principal => ({ kind: "citizen", subject: subjectFor("citizen", idNumber), idNumber });
export const employerOperator = (creditCode: string): Principal => ({ kind: "employer", subject: subjectFor("employer", creditCode), creditCode });
/** The province's window, watching the replay's applications and checking sampled commitments. */
export const provinceClerk: Principal = { kind: "staff", subject: "replay-province-clerk", roles: ["clerk"], agency: "window", region: "省本级" };
