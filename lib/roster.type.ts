import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar, IdNumberScalar } from "../schema/scalars/graphql";

export const RosterStatus = { ACTIVE: "ACTIVE", LEFT: "LEFT" } as const;
registerEnumType(RosterStatus, { name: "RosterStatus", description: "名单状态 roster status",
  valuesConfig: {
    ACTIVE: { description: "ACTIVE: 在该单位职工名单上" },
    LEFT: { description: "LEFT: 已不在该单位职工名单上" },
  },
});

/** One person on an agency's list of an employer's staff (人员名单), as kept in step by roster events. */
@Directive("@shareable")
@ObjectType({ description: "人员名单成员 roster member: 某系统所记某单位职工名单中的一人，随每个办结事项同步更新" })
export class RosterMember {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
  @Field(() => RosterStatus, { description: "名单状态 roster status" }) status!: string;
  @Field(() => DateTimeScalar, { description: "状态起始 since: 设定该状态的事项办结的时间" }) since!: string;
  @Field(() => String, { description: "事项编码 item code that set this status, 如 1.1.5" }) itemCode!: string;
  @Field(() => String, { description: "办件编号 case number of that item" }) caseNumber!: string;
  @Field(() => String, { description: "一件事申请编号 application id that carried the item" }) applicationId!: string;
  @Field(() => String, { nullable: true, description: "离开原因 reason the person left: 办理的事项编码, 或 REVOKED (申请撤销)" }) reason!: string | null;
}
