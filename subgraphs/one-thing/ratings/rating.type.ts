import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../../../schema/scalars/graphql";
import { RATING_LEVELS } from "../figures/figures";
import { GOOD_TAGS, POOR_TAGS } from "./tags";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RatingLevelEnum = enumOf(RATING_LEVELS);
registerEnumType(RatingLevelEnum, {
  name: "RatingLevel",
  description: "好差评's five levels: 非常满意, 满意, 基本满意 (好评); 不满意, 非常不满意 (差评)",
});
export const RatingTagEnum = enumOf([...Object.keys(GOOD_TAGS), ...Object.keys(POOR_TAGS)]);
registerEnumType(RatingTagEnum, {
  name: "RatingTag",
  description: `Fixed tags: with 好评 ${Object.entries(GOOD_TAGS).map(([k, v]) => `${k} ${v}`).join(", ")}; with 差评 ${Object.entries(POOR_TAGS).map(([k, v]) => `${k} ${v}`).join(", ")}`,
});
export const RatingRoundEnum = enumOf(["FIRST", "FOLLOW_UP"] as const);
registerEnumType(RatingRoundEnum, { name: "RatingRound", description: "FIRST = 一事一评; FOLLOW_UP = 追评 after a 差评 was rectified" });
export const FollowUpStatusEnum = enumOf(["OPEN", "CALLED_BACK", "RECTIFIED"] as const);
registerEnumType(FollowUpStatusEnum, { name: "RatingFollowUpStatus" });

@InputType()
export class RateApplicationInput {
  @Field(() => ID) applicationId!: string;
  @Field(() => RatingLevelEnum) level!: string;
  @Field(() => [RatingTagEnum], { nullable: true, description: "Tags that go with the level (好评 tags with the top three, 差评 tags with the last two)" }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: "At most 500 characters; kept for the office, never logged" }) comment?: string | null;
}

@ObjectType({ description: "An applicant's rating of a completed application" })
export class Rating {
  @Field(() => ID) applicationId!: string;
  @Field(() => RatingRoundEnum) round!: string;
  @Field(() => RatingLevelEnum) level!: string;
  @Field(() => [RatingTagEnum]) tags!: string[];
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => DateTimeScalar) ratedAt!: Date;
}

@ObjectType({ description: "The office's follow-up of a 差评: 回访 within 1 working day, 整改 within 15 working days" })
export class RatingFollowUp {
  @Field(() => ID) applicationId!: string;
  @Field(() => String) caseNumber!: string;
  @Field(() => Int) scenario!: number;
  @Field(() => String) office!: string;
  @Field(() => RatingLevelEnum) level!: string;
  @Field(() => [RatingTagEnum]) tags!: string[];
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => FollowUpStatusEnum) status!: string;
  @Field(() => DateTimeScalar) openedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "Null while the calendar has no data for the year it falls in" }) callBackDue!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) calledBackAt!: Date | null;
  @Field(() => String, { nullable: true }) callBackNote!: string | null;
  @Field(() => Boolean, { description: "Called back after the limit, or not yet and past it" }) callBackLate!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) rectifyDue!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) rectifiedAt!: Date | null;
  @Field(() => String, { nullable: true }) rectifyNote!: string | null;
  @Field(() => Boolean, { description: "Rectified after the limit, or not yet and past it" }) rectifyLate!: boolean;
}
