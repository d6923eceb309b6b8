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

  @Query(() => [ServiceItem], { description: "Every service item the notice names" })
  serviceItems(): ServiceItem[] {
    return serviceItems.map(toItem);
  }

  @Query(() => ServiceItem, { description: "One service item by its code; NOT_FOUND when there is none" })
  serviceItem(@Arg("code", () => String) code: string): ServiceItem {
    return toItem(requireItem(code));
  }

  @Query(() => [Scenario], { description: "The 10 一件事 bundles" })
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

  @Query(() => [ContactPoint], { description: "The 23 contact points" })
  contactPoints(): ContactPoint[] {
    return contactPoints;
  }

  @Query(() => DateScalar, { description: "The date `days` working days after `date` (法定节假日 skipped, 调休 days counted; the start day is not counted)" })
  addWorkingDays(@Arg("date", () => DateScalar) date: string, @Arg("days", () => Int) days: number): string {
    return this.calendar.addWorkingDays(date, days);
  }

  @Query(() => DateTimeScalar, { nullable: true, description: "When an item accepted at `acceptedAt` must be done; null where the item has no period limit" })
  deadline(@Arg("itemCode", () => String) itemCode: string, @Arg("acceptedAt", () => DateTimeScalar) acceptedAt: Date): Date | null {
    return itemDeadline(requireItem(itemCode).code, acceptedAt, this.calendar);
  }
}
