import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { RegistrationStatus } from "./adapter";

registerEnumType(RegistrationStatus, {
  name: "EmploymentRegistrationStatus",
  description: "就业失业登记状态 employment registration status",
  valuesConfig: {
    EMPLOYED: { description: "EMPLOYED: 就业登记有效，处于就业状态" },
    UNEMPLOYED: { description: "UNEMPLOYED: 失业登记有效，处于失业状态" },
    NONE: { description: "NONE: 无有效的就业或失业登记" },
  },
});

/** A person as the employment system contributes to it; the gateway merges it by idNumber. */
@Directive('@key(fields: "idNumber")')
@ObjectType({ description: "人员 person: 以公民身份号码为键 (keyed by resident ID number); 各系统的字段在网关合并于同一人员" })
export class Person {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
}

@Directive('@key(fields: "creditCode")')
@ObjectType({ description: "用人单位 employer: 以统一社会信用代码为键 (keyed by unified social credit code); 各系统的字段在网关合并于同一单位" })
export class Employer {
  @Field(() => CreditCodeScalar, { description: "统一社会信用代码 unified social credit code" }) creditCode!: string;
}

@ObjectType({ description: "就业失业登记 employment registration: The registration in force (就业登记 or 失业登记)" })
export class EmploymentRegistration {
  @Field(() => RegistrationStatus, { description: "登记状态 registration status" }) status!: RegistrationStatus;
  @Field(() => Employer, { nullable: true, description: "就业单位 employer: The employer of an employment registration" }) employer!: Employer | null;
  @Field(() => DateScalar, { nullable: true, description: "登记生效日期 since: The day the registration took effect" }) since!: string | null;
  @Field(() => String, { nullable: true, description: "登记地 region: The contact point (region) where it is registered" }) region!: string | null;
}

@ObjectType({ description: "就业信息 employment: What the public employment and talent service (公共就业人才服务机构) knows of a person" })
export class Employment {
  @Field(() => EmploymentRegistration, { description: "当前有效的登记 registration in force (就业登记或失业登记)" }) registration!: EmploymentRegistration;
  @Field(() => String, { nullable: true, description: "《就业创业证》 number, when one was issued" }) employmentCardNo!: string | null;
  @Field(() => Boolean, { description: "就业困难人员 hard to employ: Recognised as a person with employment difficulties (就业困难人员)" }) hardToEmploy!: boolean;
  @Field(() => Boolean, { description: "高校毕业生 graduate: A graduate (高校毕业生) not yet accepted by an employer" }) graduate!: boolean;
  @Field(() => DateScalar, { nullable: true, description: "失业登记终止日期 unemployment ended on: When the latest unemployment registration ended (e.g. by an employment registration)" })
  unemploymentEndedOn!: string | null;
}
