import { type Application, applicationStatus } from "./application";
import type { ApplicationRepository } from "./repository";

/** The figures the notice tracks per contact point (事项整合数、材料精减数), from the applications themselves. */
export interface OneThingStats {
  region: string | null;
  bundlesHandled: number;
  bundlesCompleted: number;
  /** Item steps performed through bundles instead of applied for one by one. */
  itemsIntegrated: number;
  materialsAsked: number;
  materialsSumOverItems: number;
  materialsCut: number;
  byScenario: { scenario: number; bundlesHandled: number; itemsIntegrated: number; materialsCut: number }[];
}

export function statsOf(region: string | null, apps: Application[]): OneThingStats {
  const byScenario = new Map<number, { scenario: number; bundlesHandled: number; itemsIntegrated: number; materialsCut: number }>();
  const total: OneThingStats = { region, bundlesHandled: 0, bundlesCompleted: 0, itemsIntegrated: 0, materialsAsked: 0, materialsSumOverItems: 0, materialsCut: 0, byScenario: [] };
  for (const app of apps) {
    const items = app.steps.filter((s) => s.itemCodes.length > 0 && s.state.phase === "DONE").length;
    const cut = app.materialsSumOverItems - app.materialsAsked;
    total.bundlesHandled++;
    if (applicationStatus(app.steps) === "COMPLETED") total.bundlesCompleted++;
    total.itemsIntegrated += items;
    total.materialsAsked += app.materialsAsked;
    total.materialsSumOverItems += app.materialsSumOverItems;
    total.materialsCut += cut;
    const row = byScenario.get(app.scenario) ?? { scenario: app.scenario, bundlesHandled: 0, itemsIntegrated: 0, materialsCut: 0 };
    row.bundlesHandled++;
    row.itemsIntegrated += items;
    row.materialsCut += cut;
    byScenario.set(app.scenario, row);
  }
  total.byScenario = [...byScenario.values()].sort((a, b) => a.scenario - b.scenario);
  return total;
}

export async function regionStats(repo: ApplicationRepository, region: string | null): Promise<OneThingStats> {
  const ids = await repo.idsIn(region ? repo.index("region", region) : repo.index("all"));
  return statsOf(region, await repo.loadMany(ids));
}
