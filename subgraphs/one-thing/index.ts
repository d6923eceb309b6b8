import { remoteFactsSource, type FactsSource as PersonFactsSource } from "../../lib/access/directory";
import { defaults, envInt } from "../../lib/config";
import type { Store } from "../../lib/store";
import { serveSubgraph, type RunningSubgraph, type SubgraphDefinition } from "../../lib/subgraph";
import { ApplicationResolver, EmployerApplicationsResolver, PersonApplicationsResolver, type OneThingDeps } from "./application.resolver";
import { Employer, Person } from "./application.type";
import { progressResolverFor } from "./progress.resolver";
import { type FactsSource, OneThingEngine } from "./engine";
import { type CaseStatusSource, type StepExecutor, httpCaseStatusSource, httpStepExecutor } from "./executor";
import type { FiguresSink } from "./figures/sink";
import type { WorkingCalendar } from "../../schema/calendar/calendar";
import { trackingResolverFor } from "./tracking.resolver";
import { agencyFactsSource } from "./facts-source";
import { type StandingSource, agencyStandingSource } from "./standing";
import { type AgencyUrls, type EngineSettings, agencyUrls } from "./options";
import { access } from "./policy";

export { OneThingEngine, type FactsSource } from "./engine";
export { httpStepExecutor, httpCaseStatusSource, type CaseStatusSource, type StepExecutor, type StepReceipt } from "./executor";
export { agencyFactsSource } from "./facts-source";
export { agencyStandingSource, type Standing, type StandingSource } from "./standing";
export { applicationIdFor } from "./submission";
export { progressEvents, progressChannel, type ProgressEvent, type RosterEvent } from "./events";
export { workflows, workflowFor } from "./workflows";
export { materials, bundleMaterialSet, materialsOfItem } from "./materials";
export type { Application, ApplicationStep, StepState } from "./application";

export interface OneThingDepsInput {
  store: Store;
  /** How steps are performed; default: GraphQL over HTTP to the agency subgraphs at `subgraphUrls`. */
  executor?: StepExecutor;
  subgraphUrls?: Partial<AgencyUrls>;
  settings?: Partial<EngineSettings>;
  /**
   * Where facts about the applicant come from besides her statement. Default: none with an injected
   * executor (tests), the agency subgraphs' records otherwise; `null` turns the lookup off.
   */
  factsSource?: FactsSource | null;
  /**
   * Where the submitter's standing towards the person is read (the social-insurance system). Default:
   * as \`factsSource\` (none with an injected executor, the social-insurance subgraph otherwise).
   */
  standingSource?: StandingSource | null;
  /**
   * Where the engine asks whether an accepted case is completed. Default: the agency subgraphs at
   * `subgraphUrls` without an injected executor; with one, none unless given.
   */
  statusSource?: CaseStatusSource | null;
  /** Where finished steps and applications are reported for the statistics; default: nowhere (noFigures). */
  figures?: FiguresSink;
  /** The working-day calendar deadlines are counted on; default: the process-wide one. */
  calendar?: WorkingCalendar;
  /** Use this engine instead of making one (several subgraph instances over one engine). */
  engine?: OneThingEngine;
  /**
   * Where the access rules learn a person's registration region and insurers (the `person` rule on
   * `Person`). Default: the social-insurance subgraph at `subgraphUrls`.
   */
  facts?: PersonFactsSource;
}

export type OneThingSubgraphDefinition = SubgraphDefinition & { engine: OneThingEngine };

/**
 * The one-thing (一件事) subgraph: applications for the 10 bundles, their materials, progress and
 * statistics, and post-verification of commitments. The engine comes with it but is not started:
 * `startOneThing` (or the caller) starts it.
 */
export function createOneThingSubgraph(deps: OneThingDepsInput): OneThingSubgraphDefinition {
  const urls = agencyUrls(deps.subgraphUrls);
  const factsSource = deps.factsSource === undefined ? (deps.executor ? undefined : agencyFactsSource(urls)) : deps.factsSource ?? undefined;
  const standingSource = deps.standingSource === undefined
    ? (deps.executor ? undefined : agencyStandingSource(urls["social-insurance"]))
    : deps.standingSource ?? undefined;
  const engine = deps.engine ?? new OneThingEngine({
    store: deps.store,
    executor: deps.executor ?? httpStepExecutor(urls),
    settings: deps.settings,
    factsSource,
    standingSource,
    statusSource: deps.statusSource === undefined ? (deps.executor ? undefined : httpCaseStatusSource(urls)) : deps.statusSource ?? undefined,
    figures: deps.figures,
    calendar: deps.calendar,
  });
  const resolved: OneThingDeps = { engine };
  return {
    name: "one-thing",
    resolvers: [ApplicationResolver, PersonApplicationsResolver, EmployerApplicationsResolver, progressResolverFor(engine), trackingResolverFor(engine)],
    orphanedTypes: [Person, Employer],
    references: {
      Person: (rep) => ({ idNumber: rep.idNumber }),
      Employer: (rep) => ({ creditCode: rep.creditCode }),
    },
    deps: resolved,
    access,
    facts: deps.facts ?? remoteFactsSource(() => urls["social-insurance"]),
    engine,
  };
}

export interface RunningOneThing {
  subgraph: RunningSubgraph;
  engine: OneThingEngine;
  url: string;
  /** Stops the HTTP server (and its subscriptions), then the runner (in-flight steps finish and are recorded). */
  close(): Promise<void>;
}

export async function startOneThing(opts: OneThingDepsInput & { port?: number; runner?: boolean }): Promise<RunningOneThing> {
  const def = createOneThingSubgraph(opts);
  const subgraph = await serveSubgraph(def, opts.port ?? envInt("ONE_THING_PORT", defaults.ports.oneThing));
  if (opts.runner !== false) def.engine.start();
  return {
    subgraph,
    engine: def.engine,
    url: `${subgraph.url}/graphql`,
    close: async () => {
      await subgraph.close();
      await def.engine.close();
    },
  };
}
