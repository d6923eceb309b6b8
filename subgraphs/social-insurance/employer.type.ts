import { Directive, Field, ObjectType } from "type-graphql";
import { CreditCodeScalar } from "../../schema/scalars/graphql";

/** An employer (用人单位); the core platform holds its basic facts. Other fields load on demand. */
@Directive('@key(fields: "creditCode")')
@ObjectType({ description: "An employer (用人单位), keyed by its unified social credit code" })
export class Employer {
  @Field(() => CreditCodeScalar) creditCode!: string;
}
