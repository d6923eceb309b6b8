import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { divisionCodes } from "../../schema/demo/regions";
import { defaults, envString } from "../config";
import { log } from "../log";
import { PRINCIPAL_HEADER, signPrincipal, systemPrincipal } from "../principal";

/**
 * What the object rules need to know of a person besides her ID number: where she is registered
 * (参保地, the region staff scope is checked against) and which employers actively insure her
 * (what an employer operator may see). The social-insurance system is the authority for both.
 */
export interface PersonFacts {
  region: string | null;
  /** Credit codes of the employers with an ACTIVE enrolment of the person. */
  employers: string[];
}

/** People's facts by ID number; a person the system does not know maps to null. */
export type FactsSource = (idNumbers: readonly string[]) => Promise<Map<string, PersonFacts | null>>;

/** One loader per request, so the facts of a page of 50 people are one call. */
export type FactsLoader = DataLoader<string, PersonFacts | null>;

export function factsLoader(source: FactsSource): FactsLoader {
  return new DataLoader<string, PersonFacts | null>(async (ids) => {
    try {
      const found = await source(ids);
      return ids.map((id) => found.get(id) ?? null);
    } catch (err) {
      // Unknown facts decide nothing in anyone's favour: every rule that needs them refuses.
      log.warn({ err: String(err) }, "person facts unavailable");
      return ids.map(() => null);
    }
  }, { maxBatchSize: 500 });
}

const regionByDivision = new Map(Object.entries(divisionCodes).map(([name, code]) => [code, name]));
/**
 * The region an employer is registered in, from its credit code: characters 3-8 of a GB 32100
 * code are the division code of the registering authority (登记管理机关行政区划码).
 */
export const employerRegion = (creditCode: string): string | null => regionByDivision.get(creditCode.slice(2, 8)) ?? null;

const FACTS_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber region socialInsurance { enrolments { status employer { creditCode } } } } } }`;

interface FactsEntity {
  idNumber?: string;
  region?: string | null;
  socialInsurance?: { enrolments?: { status?: string | null; employer?: { creditCode?: string } | null }[] } | null;
}

/** Facts from a subgraph answer (the social-insurance subgraph's `Person`). */
export function factsOf(entity: FactsEntity | null | undefined): PersonFacts | null {
  if (!entity?.idNumber || !entity.socialInsurance) return entity?.idNumber ? { region: entity.region ?? null, employers: [] } : null;
  const employers = (entity.socialInsurance.enrolments ?? [])
    .filter((e) => e.status === "ACTIVE" && e.employer?.creditCode)
    .map((e) => e.employer!.creditCode!);
  return { region: entity.region ?? null, employers: [...new Set(employers)] };
}

/** The social-insurance subgraph's GraphQL URL (`SOCIAL_INSURANCE_SUBGRAPH_URL`). */
export const socialInsuranceUrl = () => envString("SOCIAL_INSURANCE_SUBGRAPH_URL", `http://${defaults.host}:${defaults.ports.socialInsurance}/graphql`);

/**
 * Facts read from the social-insurance subgraph over HTTP, signed as the access check's own
 * system principal: how the other subgraphs and the gateway learn them.
 */
export function remoteFactsSource(url: string | (() => string) = socialInsuranceUrl, timeoutMs = 3_000): FactsSource {
  return async (ids) => {
    const target = typeof url === "function" ? url() : url;
    const res = await fetch(target, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [PRINCIPAL_HEADER]: signPrincipal(systemPrincipal("access-facts"), { audience: "social-insurance", requestId: randomUUID() }),
      },
      body: JSON.stringify({ query: FACTS_QUERY, variables: { r: ids.map((idNumber) => ({ __typename: "Person", idNumber })) } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { data?: { _entities?: (FactsEntity | null)[] } };
    const entities = body.data?._entities;
    if (!entities) throw new Error(`no facts from the social-insurance system (HTTP ${res.status})`);
    return new Map(ids.map((id, i) => [id, factsOf(entities[i])]));
  };
}
