import { Arg, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { badInput } from "../../lib/errors";
import type { CalendarSync } from "../../schema/calendar/calendar-sync";
import type { WorkingCalendar, YearSchedule } from "../../schema/calendar/calendar";
import { DateScalar } from "../../schema/scalars/graphql";

@InputType({ description: "One day of a year's schedule: the date and the festival it belongs to" })
export class CalendarDayInput {
  @Field(() => DateScalar) date!: string;
  @Field(() => String, { description: "e.g. 春节, 国庆节调休" }) name!: string;
}

@ObjectType({ description: "One day of a year's schedule" })
export class CalendarDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => String) name!: string;
}

@ObjectType({ description: "A year of the working-day calendar: days off (法定节假日) and 调休 make-up working days" })
export class CalendarYear {
  @Field(() => Int) year!: number;
  @Field(() => [CalendarDay]) holidays!: CalendarDay[];
  @Field(() => [CalendarDay]) workdays!: CalendarDay[];
}

@ObjectType({ description: "How far the working-day calendar reaches" })
export class CalendarHorizon {
  @Field(() => [Int]) years!: number[];
  @Field(() => DateScalar, { nullable: true, description: "31 December of the last year with data" }) lastKnownDate!: string | null;
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

  @Query(() => CalendarHorizon, { description: "The years the working-day calendar has and its last known day" })
  calendarHorizon(): CalendarHorizon {
    return { years: this.deps.calendar.years(), lastKnownDate: this.deps.calendar.lastKnownDate() || null };
  }

  @Mutation(() => CalendarYear, {
    description: "Adds a year the State Council has published (administrators): validated, kept in the store and picked up by every process's calendar without a restart. CONFLICT when the calendar has the year already (a correction goes through CALENDAR_DIR)",
  })
  async addCalendarYear(
    @Arg("year", () => Int) year: number,
    @Arg("holidays", () => [CalendarDayInput]) holidays: CalendarDayInput[],
    @Arg("workdays", () => [CalendarDayInput]) workdays: CalendarDayInput[],
  ): Promise<CalendarYear> {
    const schedule: YearSchedule = { holidays: days(holidays, "holidays"), workdays: days(workdays, "working days") };
    if (!this.deps.sync) throw badInput("This catalogue runs without a store; add the year as a file in CALENDAR_DIR");
    const added = await this.deps.sync.addYear(year, schedule);
    return { year, holidays: toDays(added.holidays), workdays: toDays(added.workdays) };
  }
}
