import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { codeValues } from "./code-tables";
import { Employer } from "./employer.type";
import type { Coded } from "./adapter";
import { PageInfo } from "../../lib/page-info.type";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const Insurance = enumOf(codeValues.AAE140);
registerEnumType(Insurance, { name: "Insurance", description: "险种 insurance (AAE140): 养老, 失业, 医疗, 工伤, 生育",
  valuesConfig: {
    PENSION: { description: "PENSION: 企业职工基本养老保险 (AAE140 110)" },
    UNEMPLOYMENT: { description: "UNEMPLOYMENT: 失业保险 (AAE140 210)" },
    MEDICAL: { description: "MEDICAL: 城镇职工基本医疗保险 (AAE140 310)" },
    WORK_INJURY: { description: "WORK_INJURY: 工伤保险 (AAE140 410)" },
    MATERNITY: { description: "MATERNITY: 生育保险 (AAE140 510)" },
  },
});
export const Gender = enumOf(codeValues.AAC004);
registerEnumType(Gender, { name: "Gender", description: "性别 gender (AAC004, GB/T 2261.1)",
  valuesConfig: {
    MALE: { description: "MALE: 男 (AAC004 1)" },
    FEMALE: { description: "FEMALE: 女 (AAC004 2)" },
    UNKNOWN: { description: "UNKNOWN: 未知的性别 (AAC004 0)" },
    UNSPECIFIED: { description: "UNSPECIFIED: 未说明的性别 (AAC004 9)" },
  },
});
export const EnrolmentStatus = enumOf(codeValues.AAC008);
registerEnumType(EnrolmentStatus, { name: "EnrolmentStatus", description: "人员参保状态 enrolment status (AAC008): 正常参保, 暂停参保, 终止参保",
  valuesConfig: {
    ACTIVE: { description: "ACTIVE: 正常参保 (AAC008 1)" },
    SUSPENDED: { description: "SUSPENDED: 暂停参保 (AAC008 2)" },
    TERMINATED: { description: "TERMINATED: 终止参保 (AAC008 4)" },
  },
});
export const ContributionStatus = enumOf(codeValues.AAC031);
registerEnumType(ContributionStatus, { name: "ContributionStatus", description: "个人缴费状态 contribution status (AAC031): 参保缴费, 暂停缴费, 终止缴费",
  valuesConfig: {
    CONTRIBUTING: { description: "CONTRIBUTING: 参保缴费 (AAC031 1)" },
    SUSPENDED: { description: "SUSPENDED: 暂停缴费 (AAC031 2)" },
    STOPPED: { description: "STOPPED: 终止缴费 (AAC031 3)" },
  },
});
export const BenefitKind = enumOf(codeValues.AAA036);
registerEnumType(BenefitKind, { name: "BenefitKind", description: "待遇类型 benefit kind (AAA036): 基本养老金, 失业保险金",
  valuesConfig: {
    PENSION: { description: "PENSION: 基本养老金 (AAA036 11)" },
    UNEMPLOYMENT_BENEFIT: { description: "UNEMPLOYMENT_BENEFIT: 失业保险金 (AAA036 21)" },
  },
});
export const BenefitStatus = enumOf(codeValues.AAE116);
registerEnumType(BenefitStatus, { name: "BenefitStatus", description: "待遇发放状态 benefit status (AAE116): 正常发放, 暂停发放, 终止发放",
  valuesConfig: {
    PAYING: { description: "PAYING: 正常发放 (AAE116 1)" },
    SUSPENDED: { description: "SUSPENDED: 暂停发放 (AAE116 2)" },
    STOPPED: { description: "STOPPED: 终止发放 (AAE116 3)" },
  },
});

/** A person; the core platform holds everyone's basic facts (人员基本信息). Fields load on demand, in one batch per request. */
@Directive('@key(fields: "idNumber")')
@ObjectType({ description: "人员 person: 以公民身份号码为键 (keyed by resident ID number); 各系统的字段在网关合并于同一人员" })
export class Person {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
}

// Enum fields are nullable: a code the configured tables do not know comes back as null with an
// error on that field, instead of a guess or the loss of the whole record.
@ObjectType({ description: "参保记录 enrolment (AC02): 通过一个单位参加的一个险种" })
export class Enrolment {
  @Field(() => Insurance, { nullable: true, description: "险种 insurance (AAE140); 码表不识的代码为 null 并附 UNKNOWN_LEGACY_CODE" }) insurance!: Coded<string>;
  @Field(() => String, { description: "险种类型原始代码 insurance code (AAE140), 照社保系统所记" }) insuranceCode!: string;
  @Field(() => EnrolmentStatus, { nullable: true, description: "参保状态 enrolment status (AAC008); 码表不识的代码为 null 并附错误" }) status!: Coded<string>;
  @Field(() => ContributionStatus, { nullable: true, description: "缴费状态 contribution status (AAC031); 码表不识的代码为 null 并附错误" }) contributionStatus!: Coded<string>;
  @Field(() => DateScalar, { description: "开始日期 since (AAE030)" }) since!: string;
  @Field(() => Employer, { nullable: true, description: "参保单位 employer; 灵活就业等无单位时为 null" }) employer!: { creditCode: string } | null;
}

@ObjectType({ description: "待遇 benefit: 领取中或领取过的养老金、失业保险金" })
export class Benefit {
  @Field(() => BenefitKind, { nullable: true, description: "待遇类型 benefit kind (AAA036); 码表不识的代码为 null 并附错误" }) kind!: Coded<string>;
  @Field(() => BenefitStatus, { nullable: true, description: "发放状态 benefit status (AAE116); 码表不识的代码为 null 并附错误" }) status!: Coded<string>;
  @Field(() => DateScalar, { description: "待遇开始日期 since" }) since!: string;
}

@ObjectType({ description: "社会保险信息 social-insurance record: 社保系统所记某人的参保与待遇" })
export class SocialInsuranceRecord {
  @Field(() => String, { description: "个人编号 person number (AAC001)" }) personNo!: string;
  @Field(() => [Enrolment], { description: "参保记录 enrolments (AC02), 每险种每单位一条" }) enrolments!: Enrolment[];
  @Field(() => [Benefit], { description: "待遇记录 benefits: 领取中或领取过的养老金、失业保险金" }) benefits!: Benefit[];
}

export { PageInfo };

@ObjectType({ description: "人员分页中的一项 person edge" })
export class PersonEdge {
  @Field(() => String, { description: "游标 cursor of this person, 作为 `after` 从其后取" }) cursor!: string;
  @Field(() => Person, { nullable: true, description: "人员 person; 调用方无权查看时为 null, 其路径附 FORBIDDEN" }) node!: Person | null;
}

@ObjectType({ description: "人员分页 person connection: edges (带游标) 或 nodes (直接取人员), 以及 pageInfo" })
export class PersonConnection {
  @Field(() => [PersonEdge], { description: "本页各项 edges, 每项带游标" }) edges!: PersonEdge[];
  @Field(() => [Person], { nullable: "items", description: "本页人员 nodes (edges 中 node 的简写); 调用方无权查看的人员为 null, 其路径附 FORBIDDEN" }) nodes!: (Person | null)[];
  @Field(() => PageInfo, { description: "分页信息 page info" }) pageInfo!: PageInfo;
  @Field(() => Int, { description: "总数 total count of matching people" }) totalCount!: number;
}
