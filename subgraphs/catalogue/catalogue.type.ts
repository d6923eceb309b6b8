import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const Area = enumOf(["SOCIAL_INSURANCE", "EMPLOYMENT", "PERSONNEL", "LABOR_RELATIONS"] as const);
registerEnumType(Area, { name: "Area", description: "Business area: 社会保险 1.x, 就业 2.x, 人才人事 3.x, 劳动关系 4.x" });

export const Agency = enumOf(["SOCIAL_INSURANCE", "EMPLOYMENT", "PERSONNEL", "LABOR_RELATIONS", "CARD"] as const);
registerEnumType(Agency, { name: "Agency", description: "The system that handles an item (one subgraph each)" });

export const LimitUnit = enumOf(["WORKING_DAYS", "CALENDAR_DAYS", "MONTHS", "MINUTES", "INSTANT", "NONE", "LOCAL_TARGET", "STATUTORY", "QUARTER_OF_YEAR"] as const);
registerEnumType(LimitUnit, {
  name: "LimitUnit",
  description: "NONE = 无; LOCAL_TARGET = 各市、县结合实际制定; INSTANT = 即时办结 (30 minutes); QUARTER_OF_YEAR = by the end of quarter `value`",
});

export const ContactLevel = enumOf(["PROVINCIAL", "MINISTRY_AND_PROVINCIAL"] as const);
registerEnumType(ContactLevel, { name: "ContactLevel", description: "省级联系点 / 部、省共同联系点" });

@ObjectType({ description: "A limit that replaces the general one under its condition" })
export class LimitAlternative {
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field(() => LimitUnit) unit!: string;
  @Field(() => String) condition!: string;
}

@ObjectType({ description: "A time limit of 附件2: the original text and its structure" })
export class TimeLimit {
  @Field(() => String, { description: "The notice's text, verbatim" }) text!: string;
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field(() => LimitUnit) unit!: string;
  @Field(() => String, { nullable: true }) condition!: string | null;
  @Field(() => [LimitAlternative]) alternatives!: LimitAlternative[];
}

@ObjectType({ description: "A public service item (服务事项) of the national HR & social-security list" })
export class ServiceItem {
  @Field(() => String, { description: "e.g. 1.1.5" }) code!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: "Other spellings of the name in the notice" }) aliases!: string[];
  @Field(() => Area) area!: string;
  @Field(() => Agency) agency!: string;
  @Field(() => TimeLimit, { nullable: true, description: "当前规定的办结时限 (only items of the 提速办 list)" }) statutoryLimit!: TimeLimit | null;
  @Field(() => TimeLimit, { nullable: true, description: "提速后办结时限 (only items of the 提速办 list)" }) acceleratedLimit!: TimeLimit | null;
}

@ObjectType()
export class Remark {
  @Field(() => String) text!: string;
  @Field(() => String, { nullable: true, description: "The rule's kind when the remark is a rule, e.g. SYNC_CONTRIBUTOR_INCREASE" }) rule!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "The rule's parameters" }) ruleDetail!: Record<string, unknown> | null;
}

@ObjectType({ description: "A 一件事 bundle of 附件1" })
export class Scenario {
  @Field(() => Int) seq!: number;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: "涉及机构 as written" }) agencies!: string[];
  @Field(() => [ServiceItem]) items!: ServiceItem[];
  @Field(() => [Remark]) remarks!: Remark[];
}

@ObjectType({ description: "A 快办行动 contact point of 附件3" })
export class ContactPoint {
  @Field(() => String) name!: string;
  @Field(() => ContactLevel) level!: string;
  @Field(() => String) levelText!: string;
  @Field(() => String, { nullable: true, description: "The city a district or county belongs to" }) parent!: string | null;
}
