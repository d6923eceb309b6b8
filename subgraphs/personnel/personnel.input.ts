import { Field, InputType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";

@InputType({ description: "事业单位拟聘用人员备案 (3.3.3)" })
export class PublicInstitutionHireInput {
  @Field(() => CreditCodeScalar) employerCreditCode!: string;
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => String, { description: "岗位, e.g. 专业技术岗位" }) position!: string;
  @Field(() => DateScalar) hireDate!: string;
}
