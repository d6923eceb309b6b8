import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Agency, Area } from "./catalogue.type";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const GuideChannelKind = enumOf(["WINDOW", "ONLINE_HALL"] as const);
registerEnumType(GuideChannelKind, { name: "GuideChannelKind", description: "WINDOW = 窗口办理; ONLINE_HALL = 网上服务大厅" });
export const Applicant = enumOf(["PERSON", "EMPLOYER", "EITHER"] as const);
registerEnumType(Applicant, { name: "Applicant", description: "Who submits the item: a person, an employer, or either" });
export const GuideResult = enumOf(["REGISTRATION", "CERTIFICATE", "DECISION", "PAYMENT", "TRANSFER", "SERVICE"] as const);
registerEnumType(GuideResult, { name: "GuideResult", description: "What the applicant gets: a record, a card or certificate, a written decision, a payment, a moved relation, a service" });
export const GuideRelation = enumOf(["PREREQUISITE", "PARALLEL", "FOLLOW_UP"] as const);
registerEnumType(GuideRelation, { name: "GuideRelation", description: "前置 / 并联 / 后置" });
export const ContactKind = enumOf(["PHONE", "EMAIL"] as const);
registerEnumType(ContactKind, { name: "ContactKind" });

@ObjectType({ description: "A material a guide asks for" })
export class GuideMaterial {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: "A signed commitment (告知承诺) may replace it" }) commitment!: boolean;
}

@ObjectType({ description: "A material of a bundle's one set, with the items that ask for it" })
export class ScenarioGuideMaterial extends GuideMaterial {
  @Field(() => [String]) itemCodes!: string[];
}

@ObjectType({ description: "Where to apply (办理渠道)" })
export class GuideChannel {
  @Field(() => GuideChannelKind) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => String) detail!: string;
}

@ObjectType({ description: "One case of a limit: its condition (null: the general case) and the limit in words" })
export class LimitRule {
  @Field(() => String, { nullable: true }) condition!: string | null;
  @Field(() => String) words!: string;
}

@ObjectType({ description: "A limit of 附件2: the notice's text and the limit in words" })
export class GuideLimit {
  @Field(() => String, { description: "The notice's cell, verbatim" }) text!: string;
  @Field(() => String, { description: "Every condition with its limit, e.g. 一般30日；事实清楚、权利义务明确的，7日" }) words!: string;
  @Field(() => [LimitRule]) rules!: LimitRule[];
}

@ObjectType({ description: "办理时限: statutory and accelerated, and how the days are counted" })
export class GuideTimeLimits {
  @Field(() => Boolean, { description: "On the 提速办 list (附件2)" }) listed!: boolean;
  @Field(() => Int, { nullable: true, description: "Row of 附件2" }) seq!: number | null;
  @Field(() => GuideLimit, { nullable: true, description: "当前规定的办结时限" }) statutory!: GuideLimit | null;
  @Field(() => GuideLimit, { nullable: true, description: "提速后办结时限" }) accelerated!: GuideLimit | null;
  @Field(() => String) summary!: string;
  @Field(() => [String]) counting!: string[];
}

@ObjectType({ description: "监督渠道: where to complain or ask" })
export class GuideContact {
  @Field(() => String) name!: string;
  @Field(() => ContactKind) kind!: string;
  @Field(() => String) contact!: string;
}

@ObjectType()
export class ScenarioRef {
  @Field(() => Int) seq!: number;
  @Field(() => String) name!: string;
}

@ObjectType({ description: "The service guide (办事指南) of one item" })
export class ServiceGuide {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => Area) area!: string;
  @Field(() => Agency) agency!: string;
  @Field(() => String, { description: "The office that takes and decides the application" }) office!: string;
  @Field(() => Applicant) applicant!: string;
  @Field(() => String, { description: "服务对象" }) who!: string;
  @Field(() => [String], { description: "办理条件" }) conditions!: string[];
  @Field(() => [GuideMaterial]) materials!: GuideMaterial[];
  @Field(() => [GuideMaterial], { description: "The materials a commitment (告知承诺) replaces" }) commitmentMaterials!: GuideMaterial[];
  @Field(() => [GuideChannel]) channels!: GuideChannel[];
  @Field(() => GuideTimeLimits) timeLimits!: GuideTimeLimits;
  @Field(() => GuideResult) result!: string;
  @Field(() => String, { nullable: true }) resultName!: string | null;
  @Field(() => [String], { description: "结果送达" }) delivery!: string[];
  @Field(() => [String], { description: "反馈方式" }) feedback!: string[];
  @Field(() => [GuideContact], { description: "监督渠道" }) supervision!: GuideContact[];
  @Field(() => [ScenarioRef], { description: "The bundles the item is part of" }) scenarios!: ScenarioRef[];
  @Field(() => [String]) basis!: string[];
}

@ObjectType({ description: "An item of a bundle's guide, where it sits in the flow" })
export class ScenarioGuideItem {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => GuideRelation, { nullable: true }) relation!: string | null;
  @Field(() => String, { nullable: true }) relationText!: string | null;
  @Field(() => String, { nullable: true, description: "The case in which the step is done, when not always" }) when!: string | null;
  @Field(() => String) timeLimit!: string;
}

@ObjectType({ description: "The service guide (办事指南) of one 一件事 bundle" })
export class ScenarioGuide {
  @Field(() => Int) seq!: number;
  @Field(() => String) name!: string;
  @Field(() => [String]) agencies!: string[];
  @Field(() => [String], { description: "办理条件" }) conditions!: string[];
  @Field(() => [ScenarioGuideItem]) items!: ScenarioGuideItem[];
  @Field(() => [ScenarioGuideMaterial], { description: "The one set of materials (一套材料)" }) materials!: ScenarioGuideMaterial[];
  @Field(() => [ScenarioGuideMaterial]) commitmentMaterials!: ScenarioGuideMaterial[];
  @Field(() => Int) materialsAsked!: number;
  @Field(() => Int) materialsSumOverItems!: number;
  @Field(() => Int, { description: "材料精减数" }) materialsCut!: number;
  @Field(() => [GuideChannel]) channels!: GuideChannel[];
  @Field(() => [String], { description: "办理时限" }) timeLimits!: string[];
  @Field(() => [String], { description: "结果送达" }) delivery!: string[];
  @Field(() => [String], { description: "反馈方式" }) feedback!: string[];
  @Field(() => [GuideContact], { description: "监督渠道" }) supervision!: GuideContact[];
  @Field(() => [String], { description: "备注, verbatim" }) remarks!: string[];
  @Field(() => [String]) basis!: string[];
}
