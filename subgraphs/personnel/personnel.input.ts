import { Field, InputType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";

@InputType({ description: "事业单位拟聘用人员备案 (3.3.3)" })
export class PublicInstitutionHireInput {
  @Field(() => CreditCodeScalar, { description: "事业单位的统一社会信用代码 public institution's credit code" }) employerCreditCode!: string;
  @Field(() => IdNumberScalar, { description: "拟聘人员的公民身份号码 resident ID number" }) idNumber!: string;
  @Field(() => String, { description: "岗位, e.g. 专业技术岗位" }) position!: string;
  @Field(() => DateScalar, { description: "拟聘用日期 hire date" }) hireDate!: string;
}
