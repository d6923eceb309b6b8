import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { cardPhases, type CardPhase } from "./card-state";

export const CardStatus = Object.fromEntries(cardPhases.map((p) => [p, p])) as { [K in CardPhase]: K };
registerEnumType(CardStatus, {
  name: "CardStatus",
  description: "NONE = 未申领, IN_PRODUCTION = 制卡中, NOT_ACTIVATED = 已发卡未启用, ACTIVE = 正常, LOST = 挂失, CANCELLED = 注销",
});

export const CardApplicationMode = { SINGLE: "SINGLE", BATCH: "BATCH" } as const;
registerEnumType(CardApplicationMode, {
  name: "CardApplicationMode",
  description: "SINGLE = 零星申领 (on the spot where the region issues instantly), BATCH = 批量申领 (through the batch queue)",
});

@ObjectType({ description: "A social security card (社会保障卡)" })
export class SocialSecurityCard {
  @Field(() => String, { nullable: true, description: "Card number; null until the card is produced" }) number!: string | null;
  @Field(() => CardStatus) status!: CardPhase;
  @Field(() => String, { nullable: true, description: "The bank of the card's financial account" }) bank!: string | null;
  @Field(() => String, { nullable: true, description: "The contact-point region that issued (or is producing) the card" }) region!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) issuedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When production is expected to finish, while IN_PRODUCTION" }) readyAt!: Date | null;
}

/** The card system's part of a person: only the card. */
@Directive('@key(fields: "idNumber")')
@ObjectType("Person")
export class CardPerson {
  @Field(() => IdNumberScalar) idNumber!: string;
}
