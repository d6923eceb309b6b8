import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

const ContactLevelEnum = { PROVINCIAL: "PROVINCIAL", MINISTRY_AND_PROVINCIAL: "MINISTRY_AND_PROVINCIAL" } as const;
registerEnumType(ContactLevelEnum, { name: "ContactLevel", description: "联系点级别 contact-point level",
  valuesConfig: {
    PROVINCIAL: { description: "PROVINCIAL: 省级联系点" },
    MINISTRY_AND_PROVINCIAL: { description: "MINISTRY_AND_PROVINCIAL: 部、省共同联系点" },
  },
});

@ObjectType({ description: "联系点 contact point (附件3)" })
export class ContactPointRef {
  @Field(() => String, { description: "联系点名称 name" }) name!: string;
  @Field(() => ContactLevelEnum, { description: "联系点级别 level" }) level!: string;
}

@ObjectType({ description: "好差评 of a period: applications rated, and the share of them rated 好评 (非常满意, 满意, 基本满意); a 追评 after rectification replaces the first rating" })
export class Ratings {
  @Field(() => Int, { description: "被评价的申请数 applications rated" }) count!: number;
  @Field(() => Float, { nullable: true, description: "满意率 satisfaction: 0..1; null when nothing was rated" }) satisfaction!: number | null;
}

@ObjectType({ description: "联系点调度数字 office figures: The notice's figures for one contact point over a period (China days, inclusive)" })
export class OfficeFigures {
  @Field(() => ContactPointRef, { description: "联系点 contact point" }) contactPoint!: ContactPointRef;
  @Field(() => Int, { description: "申请数 applications: Applications submitted" }) applications!: number;
  @Field(() => Int, { description: "办结数 bundles completed: Applications completed (办结)" }) bundlesCompleted!: number;
  @Field(() => Int, { description: "事项整合数 items integrated: Item steps integrated into the bundles submitted (事项整合数)" }) itemsIntegrated!: number;
  @Field(() => Int, { description: "材料精减数 materials cut: Materials not asked again (材料精减数)" }) materialsCut!: number;
  @Field(() => Float, { nullable: true, description: "按期办结率 on-time rate: Share of the steps finished with a deadline that met it" }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true, description: "提速幅度中位数 median speed-up: 1 − median(processing time ÷ statutory limit), over steps of items with a statutory limit, to 1 point" }) medianSpeedUp!: number | null;
  @Field(() => Int, { description: "告知承诺 signed instead of certificates" }) commitments!: number;
  @Field(() => Int, { description: "已核查承诺数 commitments verified: Commitments post-verified (either outcome)" }) commitmentsVerified!: number;
  @Field(() => Ratings, { description: "好差评 ratings of the period" }) ratings!: Ratings;
}

@ObjectType({ description: "时限 limit (附件2)" })
export class LimitFigure {
  @Field(() => String, { description: "通知原文 text: As 附件2 prints it" }) text!: string;
  @Field(() => Int, { nullable: true, description: "时限数值 value; 无数值的单位为 null" }) value!: number | null;
  @Field(() => String, { description: "时限单位 unit: WORKING_DAYS, CALENDAR_DAYS, MONTHS, MINUTES, INSTANT, NONE, LOCAL_TARGET, STATUTORY, QUARTER_OF_YEAR" }) unit!: string;
}

@ObjectType({ description: "事项 item reference" })
export class ItemRef {
  @Field(() => String, { description: "事项编码 item code" }) code!: string;
  @Field(() => String, { description: "事项名称 item name" }) name!: string;
}

@ObjectType({ description: "事项办理时效 item performance: How fast an item was handled over a period (steps finished in it)" })
export class ItemPerformance {
  @Field(() => ItemRef, { description: "事项 item" }) item!: ItemRef;
  @Field(() => Int, { description: "期内办结的步骤数 steps finished in the period" }) handled!: number;
  @Field(() => Float, { nullable: true, description: "办理用时中位数 median days: Median processing time in days of the item's limit unit (working days for a working-day limit; minutes ÷ 1440 for instant items), rounded down to 0.1 day (1 minute)" }) medianDays!: number | null;
  @Field(() => Float, { nullable: true, description: "办理用时 90 分位 p90 days: 90th percentile (nearest rank), as medianDays" }) p90Days!: number | null;
  @Field(() => LimitFigure, { nullable: true, description: "当前规定的办结时限 statutory limit" }) statutoryLimit!: LimitFigure | null;
  @Field(() => LimitFigure, { nullable: true, description: "提速后办结时限 accelerated limit" }) acceleratedLimit!: LimitFigure | null;
  @Field(() => Float, { nullable: true, description: "提速幅度 speed-up: 1 − median ÷ statutory limit (a fraction); null without a statutory period" }) speedUpPercent!: number | null;
  @Field(() => Float, { nullable: true, description: "按期办结率 on-time rate, 0..1; 无期限时为 null" }) onTimeRate!: number | null;
}

@ObjectType({ description: "通知目标 notice targets: The notice's targets: 10+ bundles handled as one thing, 10+ items at least 50% faster than their statutory limit" })
export class NoticeTargets {
  @Field(() => Int, { description: "打包办理的“一件事”数 bundles as one thing: Bundles with at least one application completed in the period" }) bundlesAsOneThing!: number;
  @Field(() => Int, { description: "目标: 打包办理的“一件事”数 bundles target (10)" }) bundlesTarget!: number;
  @Field(() => Int, { description: "提速 50% 以上的事项数 items half faster: Items whose speedUpPercent is at least 0.5" }) itemsHalfFaster!: number;
  @Field(() => Int, { description: "目标: 提速 50% 以上的事项数 items target (10)" }) itemsTarget!: number;
}

@ObjectType({ description: "某月的数字 figures of one month" })
export class MonthFigures {
  @Field(() => String, { description: "月份 month: YYYY-MM" }) month!: string;
  @Field(() => Int, { description: "提交的申请数 applications submitted" }) applications!: number;
  @Field(() => Float, { nullable: true, description: "按期办结率 on-time rate, 0..1; 无可计者为 null" }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true, description: "满意率 satisfaction, 0..1; 无评价为 null" }) satisfaction!: number | null;
}
