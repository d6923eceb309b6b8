import { Arg, Int, Query, Resolver } from "type-graphql";
import { notFound } from "../../lib/errors";
import { scenarioGuide, scenarioGuides, serviceGuide, serviceGuides } from "../../schema/catalogue/guides";
import type { ServiceGuide as GuideData } from "../../schema/catalogue/guides";
import { ScenarioGuide, ServiceGuide } from "./guide.type";

const asGraphQL = (g: GuideData): ServiceGuide => ({ ...g, agency: g.agency.toUpperCase().replace("-", "_") });

@Resolver()
export class GuideResolver {
  @Query(() => ServiceGuide, { description: "单个事项的办事指南 service guide of one item; 目录无此编码则 NOT_FOUND" })
  serviceGuide(@Arg("code", () => String, { description: "事项编码 item code, 如 1.1.5" }) code: string): ServiceGuide {
    const guide = serviceGuide(code);
    if (!guide) throw notFound(`No service item has the code "${code.slice(0, 20)}"`);
    return asGraphQL(guide);
  }

  @Query(() => [ServiceGuide], { description: "全部事项的办事指南 service guides, 按编码排序" })
  serviceGuides(): ServiceGuide[] {
    return serviceGuides().map(asGraphQL);
  }

  @Query(() => ScenarioGuide, { description: "单个“一件事”的办事指南 guide of one bundle, 按序号 1–10; 否则 NOT_FOUND" })
  scenarioGuide(@Arg("seq", () => Int, { description: "“一件事”序号 bundle number, 1–10" }) seq: number): ScenarioGuide {
    const guide = scenarioGuide(seq);
    if (!guide) throw notFound(`There is no bundle ${seq}; the bundles are numbered 1 to 10`);
    return guide;
  }

  @Query(() => [ScenarioGuide], { description: "十个“一件事”的办事指南 guides of the ten bundles" })
  scenarioGuides(): ScenarioGuide[] {
    return scenarioGuides();
  }
}
