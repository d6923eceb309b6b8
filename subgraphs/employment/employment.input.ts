import { Field, InputType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";

@InputType({ description: "就业登记 (2.4.2)" })
export class RegisterEmploymentInput {
  @Field(() => IdNumberScalar, { description: "劳动者的公民身份号码 resident ID number" }) idNumber!: string;
  @Field(() => CreditCodeScalar, { description: "用人单位的统一社会信用代码 employer's credit code" }) employerCreditCode!: string;
  @Field(() => DateScalar, { description: "就业日期 start date: First day of employment" }) startDate!: string;
  @Field(() => String, { nullable: true, description: "登记地 region: Contact point to register at; the employer's by default" }) region?: string | null;
}

@InputType({ description: "失业登记 (2.4.1)" })
export class RegisterUnemploymentInput {
  @Field(() => IdNumberScalar, { description: "失业人员的公民身份号码 resident ID number" }) idNumber!: string;
  @Field(() => DateScalar, { description: "失业登记日期 registered on: Day of registration" }) registeredOn!: string;
  @Field(() => String, { nullable: true, description: "登记地 region: Contact point to register at; the current registration's by default" }) region?: string | null;
}

@InputType({ description: "高等学校等毕业生接收手续办理 (2.7.1)" })
export class AcceptGraduateInput {
  @Field(() => IdNumberScalar, { description: "毕业生的公民身份号码 graduate's resident ID number" }) idNumber!: string;
  @Field(() => CreditCodeScalar, { description: "接收单位的统一社会信用代码 receiving employer's credit code" }) employerCreditCode!: string;
  @Field(() => DateScalar, { description: "报到日期 reporting date: Day the graduate reports to the employer (报到日期)" }) reportingDate!: string;
}
