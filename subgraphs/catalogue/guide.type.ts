import { enumOf } from "../../schema/scalars/graphql";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Agency, Area } from "./catalogue.type";


export const GuideChannelKind = enumOf(["WINDOW", "ONLINE_HALL"] as const);
registerEnumType(GuideChannelKind, { name: "GuideChannelKind", description: "办理渠道类别 channel kind",
  valuesConfig: {
    WINDOW: { description: "WINDOW: 窗口办理" },
    ONLINE_HALL: { description: "ONLINE_HALL: 网上服务大厅办理" },
  },
});
export const Applicant = enumOf(["PERSON", "EMPLOYER", "EITHER"] as const);
registerEnumType(Applicant, { name: "Applicant", description: "申请人类别 applicant: 个人、单位或两者皆可",
  valuesConfig: {
    PERSON: { description: "PERSON: 个人申请" },
    EMPLOYER: { description: "EMPLOYER: 单位申请" },
    EITHER: { description: "EITHER: 个人或单位均可申请" },
  },
});
export const GuideResult = enumOf(["REGISTRATION", "CERTIFICATE", "DECISION", "PAYMENT", "TRANSFER", "SERVICE"] as const);
registerEnumType(GuideResult, { name: "GuideResult", description: "办理结果类别 result: 申请人得到什么",
  valuesConfig: {
    REGISTRATION: { description: "REGISTRATION: 登记备案记录" },
    CERTIFICATE: { description: "CERTIFICATE: 证件或证书 (卡、证)" },
    DECISION: { description: "DECISION: 书面决定" },
    PAYMENT: { description: "PAYMENT: 待遇或补贴的支付" },
    TRANSFER: { description: "TRANSFER: 关系转移接续" },
    SERVICE: { description: "SERVICE: 一项服务" },
  },
});
export const GuideRelation = enumOf(["PREREQUISITE", "PARALLEL", "FOLLOW_UP"] as const);
registerEnumType(GuideRelation, { name: "GuideRelation", description: "办理顺序关系 relation in the flow",
  valuesConfig: {
    PREREQUISITE: { description: "PREREQUISITE: 前置, 先于其他事项办理" },
    PARALLEL: { description: "PARALLEL: 并联, 与其他事项同时办理" },
    FOLLOW_UP: { description: "FOLLOW_UP: 后置, 在其他事项办结后办理" },
  },
});
export const ContactKind = enumOf(["PHONE", "EMAIL"] as const);
registerEnumType(ContactKind, {
  name: "ContactKind",
  description: "联系方式类别 contact kind",
  valuesConfig: {
    PHONE: { description: "PHONE: 电话" },
    EMAIL: { description: "EMAIL: 电子邮箱" },
  },
});

@ObjectType({ description: "申请材料 material a guide asks for" })
export class GuideMaterial {
  @Field(() => String, { description: "材料标识 material id, 如 KINSHIP_PROOF" }) id!: string;
  @Field(() => String, { description: "材料名称 material name" }) name!: string;
  @Field(() => Boolean, { description: "可告知承诺 commitment: 可以签署承诺书代替" }) commitment!: boolean;
}

@ObjectType({ description: "“一件事”一套材料中的一项 material of a bundle's one set, 及需要它的事项" })
export class ScenarioGuideMaterial extends GuideMaterial {
  @Field(() => [String], { description: "需要它的事项编码 item codes that ask for it" }) itemCodes!: string[];
}

@ObjectType({ description: "办理渠道 channel: 在哪里申请" })
export class GuideChannel {
  @Field(() => GuideChannelKind, { description: "渠道类别 kind" }) kind!: string;
  @Field(() => String, { description: "渠道名称 name, 如 政务服务大厅" }) name!: string;
  @Field(() => String, { description: "渠道说明 detail: 地址或网址" }) detail!: string;
}

@ObjectType({ description: "时限的一种情形 limit rule: 条件 (null 为一般情形) 与时限" })
export class LimitRule {
  @Field(() => String, { nullable: true, description: "条件 condition; 一般情形为 null" }) condition!: string | null;
  @Field(() => String, { description: "时限文字 limit in words" }) words!: string;
}

@ObjectType({ description: "时限 limit (附件2): 原文与文字说明" })
export class GuideLimit {
  @Field(() => String, { description: "通知原文 the notice's cell, verbatim" }) text!: string;
  @Field(() => String, { description: "文字说明 in words: 每种情形及其时限, 如 一般30日；事实清楚、权利义务明确的，7日" }) words!: string;
  @Field(() => [LimitRule], { description: "各情形 rules" }) rules!: LimitRule[];
}

@ObjectType({ description: "办理时限 time limits: 法定与提速后时限, 及如何计算" })
export class GuideTimeLimits {
  @Field(() => Boolean, { description: "列入提速办清单 listed (附件2)" }) listed!: boolean;
  @Field(() => Int, { nullable: true, description: "附件2 序号 row; 未列入为 null" }) seq!: number | null;
  @Field(() => GuideLimit, { nullable: true, description: "当前规定的办结时限 statutory limit" }) statutory!: GuideLimit | null;
  @Field(() => GuideLimit, { nullable: true, description: "提速后办结时限 accelerated limit" }) accelerated!: GuideLimit | null;
  @Field(() => String, { description: "时限摘要 summary in words" }) summary!: string;
  @Field(() => [String], { description: "计算方式 how days are counted, 如 法定节假日不计" }) counting!: string[];
}

@ObjectType({ description: "监督渠道 supervision contact: 投诉或咨询" })
export class GuideContact {
  @Field(() => String, { description: "名称 name, 如 12333 热线" }) name!: string;
  @Field(() => ContactKind, { description: "联系方式类别 kind" }) kind!: string;
  @Field(() => String, { description: "联系方式 contact: 电话号码或邮箱" }) contact!: string;
}

@ObjectType({ description: "所属“一件事” bundle reference" })
export class ScenarioRef {
  @Field(() => Int, { description: "序号 number, 1–10" }) seq!: number;
  @Field(() => String, { description: "名称 name" }) name!: string;
}

@ObjectType({ description: "办事指南 service guide of one item" })
export class ServiceGuide {
  @Field(() => String, { description: "事项编码 item code" }) code!: string;
  @Field(() => String, { description: "事项名称 item name" }) name!: string;
  @Field(() => Area, { description: "业务领域 business area" }) area!: string;
  @Field(() => Agency, { description: "办理系统 agency" }) agency!: string;
  @Field(() => String, { description: "受理和决定机构 office that takes and decides the application" }) office!: string;
  @Field(() => Applicant, { description: "申请人类别 applicant" }) applicant!: string;
  @Field(() => String, { description: "服务对象 who it serves" }) who!: string;
  @Field(() => [String], { description: "办理条件 conditions" }) conditions!: string[];
  @Field(() => [GuideMaterial], { description: "申请材料 materials" }) materials!: GuideMaterial[];
  @Field(() => [GuideMaterial], { description: "可告知承诺替代的材料 materials a signed commitment (告知承诺) replaces" }) commitmentMaterials!: GuideMaterial[];
  @Field(() => [GuideChannel], { description: "办理渠道 channels" }) channels!: GuideChannel[];
  @Field(() => GuideTimeLimits, { description: "办理时限 time limits" }) timeLimits!: GuideTimeLimits;
  @Field(() => GuideResult, { description: "办理结果类别 result" }) result!: string;
  @Field(() => String, { nullable: true, description: "结果名称 result name, 如 《就业创业证》; 无具体证照为 null" }) resultName!: string | null;
  @Field(() => [String], { description: "结果送达 delivery" }) delivery!: string[];
  @Field(() => [String], { description: "反馈方式 feedback" }) feedback!: string[];
  @Field(() => [GuideContact], { description: "监督渠道 supervision: 投诉与咨询" }) supervision!: GuideContact[];
  @Field(() => [ScenarioRef], { description: "所属“一件事” bundles the item is part of" }) scenarios!: ScenarioRef[];
  @Field(() => [String], { description: "设定依据 legal basis" }) basis!: string[];
}

@ObjectType({ description: "“一件事”指南中的事项 item of a bundle's guide, 及其在流程中的位置" })
export class ScenarioGuideItem {
  @Field(() => String, { description: "事项编码 item code" }) code!: string;
  @Field(() => String, { description: "事项名称 item name" }) name!: string;
  @Field(() => GuideRelation, { nullable: true, description: "办理顺序关系 relation: 前置、并联或后置" }) relation!: string | null;
  @Field(() => String, { nullable: true, description: "关系原文 relation as written" }) relationText!: string | null;
  @Field(() => String, { nullable: true, description: "办理情形 when: 并非总要办理时, 办理的情形" }) when!: string | null;
  @Field(() => String, { description: "时限 time limit in words" }) timeLimit!: string;
}

@ObjectType({ description: "“一件事”办事指南 guide of one bundle" })
export class ScenarioGuide {
  @Field(() => Int, { description: "序号 number, 1–10" }) seq!: number;
  @Field(() => String, { description: "名称 name" }) name!: string;
  @Field(() => [String], { description: "涉及机构 agencies" }) agencies!: string[];
  @Field(() => [String], { description: "办理条件 conditions" }) conditions!: string[];
  @Field(() => [ScenarioGuideItem], { description: "包含的事项 items, 及其在流程中的位置" }) items!: ScenarioGuideItem[];
  @Field(() => [ScenarioGuideMaterial], { description: "一套材料 the one set of materials" }) materials!: ScenarioGuideMaterial[];
  @Field(() => [ScenarioGuideMaterial], { description: "可告知承诺替代的材料 materials a commitment replaces" }) commitmentMaterials!: ScenarioGuideMaterial[];
  @Field(() => Int, { description: "一次索要的材料数 materials asked once" }) materialsAsked!: number;
  @Field(() => Int, { description: "逐项办理时各事项材料数之和 materials summed over items" }) materialsSumOverItems!: number;
  @Field(() => Int, { description: "材料精减数 materials cut" }) materialsCut!: number;
  @Field(() => [GuideChannel], { description: "办理渠道 channels" }) channels!: GuideChannel[];
  @Field(() => [String], { description: "办理时限 time limits" }) timeLimits!: string[];
  @Field(() => [String], { description: "结果送达 delivery" }) delivery!: string[];
  @Field(() => [String], { description: "反馈方式 feedback" }) feedback!: string[];
  @Field(() => [GuideContact], { description: "监督渠道 supervision" }) supervision!: GuideContact[];
  @Field(() => [String], { description: "备注 remarks, verbatim" }) remarks!: string[];
  @Field(() => [String], { description: "设定依据 legal basis" }) basis!: string[];
}
