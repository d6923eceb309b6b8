import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { type FiguresScope, figuresScope } from "../../../lib/access/figures";
import { badInput, forbidden, unauthenticated } from "../../../lib/errors";
import type { SubgraphContext } from "../../../lib/subgraph";
import { nowDate } from "../../../lib/clock";
import { chinaDate } from "../../../schema/calendar/deadline";
import { isContactPoint } from "../../../schema/catalogue/contact-points";
import { DateScalar } from "../../../schema/scalars/graphql";
import type { StoreFigures } from "./figures";
import { itemPerformance, monthlyTrend, noticeTargets, officeRows } from "./report";
import { ItemPerformance, MonthFigures, NoticeTargets, OfficeFigures } from "./stats.type";

export interface FiguresDeps {
  figures: StoreFigures;
}

/** Longest period one query may span: keeps a query's reads bounded (months + two months of days). */
export const MAX_PERIOD_DAYS = 3 * 366;

function scopeOf(ctx: SubgraphContext): FiguresScope {
  const scope = figuresScope(ctx.principal);
  if (scope) return scope;
  if (!ctx.principal) throw unauthenticated();
  throw forbidden("The statistics are for the supervisor, the administrator and a city's staff");
}

function period(from: string, to: string): [string, string] {
  if (from > to) throw badInput("from must not be after to", { field: "from" });
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_PERIOD_DAYS) throw badInput(`A period spans at most ${MAX_PERIOD_DAYS} days`, { field: "to" });
  return [from, to];
}

/** The offices one query reads: the one asked for (if the caller may see it), else all the caller sees (`null`: the province roll-up). */
function officesOf(scope: FiguresScope, office: string | null | undefined): string[] | null {
  if (office) {
    if (!isContactPoint(office)) throw badInput(`${office} is not one of the 23 contact points`, { field: "office" });
    if (!scope.offices.includes(office)) throw forbidden("Staff see the figures of their own city");
    return [office];
  }
  return scope.province ? null : scope.offices;
}

@Resolver()
export class StatsResolver {
  constructor(private readonly deps: FiguresDeps) {}

  @Query(() => [OfficeFigures], { description: "The notice's figures for each of the 23 contact points (in 附件3's order) over a period; a city's staff get their city's rows" })
  contactPointStats(@Arg("from", () => DateScalar) from: string, @Arg("to", () => DateScalar) to: string, @Ctx() ctx: SubgraphContext) {
    const scope = scopeOf(ctx);
    return officeRows(this.deps.figures, scope.offices, ...period(from, to));
  }

  @Query(() => OfficeFigures, { description: "The notice's figures for one contact point over a period" })
  async officeStats(@Arg("office", () => String) office: string, @Arg("from", () => DateScalar) from: string, @Arg("to", () => DateScalar) to: string, @Ctx() ctx: SubgraphContext) {
    const offices = officesOf(scopeOf(ctx), office)!;
    return (await officeRows(this.deps.figures, offices, ...period(from, to)))[0]!;
  }

  @Query(() => [ItemPerformance], { description: "Processing time per item against its limits over a period, for an office or all the caller sees" })
  itemPerformance(@Arg("from", () => DateScalar) from: string, @Arg("to", () => DateScalar) to: string, @Ctx() ctx: SubgraphContext, @Arg("office", () => String, { nullable: true }) office?: string | null) {
    const offices = officesOf(scopeOf(ctx), office);
    return itemPerformance(this.deps.figures, offices, ...period(from, to));
  }

  @Query(() => NoticeTargets, { description: "The notice's two targets over a period (default: from the first month with figures to today)" })
  async noticeTargets(@Ctx() ctx: SubgraphContext, @Arg("from", () => DateScalar, { nullable: true }) from?: string | null, @Arg("to", () => DateScalar, { nullable: true }) to?: string | null) {
    const offices = officesOf(scopeOf(ctx), null);
    const today = chinaDate(nowDate());
    const end = to ?? today;
    const first = (await this.deps.figures.months())[0];
    const start = from ?? (first ? `${first}-01` : end);
    if (start > end) throw badInput("from must not be after to", { field: "from" });
    return noticeTargets(this.deps.figures, offices, start, end);
  }

  @Query(() => [MonthFigures], { description: "Applications, on-time rate and satisfaction month by month" })
  monthlyTrend(@Arg("from", () => DateScalar) from: string, @Arg("to", () => DateScalar) to: string, @Ctx() ctx: SubgraphContext, @Arg("office", () => String, { nullable: true }) office?: string | null) {
    const offices = officesOf(scopeOf(ctx), office);
    return monthlyTrend(this.deps.figures, offices, ...period(from, to));
  }
}
