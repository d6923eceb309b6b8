import { Field, InputType, registerEnumType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { ContractType } from "./adapter";

export const TerminationKind = { DISSOLVED: "DISSOLVED", EXPIRED: "EXPIRED" } as const;
export type TerminationKind = (typeof TerminationKind)[keyof typeof TerminationKind];
registerEnumType(TerminationKind, { name: "LaborContractTermination", description: "劳动合同的结束方式 how the contract ended",
  valuesConfig: {
    DISSOLVED: { description: "DISSOLVED: 解除劳动合同" },
    EXPIRED: { description: "EXPIRED: 终止劳动合同 (期满等)" },
  },
});

@InputType({ description: "劳动用工备案·招用 file employment on hiring (4.1.1)" })
export class FileEmploymentInput {
  @Field(() => IdNumberScalar, { description: "劳动者的公民身份号码 employee's resident ID number" }) idNumber!: string;
  @Field(() => CreditCodeScalar, { description: "用人单位的统一社会信用代码 employer's credit code" }) employerCreditCode!: string;
  @Field(() => ContractType, { description: "劳动合同期限类型 contract type" }) contractType!: ContractType;
  @Field(() => DateScalar, { description: "合同起始日期 start date" }) startDate!: string;
  @Field(() => DateScalar, { nullable: true, description: "约定终止日期 end date; 固定期限合同必填" }) endDate?: string | null;
}

@InputType({ description: "劳动用工备案·解除/终止劳动合同 file termination (4.1.1)" })
export class FileTerminationInput {
  @Field(() => IdNumberScalar, { description: "劳动者的公民身份号码 employee's resident ID number" }) idNumber!: string;
  @Field(() => CreditCodeScalar, { description: "用人单位的统一社会信用代码 employer's credit code" }) employerCreditCode!: string;
  @Field(() => DateScalar, { description: "合同最后一日 last day of the contract" }) endDate!: string;
  @Field(() => TerminationKind, { description: "解除或终止 dissolved or expired" }) kind!: TerminationKind;
}
