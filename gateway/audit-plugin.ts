import type { ApolloServerPlugin } from "@apollo/server";
import { Kind } from "graphql";
import { subjectRef, type AuditLog } from "../lib/audit";
import { identifiersIn, literalArgs } from "./identifiers";
import { codeOf } from "../lib/errors";
import type { GatewayContext } from "./context";

function subjectsIn(value: unknown): Set<string> {
  const { people, employers } = identifiersIn(value);
  return new Set([...people, ...employers].map(subjectRef));
}


/**
 * One audit record per GraphQL operation: who, what kind, which root fields, which people or
 * employers (pseudonymised), and how it ended. Records are appended after the response is sent.
 */
export function auditPlugin(audit: AuditLog): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async willSendResponse({ contextValue, operation, request, response, errors }) {
          const principal = contextValue.principal;
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...new Set([...(errors ?? []), ...(result?.errors ?? [])].map((e) => codeOf(e) ?? "INTERNAL_SERVER_ERROR"))];
          const subjects = subjectsIn([request.variables ?? {}, literalArgs(operation ?? undefined)]);
          const rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
          const denied = codes.some((c) => c === "FORBIDDEN" || c === "UNAUTHENTICATED" || c === "RATE_LIMITED");
          void audit.append({
            action: `graphql.${operation?.operation ?? "invalid"}`,
            actor: principal?.subject ?? "anonymous",
            actorKind: principal?.kind ?? "anonymous",
            outcome: denied ? "denied" : codes.length ? "error" : "ok",
            subjects: [...subjects],
            requestId: contextValue.requestId,
            detail: {
              fields: rootFields.join(","),
              ...(request.operationName ? { operation: request.operationName } : {}),
              ...(codes.length ? { codes: codes.join(",") } : {}),
              ms: Date.now() - started,
            },
          });
        },
      };
    },
  };
}
