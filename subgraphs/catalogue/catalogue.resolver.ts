import { Arg, Int, Query, Resolver } from "type-graphql";
import { notFound } from "../../lib/errors";
import { calendar } from "../../schema/calendar/calendar";
import { itemDeadline } from "../../schema/calendar/deadline";
import { contactPoints, itemByCode, limitsByCode, scenarios, serviceItems } from "../../schema/catalogue";
import type { ServiceItem as ItemData } from "../../schema/catalogue";
import { DateScalar, DateTimeScalar } from "../../schema/scalars/graphql";
import { ContactPoint, Scenario, ServiceItem } from "./catalogue.type";
import type { CatalogueDeps } from "./calendar.resolver";

function toItem(item: ItemData): ServiceItem {
  const limits = limitsByCode(item.code);
  return {
    ...item,
    agency: item.agency.toUpperCase().replace("-", "_"),
    statutoryLimit: limits?.statutoryLimit ?? null,
    acceleratedLimit: limits?.acceleratedLimit ?? null,
  };
}

function requireItem(code: string): ItemData {
  const item = itemByCode(code.trim());
  if (!item) throw notFound(`No service item has the code "${code}"`);
  return item;
}

@Resolver()
export class CatalogueResolver {
  constructor(private readonly deps?: CatalogueDeps) {}
  private get calendar() { return this.deps?.calendar ?? calendar(); }

  @Query(() => [ServiceItem], { description: "全部服务事项 service items: 通知列出的每个事项" })
  serviceItems(): ServiceItem[] {
    return serviceItems.map(toItem);
  }

  @Query(() => ServiceItem, { description: "按编码查服务事项 service item by code; 无此编码则 NOT_FOUND" })
  serviceItem(@Arg("code", () => String, { description: "事项编码 item code, 如 1.1.5" }) code: string): ServiceItem {
    return toItem(requireItem(code));
  }

  @Query(() => [Scenario], { description: "十个“一件事”打包事项 the 10 bundles (附件1)" })
  scenarios(): Scenario[] {
    return scenarios.map((s) => ({
      seq: s.seq,
      name: s.name,
      agencies: s.agencies,
      items: s.itemCodes.map((code) => toItem(requireItem(code))),
      remarks: s.remarks.map((r) => {
        if (!r.rule) return { text: r.text, rule: null, ruleDetail: null };
        const { kind, ...detail } = r.rule;
        return { text: r.text, rule: kind, ruleDetail: detail };
      }),
    }));
  }

  @Query(() => [ContactPoint], { description: "23 个快办行动联系点 contact points (附件3)" })
  contactPoints(): ContactPoint[] {
    return contactPoints;
  }

  @Query(() => DateScalar, { description: "加工作日 add working days: `date` 之后第 `days` 个工作日 (跳过法定节假日, 调休上班日计入, 当日不计)" })
  addWorkingDays(@Arg("date", () => DateScalar, { description: "起算日期 start date" }) date: string, @Arg("days", () => Int, { description: "工作日数 working days, 0 或以上" }) days: number): string {
    return this.calendar.addWorkingDays(date, days);
  }

  @Query(() => DateTimeScalar, { nullable: true, description: "办结期限 deadline: 某事项在 `acceptedAt` 受理后须办结的时间 (提速后时限); 无期限的事项为 null" })
  deadline(@Arg("itemCode", () => String, { description: "事项编码 item code" }) itemCode: string, @Arg("acceptedAt", () => DateTimeScalar, { description: "受理时间 accepted at" }) acceptedAt: Date): Date | null {
    return itemDeadline(requireItem(itemCode).code, acceptedAt, this.calendar);
  }
}
