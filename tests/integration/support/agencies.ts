import { Arg, Directive, Field, ObjectType, Query, Resolver } from "type-graphql";
import { asClerk, purpose } from "../../support/principals";
import { startGateway, type RunningGateway } from "../../../gateway";
import type { LegacyStandIn } from "../../../lib/legacy-server";
import type { Store } from "../../../lib/store";
import { serveSubgraph, type RunningSubgraph } from "../../../lib/subgraph";
import { CreditCodeScalar, IdNumberScalar } from "../../../schema/scalars/graphql";
import { startEmployment } from "../../../subgraphs/employment";
import { startEmploymentLegacy } from "../../../subgraphs/employment/legacy";
import { startLaborRelations } from "../../../subgraphs/labor-relations";
import { startLaborRelationsLegacy } from "../../../subgraphs/labor-relations/legacy";
import { startPersonnel } from "../../../subgraphs/personnel";
import { startPersonnelLegacy } from "../../../subgraphs/personnel/legacy";

/**
 * A stand-in for the subgraph that owns the root entry points (social-insurance in production):
 * it answers lists of Person and Employer references, so the gateway has to merge every other
 * field through `_entities` exactly as it does for `persons(...)`.
 */
@Directive('@key(fields: "idNumber")')
@ObjectType("Person")
class RootPerson {
  @Field(() => IdNumberScalar) idNumber!: string;
}

@Directive('@key(fields: "creditCode")')
@ObjectType("Employer")
class RootEmployer {
  @Field(() => CreditCodeScalar) creditCode!: string;
}

@Resolver()
class RootResolver {
  @Query(() => [RootPerson])
  testPeople(@Arg("idNumbers", () => [IdNumberScalar]) idNumbers: string[]): RootPerson[] {
    return idNumbers.map((idNumber) => ({ idNumber }));
  }

  @Query(() => [RootEmployer])
  testEmployers(@Arg("creditCodes", () => [CreditCodeScalar]) creditCodes: string[]): RootEmployer[] {
    return creditCodes.map((creditCode) => ({ creditCode }));
  }
}

export function startRootSubgraph(): Promise<RunningSubgraph> {
  return serveSubgraph({
    name: "test-root",
    resolvers: [RootResolver],
    references: { Person: (rep) => ({ idNumber: rep.idNumber }), Employer: (rep) => ({ creditCode: rep.creditCode }) },
  }, 0);
}

export type AgencyName = "employment" | "personnel" | "labor-relations";

export interface AgencyStack {
  gateway: RunningGateway;
  root: RunningSubgraph;
  subgraphs: Record<AgencyName, RunningSubgraph>;
  legacy: Record<AgencyName, LegacyStandIn>;
  /** Stops a stand-in and starts a fresh one on the same port (re-seeded). */
  restartLegacy(name: AgencyName): Promise<void>;
  stopLegacy(name: AgencyName): Promise<void>;
  /** POSTs a GraphQL request to the gateway. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] }>;
  close(): Promise<void>;
}

const starters: Record<AgencyName, (port: number) => Promise<LegacyStandIn>> = {
  employment: (port) => startEmploymentLegacy({ port }),
  personnel: (port) => startPersonnelLegacy({ port }),
  "labor-relations": (port) => startLaborRelationsLegacy({ port }),
};

/** Three stand-ins, their three subgraphs, the root stand-in and a gateway over all four, on free ports. */
export async function startAgencyStack(store: Store, only: AgencyName[] = ["employment", "personnel", "labor-relations"]): Promise<AgencyStack> {
  const legacy = {} as Record<AgencyName, LegacyStandIn>;
  for (const name of only) legacy[name] = await starters[name](0);
  const subgraphs = {} as Record<AgencyName, RunningSubgraph>;
  if (legacy.employment) subgraphs.employment = await startEmployment({ store, port: 0, legacyUrl: legacy.employment.url });
  if (legacy.personnel) subgraphs.personnel = await startPersonnel({ store, port: 0, legacyUrl: legacy.personnel.url });
  if (legacy["labor-relations"]) subgraphs["labor-relations"] = await startLaborRelations({ store, port: 0, legacyUrl: legacy["labor-relations"].url });
  const root = await startRootSubgraph();
  const gateway = await startGateway({
    port: 0,
    sdlWaitMs: 5_000,
    authenticate: asClerk,
    subgraphs: [{ name: "test-root", url: `${root.url}/graphql` }, ...only.map((name) => ({ name, url: `${subgraphs[name].url}/graphql` }))],
  });
  const stack: AgencyStack = {
    gateway, root, subgraphs, legacy,
    async stopLegacy(name) { await legacy[name].close(); },
    async restartLegacy(name) {
      const port = legacy[name].port;
      await legacy[name].close();
      legacy[name] = await starters[name](port);
    },
    async gql(query, variables) {
      const res = await fetch(`${gateway.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...purpose }, body: JSON.stringify({ query, variables }) });
      return res.json() as never;
    },
    async close() {
      await gateway.close();
      await root.close();
      for (const s of Object.values(subgraphs)) await s.close();
      for (const l of Object.values(legacy)) await l.close();
    },
  };
  return stack;
}

export function resetCounts(stack: AgencyStack): void {
  stack.root.stats.requests = 0;
  for (const s of Object.values(stack.subgraphs)) s.stats.requests = 0;
  for (const l of Object.values(stack.legacy)) l.resetStats();
}

export interface Receipt { caseNumber: string; itemCode: string; system: string; status: string; acceptedAt: string; completedAt: string | null; idempotencyKey: string }
export const RECEIPT_FIELDS = "caseNumber itemCode system status acceptedAt completedAt idempotencyKey notes";

let keySeq = 0;
/** An idempotency key no earlier run has used. */
export const freshKey = (label: string) => `it-${label}-${Date.now().toString(36)}-${process.pid}-${++keySeq}`;

/** Forgets a stored receipt, as if the process had crashed after the legacy call and before storing it. */
export async function forgetReceipt(store: Store, scope: string, key: string): Promise<void> {
  await store.del(`kb:idem:${scope}:${key}`);
}

/** The code of the first error, for assertions. */
export const firstCode = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
