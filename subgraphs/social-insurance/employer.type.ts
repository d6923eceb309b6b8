import { Directive, Field, ObjectType } from "type-graphql";
import { CreditCodeScalar } from "../../schema/scalars/graphql";

/** An employer (用人单位); the core platform holds its basic facts. Other fields load on demand. */
@Directive('@key(fields: "creditCode")')
@ObjectType({ description: "用人单位 employer: 以统一社会信用代码为键 (keyed by unified social credit code); 各系统的字段在网关合并于同一单位" })
export class Employer {
  @Field(() => CreditCodeScalar, { description: "统一社会信用代码 unified social credit code" }) creditCode!: string;
}
