import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { codeValues } from "./code-tables";
import { Employer } from "./employer.type";
import type { Coded } from "./adapter";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const Insurance = enumOf(codeValues.AAE140);
registerEnumType(Insurance, { name: "Insurance", description: "险种 (AAE140): 养老, 失业, 医疗, 工伤, 生育" });
export const Gender = enumOf(codeValues.AAC004);
registerEnumType(Gender, { name: "Gender", description: "性别 (AAC004, GB/T 2261.1)" });
export const EnrolmentStatus = enumOf(codeValues.AAC008);
registerEnumType(EnrolmentStatus, { name: "EnrolmentStatus", description: "人员参保状态 (AAC008): 正常参保, 暂停参保, 终止参保" });
export const ContributionStatus = enumOf(codeValues.AAC031);
registerEnumType(ContributionStatus, { name: "ContributionStatus", description: "个人缴费状态 (AAC031): 参保缴费, 暂停缴费, 终止缴费" });
export const BenefitKind = enumOf(codeValues.AAA036);
registerEnumType(BenefitKind, { name: "BenefitKind", description: "待遇类型: 基本养老金, 失业保险金" });
export const BenefitStatus = enumOf(codeValues.AAE116);
registerEnumType(BenefitStatus, { name: "BenefitStatus", description: "待遇发放状态: 正常发放, 暂停发放, 终止发放" });

/** A person; the core platform holds everyone's basic facts (人员基本信息). Fields load on demand, in one batch per request. */
@Directive('@key(fields: "idNumber")')
@ObjectType({ description: "A person, keyed by resident ID number" })
export class Person {
  @Field(() => IdNumberScalar) idNumber!: string;
}

// Enum fields are nullable: a code the configured tables do not know comes back as null with an
// error on that field, instead of a guess or the loss of the whole record.
@ObjectType({ description: "One insurance a person is enrolled in through one employer (AC02)" })
export class Enrolment {
  @Field(() => Insurance, { nullable: true }) insurance!: Coded<string>;
  @Field(() => String, { description: "The platform's 险种类型 code (AAE140) as recorded" }) insuranceCode!: string;
  @Field(() => EnrolmentStatus, { nullable: true }) status!: Coded<string>;
  @Field(() => ContributionStatus, { nullable: true }) contributionStatus!: Coded<string>;
  @Field(() => DateScalar, { description: "开始日期 (AAE030)" }) since!: string;
  @Field(() => Employer, { nullable: true }) employer!: { creditCode: string } | null;
}

@ObjectType({ description: "A benefit the person draws or drew (养老金, 失业保险金)" })
export class Benefit {
  @Field(() => BenefitKind, { nullable: true }) kind!: Coded<string>;
  @Field(() => BenefitStatus, { nullable: true }) status!: Coded<string>;
  @Field(() => DateScalar) since!: string;
}

@ObjectType({ description: "What the social-insurance system knows of a person's insurance" })
export class SocialInsuranceRecord {
  @Field(() => String, { description: "个人编号 (AAC001)" }) personNo!: string;
  @Field(() => [Enrolment]) enrolments!: Enrolment[];
  @Field(() => [Benefit]) benefits!: Benefit[];
}

@Directive("@shareable")
@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class PersonEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Person, { nullable: true, description: "Null, with FORBIDDEN on its path, for a person the caller may not read" }) node!: Person | null;
}

@ObjectType({ description: "A page of people" })
export class PersonConnection {
  @Field(() => [PersonEdge]) edges!: PersonEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
