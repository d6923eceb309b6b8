import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar, IdNumberScalar } from "../schema/scalars/graphql";

export const RosterStatus = { ACTIVE: "ACTIVE", LEFT: "LEFT" } as const;
registerEnumType(RosterStatus, { name: "RosterStatus", description: "ACTIVE = on the employer's staff list; LEFT = no longer" });

/** One person on an agency's list of an employer's staff (人员名单), as kept in step by roster events. */
@Directive("@shareable")
@ObjectType({ description: "One person on an agency's roster of an employer's staff (人员名单)" })
export class RosterMember {
  @Field(() => IdNumberScalar) idNumber!: string;
  @Field(() => RosterStatus) status!: string;
  @Field(() => DateTimeScalar, { description: "When the item that set this status was completed" }) since!: string;
  @Field(() => String, { description: "The item that set this status, e.g. 1.1.5" }) itemCode!: string;
  @Field(() => String, { description: "Its case number (办件编号)" }) caseNumber!: string;
  @Field(() => String) applicationId!: string;
  @Field(() => String, { nullable: true, description: "Why the person left: the item, or REVOKED" }) reason!: string | null;
}
