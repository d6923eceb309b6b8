import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const Area = enumOf(["SOCIAL_INSURANCE", "EMPLOYMENT", "PERSONNEL", "LABOR_RELATIONS"] as const);
registerEnumType(Area, { name: "Area", description: "业务领域 business area: 社会保险 1.x, 就业 2.x, 人才人事 3.x, 劳动关系 4.x",
  valuesConfig: {
    SOCIAL_INSURANCE: { description: "SOCIAL_INSURANCE: 社会保险 (1.x)" },
    EMPLOYMENT: { description: "EMPLOYMENT: 就业 (2.x)" },
    PERSONNEL: { description: "PERSONNEL: 人才人事 (3.x)" },
    LABOR_RELATIONS: { description: "LABOR_RELATIONS: 劳动关系 (4.x)" },
  },
});

export const Agency = enumOf(["SOCIAL_INSURANCE", "EMPLOYMENT", "PERSONNEL", "LABOR_RELATIONS", "CARD"] as const);
registerEnumType(Agency, { name: "Agency", description: "办理系统 agency: 办理事项的业务系统, 各为一个子图",
  valuesConfig: {
    SOCIAL_INSURANCE: { description: "SOCIAL_INSURANCE: 社会保险经办系统 (社保经办机构)" },
    EMPLOYMENT: { description: "EMPLOYMENT: 公共就业人才服务系统" },
    PERSONNEL: { description: "PERSONNEL: 人事档案与事业单位人事系统" },
    LABOR_RELATIONS: { description: "LABOR_RELATIONS: 劳动关系 (劳动用工备案) 系统" },
    CARD: { description: "CARD: 社会保障卡系统" },
  },
});

export const LimitUnit = enumOf(["WORKING_DAYS", "CALENDAR_DAYS", "MONTHS", "MINUTES", "INSTANT", "NONE", "LOCAL_TARGET", "STATUTORY", "QUARTER_OF_YEAR"] as const);
registerEnumType(LimitUnit, {
  name: "LimitUnit",
  description: "时限单位 limit unit",
  valuesConfig: {
    WORKING_DAYS: { description: "WORKING_DAYS: 个工作日" },
    CALENDAR_DAYS: { description: "CALENDAR_DAYS: 日 (自然日)" },
    MONTHS: { description: "MONTHS: 个月" },
    MINUTES: { description: "MINUTES: 分钟" },
    INSTANT: { description: "INSTANT: 即时办结 (30 分钟内)" },
    NONE: { description: "NONE: 无时限" },
    LOCAL_TARGET: { description: "LOCAL_TARGET: 各市、县结合实际制定" },
    STATUTORY: { description: "STATUTORY: 按法律法规规定的时限, 无具体数值" },
    QUARTER_OF_YEAR: { description: "QUARTER_OF_YEAR: 每年第 `value` 季度内完成 (日历期限而非时长)" },
  },
});

export const ContactLevel = enumOf(["PROVINCIAL", "MINISTRY_AND_PROVINCIAL"] as const);
registerEnumType(ContactLevel, { name: "ContactLevel", description: "联系点级别 contact-point level",
  valuesConfig: {
    PROVINCIAL: { description: "PROVINCIAL: 省级联系点" },
    MINISTRY_AND_PROVINCIAL: { description: "MINISTRY_AND_PROVINCIAL: 部、省共同联系点" },
  },
});

@ObjectType({ description: "其他情形的时限 limit alternative: 在其条件下替代一般时限" })
export class LimitAlternative {
  @Field(() => Int, { nullable: true, description: "时限数值 value; 无数值的单位为 null" }) value!: number | null;
  @Field(() => LimitUnit, { description: "时限单位 unit" }) unit!: string;
  @Field(() => String, { description: "适用条件 condition, 如 省本级" }) condition!: string;
}

@ObjectType({ description: "办结时限 time limit (附件2): 原文及其结构" })
export class TimeLimit {
  @Field(() => String, { description: "通知原文 the notice's text, verbatim" }) text!: string;
  @Field(() => Int, { nullable: true, description: "时限数值 value; 无数值的单位为 null" }) value!: number | null;
  @Field(() => LimitUnit, { description: "时限单位 unit" }) unit!: string;
  @Field(() => String, { nullable: true, description: "适用条件 condition; 一般情形为 null" }) condition!: string | null;
  @Field(() => [LimitAlternative], { description: "其他情形的时限 alternatives: 在其条件下替代一般时限" }) alternatives!: LimitAlternative[];
}

@ObjectType({ description: "服务事项 service item: 全国人社政务服务事项清单中的一项" })
export class ServiceItem {
  @Field(() => String, { description: "事项编码 item code, 如 1.1.5" }) code!: string;
  @Field(() => String, { description: "事项名称 item name" }) name!: string;
  @Field(() => [String], { description: "别名 aliases: 通知中的其他写法" }) aliases!: string[];
  @Field(() => Area, { description: "业务领域 business area" }) area!: string;
  @Field(() => Agency, { description: "办理系统 agency system that handles it" }) agency!: string;
  @Field(() => TimeLimit, { nullable: true, description: "当前规定的办结时限 statutory limit (仅提速办清单内的事项)" }) statutoryLimit!: TimeLimit | null;
  @Field(() => TimeLimit, { nullable: true, description: "提速后办结时限 accelerated limit (仅提速办清单内的事项)" }) acceleratedLimit!: TimeLimit | null;
}

@ObjectType({ description: "“一件事”的备注 remark; 是规则时带规则类别与参数" })
export class Remark {
  @Field(() => String, { description: "备注原文 text, verbatim" }) text!: string;
  @Field(() => String, { nullable: true, description: "规则类别 rule kind, 如 SYNC_CONTRIBUTOR_INCREASE; 非规则为 null" }) rule!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "规则参数 rule parameters" }) ruleDetail!: Record<string, unknown> | null;
}

@ObjectType({ description: "“一件事”打包事项 bundle (附件1)" })
export class Scenario {
  @Field(() => Int, { description: "序号 number, 1–10" }) seq!: number;
  @Field(() => String, { description: "名称 name, 如 企业职工退休“一件事”" }) name!: string;
  @Field(() => [String], { description: "涉及机构 agencies, 照原文" }) agencies!: string[];
  @Field(() => [ServiceItem], { description: "包含的服务事项 items" }) items!: ServiceItem[];
  @Field(() => [Remark], { description: "备注 remarks, 其中的规则由办理引擎执行" }) remarks!: Remark[];
}

@ObjectType({ description: "快办行动联系点 contact point (附件3)" })
export class ContactPoint {
  @Field(() => String, { description: "联系点名称 name, 如 太原市、天镇县" }) name!: string;
  @Field(() => ContactLevel, { description: "联系点级别 level" }) level!: string;
  @Field(() => String, { description: "级别原文 level as written, 如 省级联系点" }) levelText!: string;
  @Field(() => String, { nullable: true, description: "所属地市 parent city of a district or county; 地市本身为 null" }) parent!: string | null;
}
