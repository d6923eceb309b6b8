import { randomUUID } from "node:crypto";
import { PRINCIPAL_HEADER, signPrincipal, systemPrincipal } from "../../lib/principal";

/**
 * Who the engine is when it calls an agency on its own account (performing a step, reading the
 * facts and standing an application needs): one system principal, always the same, so an agency's
 * idempotency receipts for the engine's retries are found again whichever engine instance retries.
 */
export const ENGINE_PRINCIPAL = systemPrincipal("one-thing-engine");

/** The headers of one call to `audience` (the name of the agency subgraph called), signed for it alone. */
export function engineHeaders(audience: string, requestId: string = randomUUID()): Record<string, string> {
  return { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(ENGINE_PRINCIPAL, { audience, requestId }) };
}
