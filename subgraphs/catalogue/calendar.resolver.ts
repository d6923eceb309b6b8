import { Arg, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { badInput } from "../../lib/errors";
import type { CalendarSync } from "../../schema/calendar/calendar-sync";
import type { WorkingCalendar, YearSchedule } from "../../schema/calendar/calendar";
import { DateScalar } from "../../schema/scalars/graphql";

@InputType({ description: "日历中的一天 calendar day: 日期及所属节日" })
export class CalendarDayInput {
  @Field(() => DateScalar, { description: "日期 date" }) date!: string;
  @Field(() => String, { description: "所属节日 festival, 如 春节、国庆节调休" }) name!: string;
}

@ObjectType({ description: "日历中的一天 calendar day" })
export class CalendarDay {
  @Field(() => DateScalar, { description: "日期 date" }) date!: string;
  @Field(() => String, { description: "所属节日 festival, 如 春节、国庆节调休" }) name!: string;
}

@ObjectType({ description: "一年的工作日历 calendar year: 放假日 (法定节假日) 与调休上班日" })
export class CalendarYear {
  @Field(() => Int, { description: "年份 year" }) year!: number;
  @Field(() => [CalendarDay], { description: "放假日 holidays" }) holidays!: CalendarDay[];
  @Field(() => [CalendarDay], { description: "调休上班日 make-up working days" }) workdays!: CalendarDay[];
}

@ObjectType({ description: "工作日历的范围 calendar horizon" })
export class CalendarHorizon {
  @Field(() => [Int], { description: "已有日历的年份 years" }) years!: number[];
  @Field(() => DateScalar, { nullable: true, description: "最后已知日 last known date: 有数据的最后一年的 12 月 31 日" }) lastKnownDate!: string | null;
}

export interface CatalogueDeps {
  calendar: WorkingCalendar;
  /** Absent when the catalogue runs without a store: then years come only from the folder. */
  sync?: CalendarSync;
}

const days = (list: CalendarDayInput[], what: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const d of list) {
    if (d.date in out) throw badInput(`${d.date} is listed twice among the ${what}`, { date: d.date });
    out[d.date] = d.name.trim();
  }
  return out;
};
const toDays = (record: Record<string, string>): CalendarDay[] => Object.entries(record).sort(([a], [b]) => a.localeCompare(b)).map(([date, name]) => ({ date, name }));

@Resolver()
export class CalendarResolver {
  constructor(private readonly deps: CatalogueDeps) {}

  @Query(() => CalendarHorizon, { description: "工作日历的范围 calendar horizon: 已有的年份及最后一天" })
  calendarHorizon(): CalendarHorizon {
    return { years: this.deps.calendar.years(), lastKnownDate: this.deps.calendar.lastKnownDate() || null };
  }

  @Mutation(() => CalendarYear, {
    description: "加入一年的工作日历 add calendar year: Adds a year the State Council has published (administrators): validated, kept in the store and picked up by every process's calendar without a restart. CONFLICT when the calendar has the year already (a correction goes through CALENDAR_DIR)",
  })
  async addCalendarYear(
    @Arg("year", () => Int, { description: "年份 year" }) year: number,
    @Arg("holidays", () => [CalendarDayInput], { description: "法定节假日放假日 days off" }) holidays: CalendarDayInput[],
    @Arg("workdays", () => [CalendarDayInput], { description: "调休上班日 make-up working days" }) workdays: CalendarDayInput[],
  ): Promise<CalendarYear> {
    const schedule: YearSchedule = { holidays: days(holidays, "holidays"), workdays: days(workdays, "working days") };
    if (!this.deps.sync) throw badInput("This catalogue runs without a store; add the year as a file in CALENDAR_DIR");
    const added = await this.deps.sync.addYear(year, schedule);
    return { year, holidays: toDays(added.holidays), workdays: toDays(added.workdays) };
  }
}
