import type { SubgraphDefinition } from "../../lib/subgraph";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph";
import { defaults, envInt } from "../../lib/config";
import { calendarHorizonCheck, calendarMetrics, storeCheck } from "../../lib/readiness";
import { metricsRoute } from "../../lib/metrics";
import { log } from "../../lib/log";
import { createStore, type Store } from "../../lib/store";
import { calendar as processCalendar, type WorkingCalendar } from "../../schema/calendar/calendar";
import { CalendarSync } from "../../schema/calendar/calendar-sync";
import { CatalogueResolver } from "./catalogue.resolver";
import { CalendarResolver, type CatalogueDeps } from "./calendar.resolver";
import { GuideResolver } from "./guide.resolver";
import { access } from "./policy";

/**
 * The catalogue: service items, bundles, time limits, service guides, the working-day calendar and
 * contact points. Public and read-only, but for administrators adding a calendar year.
 */
export function createCatalogueSubgraph(deps: CatalogueDeps = { calendar: processCalendar() }): SubgraphDefinition {
  return {
    name: "catalogue",
    resolvers: [CatalogueResolver, GuideResolver, CalendarResolver],
    deps,
    access,
  };
}
/** The definition the SDL is emitted from. */
export const catalogueSubgraph: SubgraphDefinition = createCatalogueSubgraph();

export interface CatalogueOptions {
  port?: number;
  /**
   * Where added calendar years are kept and announced. Default: a store of its own from REDIS_URL
   * (the embedded one without it, which still reaches every component of the same process, since
   * they share the process-wide calendar).
   */
  store?: Store;
  /** Default: the process-wide calendar. */
  calendar?: WorkingCalendar;
  /** Key prefix of the calendar's years in the store (tests). */
  calendarPrefix?: string;
}

export async function startCatalogue(opts: CatalogueOptions = {}): Promise<RunningSubgraph> {
  const ownStore = opts.store ? undefined : createStore();
  const store = opts.store ?? ownStore!;
  const cal = opts.calendar ?? processCalendar();
  const sync = await CalendarSync.start({ store, calendar: cal, prefix: opts.calendarPrefix });
  // a warning, not a stop: the catalogue serves on, and /ready says the same until the year is added
  const horizon = await calendarHorizonCheck({ calendar: cal }).check();
  if (!horizon.ok) log.warn({ ...horizon.detail }, horizon.reason ?? "calendar horizon near");
  try {
    const running = await serveSubgraph(createCatalogueSubgraph({ calendar: cal, sync }), opts.port ?? envInt("CATALOGUE_PORT", defaults.ports.catalogue), {
      store,
      ready: [storeCheck(store), calendarHorizonCheck({ calendar: cal })],
      routes: (app) => {
        app.get("/metrics", metricsRoute([calendarMetrics(cal)]));
      },
    });
    return {
      ...running,
      close: async () => {
        await running.close();
        await sync.close();
        await ownStore?.close();
      },
    };
  } catch (err) {
    await sync.close();
    await ownStore?.close();
    throw err;
  }
}
