import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { cardPhases, type CardPhase } from "./card-state";

export const CardStatus = Object.fromEntries(cardPhases.map((p) => [p, p])) as { [K in CardPhase]: K };
registerEnumType(CardStatus, {
  name: "CardStatus",
  description: "社会保障卡状态 card status",
  valuesConfig: {
    NONE: { description: "NONE: 未申领" },
    IN_PRODUCTION: { description: "IN_PRODUCTION: 已申领，制卡中" },
    NOT_ACTIVATED: { description: "NOT_ACTIVATED: 已发卡，未启用" },
    ACTIVE: { description: "ACTIVE: 正常，可使用" },
    LOST: { description: "LOST: 已挂失" },
    CANCELLED: { description: "CANCELLED: 已注销" },
  },
});

export const CardApplicationMode = { SINGLE: "SINGLE", BATCH: "BATCH" } as const;
registerEnumType(CardApplicationMode, {
  name: "CardApplicationMode",
  description: "申领方式 card application mode",
  valuesConfig: {
    SINGLE: { description: "SINGLE: 零星申领, 所在地可即时制卡的立等可取" },
    BATCH: { description: "BATCH: 批量申领, 进入批量制卡队列" },
  },
});

@ObjectType({ description: "社会保障卡 social security card: A social security card (社会保障卡)" })
export class SocialSecurityCard {
  @Field(() => String, { nullable: true, description: "社会保障号码/卡号 card number: Card number; null until the card is produced" }) number!: string | null;
  @Field(() => CardStatus, { description: "卡状态 card status" }) status!: CardPhase;
  @Field(() => String, { nullable: true, description: "开户银行 bank: The bank of the card's financial account" }) bank!: string | null;
  @Field(() => String, { nullable: true, description: "发卡地区 region: The contact-point region that issued (or is producing) the card" }) region!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "发卡时间 issued at; 未发卡为 null" }) issuedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "预计制卡完成时间 ready at: When production is expected to finish, while IN_PRODUCTION" }) readyAt!: Date | null;
}

/** The card system's part of a person: only the card. */
@Directive('@key(fields: "idNumber")')
@ObjectType("Person", { description: "人员 person: 以公民身份号码为键 (keyed by resident ID number); 各系统的字段在网关合并于同一人员" })
export class CardPerson {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
}
