import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { devOnlyDefault } from "./config";

/**
 * Who is asking. The gateway turns every request's credential into one of these; subgraphs receive
 * it from the gateway in a signed header and never see the credential itself.
 */
export type Principal =
  /** A resident signed in at the hub; may act only for themself. */
  | { kind: "citizen"; subject: string; idNumber: string }
  /** An employer's operator (经办人), acting for the enterprise identified by the credit code. */
  | { kind: "employer"; subject: string; creditCode: string }
  /** Department staff: roles, the agency they work for and the region (contact point) they serve. */
  | { kind: "staff"; subject: string; roles: string[]; agency: string; region: string }
  /** A partner department calling with an API key, limited to its scopes. */
  | { kind: "partner"; subject: string; department: string; scopes: string[] };

export const PRINCIPAL_HEADER = "x-kuaiban-principal";

let secret: string | undefined;
/** Shared by the gateway and the subgraphs so a subgraph can tell the header came from the gateway. */
function internalSecret(): string {
  secret ??= devOnlyDefault("KUAIBAN_INTERNAL_SECRET", "dev-only-internal-secret-do-not-use-in-production");
  return secret;
}

function mac(payload: string): string {
  return createHmac("sha256", internalSecret()).update(payload).digest("base64url");
}

export function principalHeaderValue(principal: Principal): string {
  const payload = Buffer.from(JSON.stringify(principal)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The principal the gateway sent, or undefined when the header is missing or not the gateway's. */
export function principalFromHeader(headers: IncomingHttpHeaders): Principal | undefined {
  return principalFromValue(headers[PRINCIPAL_HEADER]);
}

/** Same check for a value carried elsewhere (a subscription's `extensions`). */
export function principalFromValue(raw: unknown): Principal | undefined {
  if (typeof raw !== "string") return undefined;
  const dot = raw.indexOf(".");
  if (dot < 0) return undefined;
  const payload = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(mac(payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return JSON.parse(Buffer.from(payload, "base64url").toString()) as Principal;
}
