import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { devOnlyDefault } from "./config";
import { unauthenticated } from "./errors";

/** Staff roles (see ARCHITECTURE.md "Access"). */
export type StaffRole = "clerk" | "operator" | "supervisor" | "auditor" | "admin";

/**
 * Who is asking. The gateway turns every request's credential into one of these; subgraphs receive
 * it from the gateway in a signed envelope and never see the credential itself.
 */
export type Principal =
  /** A resident signed in at the hub; may act only for themself. */
  | { kind: "citizen"; subject: string; idNumber: string }
  /** An employer's operator (经办人), acting for the enterprise identified by the credit code. */
  | { kind: "employer"; subject: string; creditCode: string }
  /**
   * Department staff: roles, the agency they work for and the region (contact point) they serve;
   * a city covers its districts and counties, 省本级 the province.
   */
  | { kind: "staff"; subject: string; roles: string[]; agency: string; region: string }
  /**
   * A partner department, by API key (`keyId`) or `client_credentials` token (`clientId`), limited to
   * its scopes; `ratePerMinute` is its own limit.
   */
  | { kind: "partner"; subject: string; department: string; scopes: string[]; keyId?: string; clientId?: string; ratePerMinute?: number };

export const PRINCIPAL_HEADER = "x-kuaiban-principal";
/** How long a signed principal is good for: long enough for one request's subgraph calls. */
export const PRINCIPAL_TTL_SECONDS = 60;

let secret: string | undefined;
/** Shared by the gateway and the subgraphs so a subgraph can tell the envelope came from the gateway. */
function internalSecret(): string {
  secret ??= devOnlyDefault("KUAIBAN_INTERNAL_SECRET", "dev-only-internal-secret-do-not-use-in-production");
  return secret;
}

function mac(payload: string): string {
  return createHmac("sha256", internalSecret()).update(payload).digest("base64url");
}

/** What travels to a subgraph: who, for which subgraph (`aud`), in which request (`rid`), until when (`exp`, epoch seconds). */
export interface PrincipalEnvelope {
  /** Null for an anonymous caller of a public field (the catalogue): signed all the same. */
  p: Principal | null;
  aud: string;
  rid: string;
  exp: number;
}

export function signPrincipal(principal: Principal | undefined, opts: { audience: string; requestId: string; ttlSeconds?: number; now?: number }): string {
  const now = opts.now ?? Date.now();
  const envelope: PrincipalEnvelope = { p: principal ?? null, aud: opts.audience, rid: opts.requestId, exp: Math.floor(now / 1000) + Math.min(opts.ttlSeconds ?? PRINCIPAL_TTL_SECONDS, PRINCIPAL_TTL_SECONDS) };
  const payload = Buffer.from(JSON.stringify(envelope)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/**
 * Opens a signed principal meant for `audience`. Throws UNAUTHENTICATED when it is missing, not
 * the gateway's, for another subgraph, or expired.
 */
export function openPrincipal(raw: unknown, audience: string, now = Date.now()): PrincipalEnvelope {
  if (typeof raw !== "string" || !raw) throw unauthenticated("This system answers only requests signed by the gateway");
  const dot = raw.indexOf(".");
  if (dot < 0) throw unauthenticated("The signed principal is malformed");
  const payload = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(mac(payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated("The signed principal is not the gateway's");
  let envelope: PrincipalEnvelope;
  try {
    envelope = JSON.parse(Buffer.from(payload, "base64url").toString()) as PrincipalEnvelope;
  } catch {
    throw unauthenticated("The signed principal is malformed");
  }
  if (envelope.aud !== audience) throw unauthenticated("The signed principal is meant for another system");
  if (typeof envelope.exp !== "number" || envelope.exp * 1000 < now) throw unauthenticated("The signed principal has expired");
  return envelope;
}

/** The principal in a request's header, opened for `audience` (throws as `openPrincipal`). */
export function principalFromHeader(headers: IncomingHttpHeaders, audience: string): PrincipalEnvelope {
  return openPrincipal(headers[PRINCIPAL_HEADER], audience);
}

/**
 * The principal a component acts as when it calls a subgraph on its own account (the one-thing
 * engine carrying out an application's steps, access checks reading facts): province-wide staff
 * with the `system` role.
 */
export const systemPrincipal = (subject: string): Principal => ({ kind: "staff", subject, roles: ["system"], agency: "kuaiban", region: "省本级" });
