import type { ApolloServerPlugin } from "@apollo/server";
import { createHash } from "node:crypto";
import { Kind, TypeInfo, getOperationAST, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";
import { subjectRef, type AuditEvent, type AuditLog } from "../lib/audit";
import { ErrorCode, codeOf } from "../lib/errors";
import { StoreUnavailableError } from "../lib/store/outage";
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

export interface AuditedOperation {
  context: GatewayContext;
  /** The operation's text, its parsed document (absent when it did not parse) and name. */
  query: string;
  document?: DocumentNode;
  operationName?: string | null;
  data: unknown;
  errors: readonly unknown[];
  started: number;
}

export const AUDIT_UNAVAILABLE_MESSAGE = "The audit record of this read could not be written, so nothing was served; try again shortly";

/**
 * One audit record per GraphQL response (an HTTP answer, each event of a subscription), naming
 * every person and employer it actually contained (keyed pseudonyms), the principal, department,
 * purpose, case, operation hash and outcome. When it holds anyone's data the record is written
 * before it leaves: `record` resolves to the refusal to send instead when that failed, and the
 * caller withholds the data: STORE_UNAVAILABLE when the store cannot be reached (the store logs the
 * outage), AUDIT_UNAVAILABLE when the store refused the write.
 */
export class Auditor {
  private readonly selections = new Map<string, { fields: string[]; systems: string[] }>();
  private outage = false;

  constructor(private readonly audit: AuditLog, private readonly schema: () => GraphQLSchema, private readonly ownerOf: (coordinate: string) => string | undefined = () => undefined) {}

  async record(op: AuditedOperation): Promise<true | AuditRefusal> {
    const { context, query, document } = op;
    const codes = [...new Set(op.errors.map((e) => codeOf(e) ?? "INTERNAL_SERVER_ERROR"))];
    // Whatever the access layer let through, plus any ID number or credit code elsewhere in the answer (rosters, applications).
    const returned = context.returned ?? newReturned();
    identifiersIn(op.data ?? null, { people: returned.people, employers: returned.employers });
    context.returned = newReturned(); // a subscription's next event is a response of its own
    const subjects = [...returned.people, ...returned.employers].map(subjectRef);
    const operation = document ? getOperationAST(document, op.operationName ?? undefined) : null;
    let selection = this.selections.get(query);
    if (!selection && document && subjects.length) {
      selection = personalSelection(this.schema(), document, this.ownerOf);
      if (this.selections.size >= MAX_CACHED_OPERATIONS) this.selections.clear();
      this.selections.set(query, selection);
    }
    const rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
    const denied = codes.some((c) => c === "FORBIDDEN" || c === "UNAUTHENTICATED" || c === "RATE_LIMITED" || c === "PURPOSE_REQUIRED");
    const event: AuditEvent = {
      action: `graphql.${operation?.operation ?? "invalid"}`,
      ...actorOf(context.principal),
      outcome: denied ? "denied" : codes.length ? "error" : "ok",
      subjects,
      requestId: context.requestId,
      ...(context.purpose ? { purpose: context.purpose } : {}),
      ...(context.caseId ? { caseId: context.caseId } : {}),
      ...(query ? { operationHash: createHash("sha256").update(query).digest("hex").slice(0, 32) } : {}),
      ...(subjects.length && selection ? { systems: selection.systems, fields: selection.fields } : {}),
      detail: {
        fields: rootFields.join(","),
        ...(op.operationName ? { operation: op.operationName } : {}),
        ...(codes.length ? { codes: codes.join(",") } : {}),
        ms: Date.now() - op.started,
      },
    };
    if (!subjects.length) {
      // Nobody's data in it (the catalogue, a refusal): the record is still kept, but its loss withholds nothing.
      this.audit.append(event).catch(() => undefined);
      return true;
    }
    try {
      await this.audit.append(event);
      this.outage = false;
      return true;
    } catch (err) {
      if (codeOf(err) === ErrorCode.STORE_UNAVAILABLE) return storeRefusal;
      if (!this.outage) log.error({ err: String(err) }, "audit log unavailable: personal data withheld");
      this.outage = true;
      return auditRefusal;
    }
  }
}

/** What is sent instead of an answer whose audit record could not be written (HTTP 503). */
export interface AuditRefusal {
  code: typeof ErrorCode.AUDIT_UNAVAILABLE | typeof ErrorCode.STORE_UNAVAILABLE;
  message: string;
  retryAfterSeconds: number;
}
const auditRefusal: AuditRefusal = { code: ErrorCode.AUDIT_UNAVAILABLE, message: AUDIT_UNAVAILABLE_MESSAGE, retryAfterSeconds: 5 };
const storeDown = new StoreUnavailableError();
const storeRefusal: AuditRefusal = { code: ErrorCode.STORE_UNAVAILABLE, message: storeDown.message, retryAfterSeconds: storeDown.extensions.retryAfterSeconds as number };
export const refusalErrors = (r: AuditRefusal) => [{ message: r.message, extensions: { code: r.code, retryAfterSeconds: r.retryAfterSeconds } }];

/** The Apollo Server side of the audit: every HTTP answer, withheld with 503 when its record could not be written. */
export function auditPlugin(auditor: Auditor): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async willSendResponse({ contextValue, document, request, response, errors }) {
          const result = response.body.kind === "single" ? response.body.singleResult : undefined;
          const written = await auditor.record({
            context: contextValue,
            query: request.query ?? "",
            document: document ?? undefined,
            operationName: request.operationName,
            data: result?.data,
            errors: [...(errors ?? []), ...(result?.errors ?? [])],
            started,
          });
          if (written === true) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(written.retryAfterSeconds));
          response.body = { kind: "single", singleResult: { errors: refusalErrors(written) } };
        },
      };
    },
  };
}
