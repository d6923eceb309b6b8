import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { CreditCodeScalar, DateScalar, DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { ContractType, FilingStatus } from "./adapter";
import { PageInfo } from "../../lib/page-info.type";

registerEnumType(ContractType, {
  name: "LaborContractType",
  description: "劳动合同期限类型 labour contract type",
  valuesConfig: {
    FIXED_TERM: { description: "FIXED_TERM: 固定期限劳动合同" },
    OPEN_ENDED: { description: "OPEN_ENDED: 无固定期限劳动合同" },
    TASK_BASED: { description: "TASK_BASED: 以完成一定工作任务为期限的劳动合同" },
  },
});
registerEnumType(FilingStatus, { name: "LaborFilingStatus", description: "用工备案状态 labour filing status",
  valuesConfig: {
    FILED: { description: "FILED: 已备案，合同履行中" },
    TERMINATED: { description: "TERMINATED: 解除/终止已备案" },
  },
});

/** A person as the labour-relations system contributes to it; merged by idNumber. */
@Directive('@key(fields: "idNumber")')
@ObjectType({ description: "人员 person: 以公民身份号码为键 (keyed by resident ID number); 各系统的字段在网关合并于同一人员" })
export class Person {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
}

/** An employer as the labour-relations system contributes to it; merged by creditCode. */
@Directive('@key(fields: "creditCode")')
@ObjectType({ description: "用人单位 employer: 以统一社会信用代码为键 (keyed by unified social credit code); 各系统的字段在网关合并于同一单位" })
export class Employer {
  @Field(() => CreditCodeScalar, { description: "统一社会信用代码 unified social credit code" }) creditCode!: string;
}

@ObjectType({ description: "劳动用工备案 labour filing: 一份劳动合同的用工备案" })
export class LaborFiling {
  @Field(() => String, { description: "备案编号 filing number" }) filingNumber!: string;
  @Field(() => Employer, { description: "用人单位 employer" }) employer!: Employer;
  @Field(() => Person, { nullable: true, description: "劳动者 person; 调用方无权查看时为 null, 其路径附 FORBIDDEN" }) person!: Person | null;
  @Field(() => ContractType, { description: "劳动合同期限类型 contract type" }) contractType!: ContractType;
  @Field(() => DateScalar, { description: "合同起始日期 start date" }) startDate!: string;
  @Field(() => DateScalar, { nullable: true, description: "约定终止日期 agreed end date; 无固定期限和以完成一定工作任务为期限的合同为 null" }) endDate!: string | null;
  @Field(() => FilingStatus, { description: "备案状态 filing status" }) status!: FilingStatus;
  @Field(() => DateTimeScalar, { description: "备案时间 filed at" }) filedAt!: Date;
  @Field(() => DateScalar, { nullable: true, description: "解除/终止日期 terminated on: 合同解除或终止之日" }) terminatedOn!: string | null;
}

@ObjectType({ description: "用工备案分页中的一项 labour filing edge" })
export class LaborFilingEdge {
  @Field(() => String, { description: "游标 cursor of this filing, 作为 `after` 从其后取" }) cursor!: string;
  @Field(() => LaborFiling, { description: "用工备案 labour filing" }) node!: LaborFiling;
}

/** One class with social-insurance's PageInfo: the gateway merges both into one type. */
export { PageInfo };

@ObjectType({ description: "用工备案分页 labour filing connection: edges (带游标) 或 nodes, 以及 pageInfo; 新的在前" })
export class LaborFilingConnection {
  @Field(() => [LaborFilingEdge], { description: "本页各项 edges, 每项带游标" }) edges!: LaborFilingEdge[];
  @Field(() => [LaborFiling], { description: "本页备案 nodes (edges 中 node 的简写)" }) nodes!: LaborFiling[];
  @Field(() => PageInfo, { description: "分页信息 page info" }) pageInfo!: PageInfo;
  @Field(() => Int, { description: "总数 total count" }) totalCount!: number;
}
