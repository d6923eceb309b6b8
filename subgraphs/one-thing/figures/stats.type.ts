import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

const ContactLevelEnum = { PROVINCIAL: "PROVINCIAL", MINISTRY_AND_PROVINCIAL: "MINISTRY_AND_PROVINCIAL" } as const;
registerEnumType(ContactLevelEnum, { name: "ContactLevel", description: "省级联系点 / 部、省共同联系点" });

@ObjectType({ description: "A contact point (联系点) of 附件3" })
export class ContactPointRef {
  @Field(() => String) name!: string;
  @Field(() => ContactLevelEnum) level!: string;
}

@ObjectType({ description: "好差评 of a period: applications rated, and the share of them rated 好评 (非常满意, 满意, 基本满意); a 追评 after rectification replaces the first rating" })
export class Ratings {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true, description: "0..1; null when nothing was rated" }) satisfaction!: number | null;
}

@ObjectType({ description: "The notice's figures for one contact point over a period (China days, inclusive)" })
export class OfficeFigures {
  @Field(() => ContactPointRef) contactPoint!: ContactPointRef;
  @Field(() => Int, { description: "Applications submitted" }) applications!: number;
  @Field(() => Int, { description: "Applications completed (办结)" }) bundlesCompleted!: number;
  @Field(() => Int, { description: "Item steps integrated into the bundles submitted (事项整合数)" }) itemsIntegrated!: number;
  @Field(() => Int, { description: "Materials not asked again (材料精减数)" }) materialsCut!: number;
  @Field(() => Float, { nullable: true, description: "Share of the steps finished with a deadline that met it" }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true, description: "1 − median(processing time ÷ statutory limit), over steps of items with a statutory limit, to 1 point" }) medianSpeedUp!: number | null;
  @Field(() => Int, { description: "告知承诺 signed instead of certificates" }) commitments!: number;
  @Field(() => Int, { description: "Commitments post-verified (either outcome)" }) commitmentsVerified!: number;
  @Field(() => Ratings) ratings!: Ratings;
}

@ObjectType()
export class LimitFigure {
  @Field(() => String, { description: "As 附件2 prints it" }) text!: string;
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field(() => String, { description: "WORKING_DAYS, CALENDAR_DAYS, MONTHS, MINUTES, INSTANT, NONE, LOCAL_TARGET, STATUTORY, QUARTER_OF_YEAR" }) unit!: string;
}

@ObjectType()
export class ItemRef {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
}

@ObjectType({ description: "How fast an item was handled over a period (steps finished in it)" })
export class ItemPerformance {
  @Field(() => ItemRef) item!: ItemRef;
  @Field(() => Int) handled!: number;
  @Field(() => Float, { nullable: true, description: "Median processing time in days of the item's limit unit (working days for a working-day limit; minutes ÷ 1440 for instant items), rounded down to 0.1 day (1 minute)" }) medianDays!: number | null;
  @Field(() => Float, { nullable: true, description: "90th percentile (nearest rank), as medianDays" }) p90Days!: number | null;
  @Field(() => LimitFigure, { nullable: true }) statutoryLimit!: LimitFigure | null;
  @Field(() => LimitFigure, { nullable: true }) acceleratedLimit!: LimitFigure | null;
  @Field(() => Float, { nullable: true, description: "1 − median ÷ statutory limit (a fraction); null without a statutory period" }) speedUpPercent!: number | null;
  @Field(() => Float, { nullable: true }) onTimeRate!: number | null;
}

@ObjectType({ description: "The notice's targets: 10+ bundles handled as one thing, 10+ items at least 50% faster than their statutory limit" })
export class NoticeTargets {
  @Field(() => Int, { description: "Bundles with at least one application completed in the period" }) bundlesAsOneThing!: number;
  @Field(() => Int) bundlesTarget!: number;
  @Field(() => Int, { description: "Items whose speedUpPercent is at least 0.5" }) itemsHalfFaster!: number;
  @Field(() => Int) itemsTarget!: number;
}

@ObjectType()
export class MonthFigures {
  @Field(() => String, { description: "YYYY-MM" }) month!: string;
  @Field(() => Int) applications!: number;
  @Field(() => Float, { nullable: true }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true }) satisfaction!: number | null;
}
