import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Kind, type OperationDefinitionNode, parse, valueFromASTUntyped } from "graphql";
import { demoData } from "../../../schema/demo";
import { now as clockNow } from "../../../lib/clock";
import type { AgencyUrls } from "../options";
import { caseQuery } from "../step-mutations";

/**
 * Small real GraphQL-over-HTTP servers that play the five agency subgraphs for the engine's own
 * tests and benchmark. Every item mutation is recorded and deduplicated by its idempotency key, as
 * the real agencies and their legacy systems do: the first call performs (one record), repeats
 * return the first receipt. Behaviour per call can be scripted: slow, unavailable, refused. They
 * also answer `_entities` lookups of people from `people`, as the engine's facts source asks.
 */
export type AgencyName = keyof AgencyUrls;
const AGENCIES: AgencyName[] = ["social-insurance", "employment", "personnel", "labor-relations", "card"];

export interface RecordedCall {
  agency: AgencyName;
  mutation: string;
  itemCode: string | null;
  idempotencyKey: string;
  args: Record<string, unknown>;
  startedAt: number;
  endedAt: number;
  outcome: "PERFORMED" | "REPEATED" | "UNAVAILABLE" | "REJECTED";
}

export interface Behaviour {
  /** Answer after this long (ms). */
  delayMs?: number;
  /** Answer UPSTREAM_UNAVAILABLE while this returns true. */
  unavailable?: (call: { key: string; itemCode: string | null; agency: AgencyName }) => boolean;
  /** Refuse with this code (UPSTREAM_REJECTED, CONFLICT, NOT_FOUND) when it returns one. */
  reject?: (call: { key: string; itemCode: string | null; agency: AgencyName }) => string | null;
  /** The receipt's status (default COMPLETED), e.g. IN_PRODUCTION for a card being made. */
  receiptStatus?: (call: { key: string; itemCode: string | null; agency: AgencyName }) => string;
  /**
   * When an accepted (not completed) case is completed, in clock ms after its acceptance (default 0:
   * the first time it is asked about); the case query answers ACCEPTED until then.
   */
  completeAfterMs?: (call: { key: string; itemCode: string | null; agency: AgencyName }) => number;
  /** The time limit's condition stated at acceptance (1.7.4: CLEAR, INVESTIGATION). */
  limitCondition?: (call: { key: string; itemCode: string | null; agency: AgencyName }) => string | null;
}

/** What the agencies' records say about a person, for `_entities` lookups (the engine's facts source). */
export interface PersonRecord {
  card?: string;
  unemploymentBenefitPaying?: boolean;
  archive?: { region: string; partyMember: boolean };
  graduate?: boolean;
  employmentCardNo?: string | null;
  /** Where the social-insurance system has her registered; default: the demo person's region. */
  region?: string;
  /** Credit codes that actively insure her; default: the demo person's employer while employed. */
  insuredBy?: string[];
}

/** The social-insurance system's side of standing checks: region and active enrolments, from the record or the demo data. */
function siEntity(rep: { __typename?: string; idNumber?: string; creditCode?: string }, r: PersonRecord | undefined): Record<string, unknown> | null {
  if (rep.__typename === "Employer") {
    const e = demoData().employers.find((x) => x.creditCode === rep.creditCode);
    return e ? { region: e.region } : null;
  }
  const demo = demoData().people.find((x) => x.idNumber === rep.idNumber);
  if (!r && !demo) return null;
  const insuredBy = r?.insuredBy ?? (demo?.stage === "EMPLOYED" && demo.employerCreditCode ? [demo.employerCreditCode] : []);
  return {
    idNumber: rep.idNumber,
    region: r?.region ?? demo?.region ?? null,
    socialInsurance: {
      benefits: r?.unemploymentBenefitPaying ? [{ kind: "UNEMPLOYMENT_BENEFIT", status: "PAYING" }] : [],
      enrolments: insuredBy.map((creditCode) => ({ status: "ACTIVE", employer: { creditCode } })),
    },
  };
}

function entityFor(agency: AgencyName, r: PersonRecord | undefined): Record<string, unknown> | null {
  if (!r) return null;
  switch (agency) {
    case "card": return { socialSecurityCard: r.card ? { status: r.card } : null };
    case "social-insurance": return { socialInsurance: { benefits: r.unemploymentBenefitPaying ? [{ kind: "UNEMPLOYMENT_BENEFIT", status: "PAYING" }] : [] } };
    case "personnel": return { archive: r.archive ?? null };
    case "employment": return { employment: r.graduate === undefined ? null : { graduate: r.graduate, employmentCardNo: r.employmentCardNo ?? null } };
    case "labor-relations": return {};
  }
}

export interface RecordingAgencies {
  /** Records by ID number that `_entities` answers from. */
  people: Map<string, PersonRecord>;
  urls: AgencyUrls;
  calls: RecordedCall[];
  /** Records kept (one per idempotency key), as the legacy systems would hold them. */
  records: Map<string, { agency: AgencyName; caseNumber: string; itemCode: string | null }>;
  behaviour: Behaviour;
  /** How many times the engines asked how a case stands. */
  caseQueries: number;
  /** Called when a call arrives, before it is answered (crash tests kill the engine from here). */
  onCall?: (call: { agency: AgencyName; key: string; mutation: string }) => void;
  reset(): void;
  close(): Promise<void>;
}

/** The item each typed mutation of the agencies performs (generic ones name it in `itemCode`). */
const TYPED_ITEMS: Record<string, string> = {
  enrolEmployee: "1.1.5", changeContributors: "1.3.1", stopUnemploymentBenefit: "1.8.1", applyForCard: "1.10.1", cancelCard: "1.10.9",
  activateCard: "1.10.2", resetCardPassword: "1.10.6", reportCardLoss: "1.10.7", reissueCard: "1.10.8",
  registerEmployment: "2.4.2", registerUnemployment: "2.4.1", applyForEmploymentCard: "2.4.3", acceptGraduate: "2.7.1",
  transferArchive: "3.4.1", transferPartyRelation: "3.4.7", filePublicInstitutionHire: "3.3.3", fileEmployment: "4.1.1", fileTermination: "4.1.1",
};

const PREFIX: Record<AgencyName, string> = { "social-insurance": "SI", employment: "JY", personnel: "RS", "labor-relations": "LD", card: "SB" };

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

function reply(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

export async function startRecordingAgencies(behaviour: Behaviour = {}): Promise<RecordingAgencies> {
  const calls: RecordedCall[] = [];
  const records = new Map<string, { agency: AgencyName; caseNumber: string; itemCode: string | null; receipt: unknown; completesAt?: number }>();
  const self: RecordingAgencies = {
    people: new Map(),
    urls: {} as AgencyUrls,
    calls,
    records,
    behaviour,
    caseQueries: 0,
    reset() { calls.length = 0; records.clear(); },
    close: async () => undefined,
  };
  let counter = 0;
  const servers = await Promise.all(AGENCIES.map(async (agency) => {
    const server = createServer((req, res) => {
      void (async () => {
        const startedAt = Date.now();
        const { query, variables } = JSON.parse(await body(req)) as { query: string; variables?: Record<string, unknown> };
        const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
        const field = op?.selectionSet.selections[0];
        if (op?.operation === "query" && field?.kind === Kind.FIELD && field.name.value === "_entities") {
          const reps = (variables?.r ?? variables?.representations ?? []) as { __typename?: string; idNumber: string; creditCode?: string }[];
          reply(res, 200, { data: { _entities: reps.map((r) => agency === "social-insurance" ? siEntity(r, self.people.get(r.idNumber)) : entityFor(agency, self.people.get(r.idNumber))) } });
          return;
        }
        if (op?.operation === "query" && field?.kind === Kind.FIELD && field.name.value === caseQuery[agency]) {
          const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
          const stored = records.get(String(args.idempotencyKey));
          const receipt = stored?.receipt as Record<string, unknown> | undefined;
          if (!stored || !receipt || receipt.caseNumber !== args.caseNumber) {
            reply(res, 200, { errors: [{ message: "no such case", extensions: { code: "NOT_FOUND" } }], data: null });
            return;
          }
          self.caseQueries++;
          if (receipt.status !== "COMPLETED" && clockNow() >= (stored.completesAt ?? 0)) {
            Object.assign(receipt, { status: "COMPLETED", completedAt: new Date(stored.completesAt ?? clockNow()).toISOString() });
          }
          reply(res, 200, { data: { [field.name.value]: receipt } });
          return;
        }
        if (!op || op.operation !== "mutation" || field?.kind !== Kind.FIELD) {
          reply(res, 400, { errors: [{ message: "only item mutations here", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
          return;
        }
        const mutation = field.name.value;
        const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
        const key = String(args.idempotencyKey);
        const itemCode = typeof args.itemCode === "string" ? args.itemCode : TYPED_ITEMS[mutation] ?? null;
        self.onCall?.({ agency, key, mutation });
        if (self.behaviour.delayMs) await new Promise((r) => setTimeout(r, self.behaviour.delayMs));
        const who = { key, itemCode, agency };
        const record = (outcome: RecordedCall["outcome"]) => calls.push({ agency, mutation, itemCode, idempotencyKey: key, args, startedAt, endedAt: Date.now(), outcome });
        if (self.behaviour.unavailable?.(who)) {
          record("UNAVAILABLE");
          reply(res, 200, { errors: [{ message: `The ${agency} system is not available right now`, extensions: { code: "UPSTREAM_UNAVAILABLE" } }], data: null });
          return;
        }
        const refusal = self.behaviour.reject?.(who);
        if (refusal) {
          record("REJECTED");
          reply(res, 200, { errors: [{ message: "refused", extensions: { code: refusal } }], data: null });
          return;
        }
        let stored = records.get(key);
        if (stored) {
          record("REPEATED");
        } else {
          const at = clockNow();
          const now = new Date(at).toISOString();
          const caseNumber = `${PREFIX[agency]}${String(++counter).padStart(8, "0")}`;
          const status = self.behaviour.receiptStatus?.(who) ?? "COMPLETED";
          stored = {
            agency, caseNumber, itemCode,
            receipt: {
              caseNumber, itemCode: itemCode ?? mutation, system: agency, status, acceptedAt: now, completedAt: status === "COMPLETED" ? now : null, idempotencyKey: key,
              limitCondition: self.behaviour.limitCondition?.(who) ?? null,
            },
            completesAt: at + (self.behaviour.completeAfterMs?.(who) ?? 0),
          };
          records.set(key, stored);
          record("PERFORMED");
        }
        reply(res, 200, { data: { [mutation]: stored.receipt } });
      })().catch((err) => reply(res, 500, { errors: [{ message: String(err) }] }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    self.urls[agency] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    return server;
  }));
  self.close = async () => {
    await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
  };
  return self;
}
