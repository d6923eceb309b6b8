import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../schema/scalars/graphql";

export const ReceiptStatus = { ACCEPTED: "ACCEPTED", COMPLETED: "COMPLETED", IN_PRODUCTION: "IN_PRODUCTION" } as const;
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];
registerEnumType(ReceiptStatus, {
  name: "ReceiptStatus",
  description: "办件状态 receipt status",
  valuesConfig: {
    ACCEPTED: { description: "ACCEPTED: 已受理，正在办理" },
    COMPLETED: { description: "COMPLETED: 已办结" },
    IN_PRODUCTION: { description: "IN_PRODUCTION: 已受理，社保卡制卡中" },
  },
});

/**
 * What every item operation returns, whichever system performed it: the same shape in every
 * subgraph, so the gateway merges it into one type and the one-thing engine reads it uniformly.
 */
@Directive("@shareable")
@ObjectType({ description: "办件回执 item receipt: 任一系统办理一个事项后的回执" })
export class ItemReceipt {
  @Field(() => String, { description: "办件编号 case number, 由办理系统给出" }) caseNumber!: string;
  @Field(() => String, { description: "事项编码 service item code, 如 1.1.5" }) itemCode!: string;
  @Field(() => String, { description: "办理系统 system that performed it, 如 social-insurance" }) system!: string;
  @Field(() => ReceiptStatus, { description: "办件状态 receipt status" }) status!: ReceiptStatus;
  @Field(() => DateTimeScalar, { description: "受理时间 accepted at" }) acceptedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "办结时间 completed at; 尚未办结为 null" }) completedAt!: Date | null;
  @Field(() => String, { description: "幂等键 idempotency key: 提交时给出的键, 同一键的重复提交返回本回执" }) idempotencyKey!: string;
  @Field(() => [String], { nullable: true, description: "附注 notes: 办理系统一并办理或说明的事 (如 同时终止失业登记)" }) notes?: string[] | null;
  @Field(() => String, {
    nullable: true,
    description: "时限情形 limit condition: 受理时办理系统所述的时限条件, 为目录中的键 (1.7.4: CLEAR 事实清楚, INVESTIGATION 需要调查); 未说明为 null",
  })
  limitCondition?: string | null;
}
