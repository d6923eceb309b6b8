import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { CreditCodeScalar, DateScalar, DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { ContractType, FilingStatus } from "./adapter";

registerEnumType(ContractType, {
  name: "LaborContractType",
  description: "FIXED_TERM = 固定期限, OPEN_ENDED = 无固定期限, TASK_BASED = 以完成一定工作任务为期限",
});
registerEnumType(FilingStatus, { name: "LaborFilingStatus", description: "FILED = 已备案 (contract in force), TERMINATED = 解除/终止已备案" });

/** A person as the labour-relations system contributes to it; merged by idNumber. */
@Directive('@key(fields: "idNumber")')
@ObjectType()
export class Person {
  @Field(() => IdNumberScalar) idNumber!: string;
}

/** An employer as the labour-relations system contributes to it; merged by creditCode. */
@Directive('@key(fields: "creditCode")')
@ObjectType()
export class Employer {
  @Field(() => CreditCodeScalar) creditCode!: string;
}

@ObjectType({ description: "An employment filing (劳动用工备案) of a labour contract" })
export class LaborFiling {
  @Field(() => String, { description: "备案编号" }) filingNumber!: string;
  @Field(() => Employer) employer!: Employer;
  @Field(() => Person, { nullable: true, description: "Null, with FORBIDDEN on its path, for a person the caller may not read" }) person!: Person | null;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar, { nullable: true, description: "Agreed end; null for open-ended and task-based contracts" }) endDate!: string | null;
  @Field(() => FilingStatus) status!: FilingStatus;
  @Field(() => DateTimeScalar) filedAt!: Date;
  @Field(() => DateScalar, { nullable: true, description: "The day the contract was ended (解除/终止)" }) terminatedOn!: string | null;
}

@ObjectType()
export class LaborFilingEdge {
  @Field(() => String) cursor!: string;
  @Field(() => LaborFiling) node!: LaborFiling;
}

/** The same shape as social-insurance's PageInfo: the gateway merges both into one type. */
@Directive("@shareable")
@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: "A page of an employer's filings, newest first" })
export class LaborFilingConnection {
  @Field(() => [LaborFilingEdge]) edges!: LaborFilingEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
