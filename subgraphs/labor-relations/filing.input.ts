import { Field, InputType, registerEnumType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { ContractType } from "./adapter";

export const TerminationKind = { DISSOLVED: "DISSOLVED", EXPIRED: "EXPIRED" } as const;
export type TerminationKind = (typeof TerminationKind)[keyof typeof TerminationKind];
registerEnumType(TerminationKind, { name: "LaborContractTermination", description: "DISSOLVED = 解除劳动合同, EXPIRED = 终止劳动合同" });

@InputType({ description: "劳动用工备案 on hiring (4.1.1)" })
export class FileEmploymentInput {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => CreditCodeScalar) employerCreditCode!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar, { nullable: true, description: "Required for FIXED_TERM contracts" }) endDate?: string | null;
}

@InputType({ description: "劳动用工备案 on 解除/终止劳动合同 (4.1.1)" })
export class FileTerminationInput {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => CreditCodeScalar) employerCreditCode!: string;
  @Field(() => DateScalar, { description: "Last day of the contract" }) endDate!: string;
  @Field(() => TerminationKind) kind!: TerminationKind;
}
