import { Arg, Int, Query, Resolver } from "type-graphql";
import { notFound } from "../../lib/errors";
import { scenarioGuide, scenarioGuides, serviceGuide, serviceGuides } from "../../schema/catalogue/guides";
import type { ServiceGuide as GuideData } from "../../schema/catalogue/guides";
import { ScenarioGuide, ServiceGuide } from "./guide.type";

const asGraphQL = (g: GuideData): ServiceGuide => ({ ...g, agency: g.agency.toUpperCase().replace("-", "_") });

@Resolver()
export class GuideResolver {
  @Query(() => ServiceGuide, { description: "The service guide (办事指南) of one item; NOT_FOUND when the catalogue has no such code" })
  serviceGuide(@Arg("code", () => String) code: string): ServiceGuide {
    const guide = serviceGuide(code);
    if (!guide) throw notFound(`No service item has the code "${code.slice(0, 20)}"`);
    return asGraphQL(guide);
  }

  @Query(() => [ServiceGuide], { description: "The guides of every item, in code order" })
  serviceGuides(): ServiceGuide[] {
    return serviceGuides().map(asGraphQL);
  }

  @Query(() => ScenarioGuide, { description: "The service guide of one 一件事 bundle by its 序号 (1-10); NOT_FOUND otherwise" })
  scenarioGuide(@Arg("seq", () => Int) seq: number): ScenarioGuide {
    const guide = scenarioGuide(seq);
    if (!guide) throw notFound(`There is no bundle ${seq}; the bundles are numbered 1 to 10`);
    return guide;
  }

  @Query(() => [ScenarioGuide], { description: "The guides of the ten bundles" })
  scenarioGuides(): ScenarioGuide[] {
    return scenarioGuides();
  }
}
