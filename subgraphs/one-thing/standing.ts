import { ErrorCode, KuaibanError } from "../../lib/errors";
import { engineHeaders } from "./engine-principal";

/**
 * What the social-insurance system knows of the parties of a submission, read before anything else
 * so the submitter's standing is decided before any fact of the person is: where the person and the
 * employer are registered, and which employers actively insure the person.
 */
export interface Standing {
  personRegion: string | null;
  employerRegion: string | null;
  /** Credit codes of the employers that actively insure the person (参保状态 正常). */
  insurers: string[];
}

export type StandingSource = (who: { idNumber: string | null; creditCode: string | null }) => Promise<Standing>;

const QUERY = `query Standing($r: [_Any!]!) { _entities(representations: $r) {
  ... on Person { region socialInsurance { enrolments { status employer { creditCode } } } }
  ... on Employer { region } } }`;

interface Enrolment { status: string | null; employer: { creditCode: string } | null }

/**
 * Standing from the social-insurance subgraph. When it cannot be read the submission fails
 * (UPSTREAM_UNAVAILABLE) rather than being decided without it.
 */
export function agencyStandingSource(socialInsuranceUrl: string, opts: { timeoutMs?: number } = {}): StandingSource {
  const timeoutMs = opts.timeoutMs ?? 2_000;
  return async ({ idNumber, creditCode }) => {
    const reps = [
      ...(idNumber ? [{ __typename: "Person", idNumber }] : []),
      ...(creditCode ? [{ __typename: "Employer", creditCode }] : []),
    ];
    if (!reps.length) return { personRegion: null, employerRegion: null, insurers: [] };
    let body: { data?: { _entities?: (Record<string, unknown> | null)[] } | null };
    try {
      const res = await fetch(socialInsuranceUrl, {
        method: "POST",
        headers: engineHeaders("social-insurance"),
        body: JSON.stringify({ query: QUERY, variables: { r: reps } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, "The social-insurance system is not available to check who may apply", { system: "social-insurance" });
    }
    const entities = body.data?._entities;
    if (!entities) throw new KuaibanError(ErrorCode.UPSTREAM_UNAVAILABLE, "The social-insurance system did not say who may apply", { system: "social-insurance" });
    const person = idNumber ? entities[0] : null;
    const employer = creditCode ? entities[idNumber ? 1 : 0] : null;
    const enrolments = ((person?.socialInsurance as { enrolments?: Enrolment[] } | null)?.enrolments ?? []);
    return {
      personRegion: (person?.region as string | null | undefined) ?? null,
      employerRegion: (employer?.region as string | null | undefined) ?? null,
      insurers: [...new Set(enrolments.filter((e) => e.status === "ACTIVE" && e.employer).map((e) => e.employer!.creditCode))],
    };
  };
}
