import { GraphQLJSONObject } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import { CreditCodeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { ApplicantFact } from "./application.type";
import type { Fact } from "./workflow";

@InputType({ description: "告知承诺 commitment: A signed commitment (告知承诺) given instead of a certificate" })
export class CommitmentInput {
  @Field(() => String, { description: "所代替的材料 material: The material it replaces, e.g. KINSHIP_PROOF" }) material!: string;
  @Field(() => String, { nullable: true, description: "承诺内容 statement: The text the applicant signed" }) statement?: string | null;
}

@InputType({ description: "提交“一件事”申请 submit application: 一套材料" })
export class SubmitApplicationInput {
  @Field(() => Int, { description: "“一件事”序号 bundle: The bundle, 1-10 (附件1 序号)" }) scenario!: number;
  @Field(() => IdNumberScalar, { nullable: true, description: "公民身份号码 resident ID number: The person the bundle is about; a citizen's own by default" }) idNumber?: string | null;
  @Field(() => CreditCodeScalar, { nullable: true, description: "统一社会信用代码 credit code: The employer; an employer operator's own by default" }) creditCode?: string | null;
  @Field(() => [String], { description: "提交的材料 materials: Material ids supplied (see materialsFor)" }) materials!: string[];
  @Field(() => [CommitmentInput], { nullable: true, description: "告知承诺 commitments given instead of certificates" }) commitments?: CommitmentInput[] | null;
  @Field(() => [ApplicantFact], { nullable: true, description: "申请人情形 facts: Facts of the case that decide which conditional steps run" }) facts?: Fact[] | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "事项细节 details: Item details, e.g. { pensionTransfer: \"INTER_REGIONAL\" | \"PUBLIC_INSTITUTION\" | \"URBAN_RURAL\" | \"MILITARY\" }" }) details?: Record<string, unknown> | null;
  @Field(() => String, { description: "幂等键 idempotency key: Same key twice gives the same application" }) idempotencyKey!: string;
}
