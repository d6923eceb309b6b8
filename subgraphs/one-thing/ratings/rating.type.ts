import { enumOf } from "../../../schema/scalars/graphql";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../../../schema/scalars/graphql";
import { RATING_LEVELS } from "../figures/figures";
import { GOOD_TAGS, POOR_TAGS, RATING_TAGS } from "./tags";


export const RatingLevelEnum = enumOf(RATING_LEVELS);
registerEnumType(RatingLevelEnum, {
  name: "RatingLevel",
  description: "好差评等级 rating level: 非常满意、满意、基本满意为好评, 不满意、非常不满意为差评",
  valuesConfig: {
    VERY_SATISFIED: { description: "VERY_SATISFIED: 非常满意 (好评)" },
    SATISFIED: { description: "SATISFIED: 满意 (好评)" },
    BASIC: { description: "BASIC: 基本满意 (好评)" },
    DISSATISFIED: { description: "DISSATISFIED: 不满意 (差评)" },
    VERY_DISSATISFIED: { description: "VERY_DISSATISFIED: 非常不满意 (差评)" },
  },
});
export const RatingTagEnum = enumOf(RATING_TAGS);
registerEnumType(RatingTagEnum, {
  name: "RatingTag",
  description: "评价标签 rating tag: 好评标签随前三个等级, 差评标签随后两个等级 (good tags go with 好评, poor tags with 差评)",
  valuesConfig: Object.fromEntries([
    ...Object.entries(GOOD_TAGS).map(([tag, text]) => [tag, { description: `${tag}: ${text} (好评)` }]),
    ...Object.entries(POOR_TAGS).map(([tag, text]) => [tag, { description: `${tag}: ${text} (差评)` }]),
  ]),
});
export const RatingRoundEnum = enumOf(["FIRST", "FOLLOW_UP"] as const);
registerEnumType(RatingRoundEnum, { name: "RatingRound", description: "评价轮次 rating round",
  valuesConfig: {
    FIRST: { description: "FIRST: 一事一评, 首次评价" },
    FOLLOW_UP: { description: "FOLLOW_UP: 追评, 差评整改后再评" },
  },
});
export const FollowUpStatusEnum = enumOf(["OPEN", "CALLED_BACK", "RECTIFIED"] as const);
registerEnumType(FollowUpStatusEnum, {
  name: "RatingFollowUpStatus",
  description: "差评跟进状态 rating follow-up status",
  valuesConfig: {
    OPEN: { description: "OPEN: 待回访" },
    CALLED_BACK: { description: "CALLED_BACK: 已回访, 待整改" },
    RECTIFIED: { description: "RECTIFIED: 已整改, 申请人可追评" },
  },
});

@InputType({ description: "评价一件办结的申请 rate an application (好差评)" })
export class RateApplicationInput {
  @Field(() => ID, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => RatingLevelEnum, { description: "评价等级 level" }) level!: string;
  @Field(() => [RatingTagEnum], { nullable: true, description: "评价标签 tags: Tags that go with the level (好评 tags with the top three, 差评 tags with the last two)" }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: "评价内容 comment: At most 500 characters; kept for the office, never logged" }) comment?: string | null;
}

@ObjectType({ description: "好差评 rating: An applicant's rating of a completed application" })
export class Rating {
  @Field(() => ID, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => RatingRoundEnum, { description: "评价轮次 round" }) round!: string;
  @Field(() => RatingLevelEnum, { description: "评价等级 level" }) level!: string;
  @Field(() => [RatingTagEnum], { description: "评价标签 tags" }) tags!: string[];
  @Field(() => String, { nullable: true, description: "评价内容 comment; 仅供办理机构, 不记入日志" }) comment!: string | null;
  @Field(() => DateTimeScalar, { description: "评价时间 rated at" }) ratedAt!: Date;
}

@ObjectType({ description: "差评跟进 rating follow-up: The office's follow-up of a 差评: 回访 within 1 working day, 整改 within 15 working days" })
export class RatingFollowUp {
  @Field(() => ID, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => String, { description: "受理编号 case number" }) caseNumber!: string;
  @Field(() => Int, { description: "“一件事”序号 bundle number" }) scenario!: number;
  @Field(() => String, { description: "办理的联系点 office" }) office!: string;
  @Field(() => RatingLevelEnum, { description: "差评等级 level" }) level!: string;
  @Field(() => [RatingTagEnum], { description: "评价标签 tags" }) tags!: string[];
  @Field(() => String, { nullable: true, description: "评价内容 comment" }) comment!: string | null;
  @Field(() => FollowUpStatusEnum, { description: "跟进状态 follow-up status" }) status!: string;
  @Field(() => DateTimeScalar, { description: "差评时间 opened at" }) openedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "回访期限 call-back due: Null while the calendar has no data for the year it falls in" }) callBackDue!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "回访时间 called back at; 未回访为 null" }) calledBackAt!: Date | null;
  @Field(() => String, { nullable: true, description: "回访记录 call-back note" }) callBackNote!: string | null;
  @Field(() => Boolean, { description: "回访逾期 call-back late: Called back after the limit, or not yet and past it" }) callBackLate!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: "整改期限 rectify due (15 个工作日); 日历无该年数据时为 null" }) rectifyDue!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "整改时间 rectified at; 未整改为 null" }) rectifiedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "整改记录 rectification note" }) rectifyNote!: string | null;
  @Field(() => Boolean, { description: "整改逾期 rectify late: Rectified after the limit, or not yet and past it" }) rectifyLate!: boolean;
}
