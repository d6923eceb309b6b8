import type { ApolloServerPlugin } from "@apollo/server";
import { createHash } from "node:crypto";
import { Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";
import { subjectRef, type AuditEvent, type AuditLog } from "../lib/audit";
import { ErrorCode, codeOf } from "../lib/errors";
import { log } from "../lib/log";
import type { Principal } from "../lib/principal";
import { AUDITED_TYPES } from "./access";
import type { GatewayContext } from "./context";
import { identifiersIn } from "./identifiers";

/** The people and employers a response contained, as the access layer let them through. */
export interface Returned {
  people: Set<string>;
  employers: Set<string>;
}

export const newReturned = (): Returned => ({ people: new Set(), employers: new Set() });

/** Records an object the access layer allowed (see `AccessState.onAllowed`). */
export function noteReturned(returned: Returned, typeName: string, object: Record<string, unknown>): void {
  if (typeName === "Person" && typeof object.idNumber === "string") returned.people.add(object.idNumber.toUpperCase());
  if (typeName === "Employer" && typeof object.creditCode === "string") returned.employers.add(object.creditCode.toUpperCase());
}

/** Who the actor is, as the audit and the citizen's data tracker show it: staff by role and office, never by name. */
function actorOf(p: Principal | undefined): Pick<AuditEvent, "actor" | "actorKind" | "department" | "office" | "role"> {
  if (!p) return { actor: "anonymous", actorKind: "anonymous" };
  switch (p.kind) {
    case "staff": return { actor: p.subject, actorKind: "staff", department: p.agency, office: p.region, role: p.roles.join(",") };
    case "partner": return { actor: p.subject, actorKind: "partner", department: p.department };
    case "employer": return { actor: p.subject, actorKind: "employer", department: p.creditCode };
    case "citizen": return { actor: p.subject, actorKind: "citizen" };
  }
}

/**
 * Which `Type.field`s of people and employers an operation selects, and which systems serve them:
 * worked out once per operation text.
 */
function personalSelection(schema: GraphQLSchema, document: DocumentNode, ownerOf: (coordinate: string) => string | undefined): { fields: string[]; systems: string[] } {
  const fields = new Set<string>();
  const systems = new Set<string>();
  const info = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(info, {
    Field(node) {
      const parent = info.getParentType();
      if (!parent || !AUDITED_TYPES.includes(parent.name) || node.name.value.startsWith("__")) return;
      const coordinate = `${parent.name}.${node.name.value}`;
      fields.add(coordinate);
      const owner = ownerOf(coordinate);
      if (owner) systems.add(owner);
    },
  }));
  return { fields: [...fields].sort(), systems: [...systems].sort() };
}

const MAX_CACHED_OPERATIONS = 500;

/**
 * One audit record per GraphQL operation, naming every person and employer the response actually
 * contained (keyed pseudonyms), the principal, department, purpose, case, operation hash and
 * outcome. When the response holds anyone's data the record is written before the response
 * leaves: if it cannot be written, the caller gets AUDIT_UNAVAILABLE (503) and none of the data.
 */
export function auditPlugin(audit: AuditLog, schema: () => GraphQLSchema, ownerOf: (coordinate: string) => string | undefined = () => undefined): ApolloServerPlugin<GatewayContext> {
  const selections = new Map<string, { fields: string[]; systems: string[] }>();
  let outage = false;
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async willSendResponse({ contextValue, operation, document, request, response, errors }) {
          const principal = contextValue.principal;
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...new Set([...(errors ?? []), ...(result?.errors ?? [])].map((e) => codeOf(e) ?? "INTERNAL_SERVER_ERROR"))];
          const returned = contextValue.returned ?? newReturned();
          // Whatever the access layer saw, plus any ID number or credit code elsewhere in the answer (rosters, applications).
          identifiersIn(result?.data ?? null, { people: returned.people, employers: returned.employers });
          const subjects = [...returned.people, ...returned.employers].map(subjectRef);
          const text = request.query ?? "";
          let selection = selections.get(text);
          if (!selection && document && subjects.length) {
            selection = personalSelection(schema(), document, ownerOf);
            if (selections.size >= MAX_CACHED_OPERATIONS) selections.clear();
            selections.set(text, selection);
          }
          const rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
          const denied = codes.some((c) => c === "FORBIDDEN" || c === "UNAUTHENTICATED" || c === "RATE_LIMITED" || c === "PURPOSE_REQUIRED");
          const event: AuditEvent = {
            action: `graphql.${operation?.operation ?? "invalid"}`,
            ...actorOf(principal),
            outcome: denied ? "denied" : codes.length ? "error" : "ok",
            subjects,
            requestId: contextValue.requestId,
            ...(contextValue.purpose ? { purpose: contextValue.purpose } : {}),
            ...(contextValue.caseId ? { caseId: contextValue.caseId } : {}),
            ...(text ? { operationHash: createHash("sha256").update(text).digest("hex").slice(0, 32) } : {}),
            ...(subjects.length && selection ? { systems: selection.systems, fields: selection.fields } : {}),
            detail: {
              fields: rootFields.join(","),
              ...(request.operationName ? { operation: request.operationName } : {}),
              ...(codes.length ? { codes: codes.join(",") } : {}),
              ms: Date.now() - started,
            },
          };
          if (!subjects.length) {
            // Nobody's data in it (the catalogue, a refusal): the record is still kept, but its loss withholds nothing.
            audit.append(event).catch(() => undefined);
            return;
          }
          try {
            await audit.append(event);
            outage = false;
          } catch (err) {
            if (!outage) log.error({ err: String(err) }, "audit log unavailable: personal data withheld");
            outage = true;
            response.http.status = 503;
            response.http.headers.set("retry-after", "5");
            response.body = {
              kind: "single",
              singleResult: { errors: [{ message: "The audit record of this read could not be written, so nothing was served; try again shortly", extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }] },
            };
          }
        },
      };
    },
  };
}
