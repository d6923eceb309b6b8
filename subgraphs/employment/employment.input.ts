import { Field, InputType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";

@InputType({ description: "就业登记 (2.4.2)" })
export class RegisterEmploymentInput {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => CreditCodeScalar) employerCreditCode!: string;
  @Field(() => DateScalar, { description: "First day of employment" }) startDate!: string;
  @Field(() => String, { nullable: true, description: "Contact point to register at; the employer's by default" }) region?: string | null;
}

@InputType({ description: "失业登记 (2.4.1)" })
export class RegisterUnemploymentInput {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => DateScalar, { description: "Day of registration" }) registeredOn!: string;
  @Field(() => String, { nullable: true, description: "Contact point to register at; the current registration's by default" }) region?: string | null;
}

@InputType({ description: "高等学校等毕业生接收手续办理 (2.7.1)" })
export class AcceptGraduateInput {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => CreditCodeScalar) employerCreditCode!: string;
  @Field(() => DateScalar, { description: "Day the graduate reports to the employer (报到日期)" }) reportingDate!: string;
}
