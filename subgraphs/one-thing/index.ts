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
import { CalendarSync } from "../../schema/calendar/calendar-sync";
import { calendarHorizonCheck, calendarMetrics, storeCheck } from "../../lib/readiness";
import { metricsRoute } from "../../lib/metrics";
import { StoreFigures } from "./figures/figures";
import { StatsResolver, type FiguresDeps } from "./figures/stats.resolver";
import { engineSettings } from "./options";
import { Ratings } from "./ratings/ratings";
import { RatingResolver, type RatingsDeps } from "./ratings/rating.resolver";

export { OneThingEngine, type FactsSource } from "./engine";
export { httpStepExecutor, httpCaseStatusSource, type CaseStatusSource, type StepExecutor, type StepReceipt } from "./executor";
export { agencyFactsSource } from "./facts-source";
export { StoreFigures } from "./figures/figures";
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
  /** The working-day calendar deadlines are counted on; default: the process-wide one. */
  calendar?: WorkingCalendar;
  /** Use this engine instead of making one (several subgraph instances over one engine). */
  engine?: OneThingEngine;
  /**
   * Where the access rules learn a person's registration region and insurers (the `person` rule on
   * `Person`). Default: the social-insurance subgraph at `subgraphUrls`.
   */
  facts?: PersonFactsSource;
  /**
   * Where the figures are kept and read; default: aggregates in `store` under the engine's key
   * prefix. Another sink given here hears every fact as well (the aggregates still keep them).
   */
  figures?: StoreFigures | FiguresSink;
}

/** A sink that tells both: the aggregates first, then the other one. */
function alsoTo(first: FiguresSink, second: FiguresSink): FiguresSink {
  return {
    submitted: async (f) => { await first.submitted(f); await second.submitted(f); },
    stepFinished: async (f) => { await first.stepFinished(f); await second.stepFinished(f); },
    applicationFinished: async (f) => { await first.applicationFinished(f); await second.applicationFinished(f); },
    commitmentChecked: async (f) => { await first.commitmentChecked(f); await second.commitmentChecked(f); },
  };
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
  const figures = deps.figures instanceof StoreFigures ? deps.figures : StoreFigures.on(deps.store, engineSettings(deps.settings).keyPrefix);
  const sink = deps.figures && !(deps.figures instanceof StoreFigures) ? alsoTo(figures, deps.figures) : figures;
  const engine = deps.engine ?? new OneThingEngine({
    figures: sink,
    store: deps.store,
    executor: deps.executor ?? httpStepExecutor(urls),
    settings: deps.settings,
    factsSource,
    standingSource,
    statusSource: deps.statusSource === undefined ? (deps.executor ? undefined : httpCaseStatusSource(urls)) : deps.statusSource ?? undefined,
    calendar: deps.calendar,
  });
  const ratings = new Ratings(deps.store, engine.repo, figures, engine.settings.keyPrefix);
  const resolved: OneThingDeps & FiguresDeps & RatingsDeps = { engine, figures, ratings };
  return {
    name: "one-thing",
    resolvers: [ApplicationResolver, PersonApplicationsResolver, EmployerApplicationsResolver, progressResolverFor(engine), StatsResolver, RatingResolver, trackingResolverFor(engine)],
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

export async function startOneThing(opts: OneThingDepsInput & { port?: number; runner?: boolean; calendarPrefix?: string }): Promise<RunningOneThing> {
  const def = createOneThingSubgraph(opts);
  // deadlines are counted on the calendar: years an administrator adds reach it without a restart
  const calendarSync = await CalendarSync.start({ store: opts.store, prefix: opts.calendarPrefix });
  const subgraph = await serveSubgraph(def, opts.port ?? envInt("ONE_THING_PORT", defaults.ports.oneThing), {
    store: opts.store,
    ready: [storeCheck(opts.store), calendarHorizonCheck()],
    routes: (app) => {
      app.get("/metrics", metricsRoute([calendarMetrics()]));
    },
  });
  if (opts.runner !== false) def.engine.start();
  return {
    subgraph,
    engine: def.engine,
    url: `${subgraph.url}/graphql`,
    close: async () => {
      await subgraph.close();
      await def.engine.close();
      await calendarSync.close();
    },
  };
}
