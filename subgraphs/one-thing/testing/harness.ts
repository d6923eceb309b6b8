import { randomUUID } from "node:crypto";
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from "../../../lib/principal";
import type { StreamEntry, Store } from "../../../lib/store";
import { demoData, type DemoPerson } from "../../../schema/demo";
import type { EngineSettings } from "../options";
import type { RecordedCall, RecordingAgencies } from "./recording-agencies";

/** Settings that keep one test run's keys and stream apart from every other run, with short timings. */
export function testSettings(overrides: Partial<EngineSettings> = {}): Partial<EngineSettings> {
  const run = randomUUID().slice(0, 8);
  return {
    keyPrefix: `kb:test:one:${run}`,
    rosterStream: `kb:test:roster:${run}`,
    retryBaseMs: 40,
    retryMaxMs: 200,
    maxAttempts: 5,
    leaseMs: 1_500,
    pollMs: 100,
    verificationShare: 0.2,
    verificationSeed: "test-seed",
    checkFirstMs: 50,
    checkMaxMs: 200,
    timerTickMs: 50,
    ...overrides,
  };
}

export const clerk = (region = "省本级"): Principal => ({ kind: "staff", subject: `clerk-${region}`, roles: ["clerk"], agency: "window", region });

/** One GraphQL request as the gateway would send it: the principal in the signed header. */
export async function gql<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, principal?: Principal) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(principal ? { [PRINCIPAL_HEADER]: signPrincipal(principal, { audience: "one-thing", requestId: randomUUID() }) } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Demo people handed out one at a time so tests never share an applicant. */
export function peoplePicker() {
  const used = new Set<string>();
  return (stage?: DemoPerson["stage"], filter: (p: DemoPerson) => boolean = () => true): DemoPerson => {
    const p = demoData().people.find((x) => !used.has(x.idNumber) && (!stage || x.stage === stage) && filter(x));
    if (!p) throw new Error(`no demo person left for ${stage}`);
    used.add(p.idNumber);
    return p;
  };
}

export const employerAt = (i: number) => demoData().employers[i % demoData().employers.length]!;

/** The calls of one application, by step id (the last part of the idempotency key). */
export function callsOf(agencies: RecordingAgencies, applicationId: string): (RecordedCall & { stepId: string })[] {
  return agencies.calls
    .filter((c) => c.idempotencyKey.startsWith(`${applicationId}.`))
    .map((c) => ({ ...c, stepId: c.idempotencyKey.slice(applicationId.length + 1) }));
}

/** Every roster entry of one application. */
export async function rosterOf(store: Store, stream: string, applicationId: string): Promise<StreamEntry[]> {
  return (await store.xrange(stream)).filter((e) => e.fields.applicationId === applicationId);
}

export const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitApplicationInput!) {
    submitApplication(input: $input) {
      id scenario status caseNumber region materialsAsked materialsSumOverItems materialsCut
      steps { id stage relation itemCode status caseNumber deadline attempts }
    }
  }`;

export const APPLICATION = /* GraphQL */ `
  query App($id: ID!) {
    application(id: $id) {
      id status completedAt materialsCut
      commitments { material verificationTaskId }
      revocations { stepId itemCode caseNumber }
      steps { id stage relation itemCode status caseNumber deadline overdue attempts errorCode reason blockedBy receipt { caseNumber system status notes } }
    }
  }`;
