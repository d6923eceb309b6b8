import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../schema/scalars/graphql";

export const ReceiptStatus = { ACCEPTED: "ACCEPTED", COMPLETED: "COMPLETED", IN_PRODUCTION: "IN_PRODUCTION" } as const;
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];
registerEnumType(ReceiptStatus, {
  name: "ReceiptStatus",
  description: "ACCEPTED = 已受理 (being handled), COMPLETED = 已办结, IN_PRODUCTION = card being produced",
});

/**
 * What every item operation returns, whichever system performed it: the same shape in every
 * subgraph, so the gateway merges it into one type and the one-thing engine reads it uniformly.
 */
@Directive("@shareable")
@ObjectType({ description: "The receipt of an item operation (办件回执)" })
export class ItemReceipt {
  @Field(() => String, { description: "The legacy system's case number (办件编号)" }) caseNumber!: string;
  @Field(() => String, { description: "Service item code, e.g. 1.1.5" }) itemCode!: string;
  @Field(() => String, { description: "The system that performed it" }) system!: string;
  @Field(() => ReceiptStatus) status!: ReceiptStatus;
  @Field(() => DateTimeScalar) acceptedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt!: Date | null;
  @Field(() => String) idempotencyKey!: string;
  @Field(() => [String], { nullable: true, description: "What else the system did or says about it (e.g. 同时终止失业登记)" }) notes?: string[] | null;
  @Field(() => String, {
    nullable: true,
    description: "The time limit's condition the system stated when it accepted the case, as a key of the catalogue (1.7.4: CLEAR 事实清楚 or INVESTIGATION 需要调查); null when it states none",
  })
  limitCondition?: string | null;
}
