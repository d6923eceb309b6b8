import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { asCallersKey, once } from "../../lib/idempotency";
import { ItemReceipt } from "../../lib/receipt.type";
import type { Principal } from "../../lib/principal";
import type { SubgraphContext } from "../../lib/subgraph";
import { contactPoints } from "../../schema/catalogue/contact-points";
import { CreditCodeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { receiptOf } from "./adapter";
import { refusal, type ApplicationMode, type CardAction } from "./card-state";
import type { CardDeps } from "./card.resolver";
import { CardApplicationMode } from "./card.type";
import { requireOwnedItem } from "../../lib/items";

const regionNames = new Set(contactPoints.map((c) => c.name));

function optionalRegion(region: unknown): string | undefined {
  if (region == null) return undefined;
  if (typeof region !== "string" || !regionNames.has(region)) throw badInput("region must be one of the 23 contact points, e.g. 天镇县");
  return region;
}

function optionalText(name: string, value: unknown, max: number): string | undefined {
  if (value == null) return undefined;
  const v = typeof value === "string" ? value.trim() : "";
  if (!v || v.length > max) throw badInput(`${name} must be 1-${max} characters`);
  return v;
}

/**
 * Card items (1.10.x). Each runs once per idempotency key (also sent to the card system, which
 * keeps one case per key), and checks the card's phase before writing: an operation the phase does
 * not allow is CONFLICT and changes nothing. Every 1.10.x code of the bundles has its typed
 * mutation; `acceptCardItem` runs the same operations for callers that only know item codes.
 */
@Resolver()
export class CardItemsResolver {
  constructor(private readonly deps: CardDeps) {}

  private perform(principal: Principal | undefined, action: CardAction, idNumber: string, idempotencyKey: string, body: { mode?: ApplicationMode; region?: string; bank?: string; reason?: string } = {}): Promise<ItemReceipt> {
    return once(this.deps.store, "card", principal, idempotencyKey, { action, idNumber, body }, async (key) => {
      const existing = await this.deps.adapter.findCase(key);
      if (existing) return receiptOf(existing, key);
      const card = await this.deps.adapter.card(idNumber);
      const refused = refusal(card.phase, action);
      if (refused) throw new KuaibanError(ErrorCode.CONFLICT, refused, { cardStatus: card.phase });
      return receiptOf(await this.deps.adapter.act(idNumber, action, key, body), key);
    });
  }

  @Query(() => ItemReceipt, { description: "How a case stands now (办件状态: 受理, in production or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  cardCase(
    @Arg("caseNumber", () => String) caseNumber: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, async (key) => {
      const c = await this.deps.adapter.findCase(key);
      if (!c || c.caseNumber !== caseNumber) throw notFound("The card system has no such case");
      return receiptOf(c, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "1.10.1 社会保障卡申领. COMPLETED at once where the region issues on the spot, else IN_PRODUCTION; CONFLICT when the person has a card" })
  applyForCard(
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("mode", () => CardApplicationMode, { defaultValue: "SINGLE" }) mode: ApplicationMode,
    @Arg("region", () => String, { nullable: true, description: "Issuing contact-point region; defaults to where the person is registered" }) region: string | null,
    @Arg("bank", () => String, { nullable: true }) bank: string | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "APPLY", idNumber, idempotencyKey, { mode, region: optionalRegion(region), bank: optionalText("bank", bank, 40) });
  }

  @Mutation(() => ItemReceipt, { description: "1.10.2 社会保障卡启用 (含银行账户激活)" })
  activateCard(@Arg("idNumber", () => IdNumberScalar) idNumber: string, @Arg("idempotencyKey", () => String) idempotencyKey: string, @Ctx() ctx: SubgraphContext): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "ACTIVATE", idNumber, idempotencyKey);
  }

  // The new PIN is entered on the hall's PIN pad or the bank's channel; it never passes through Kuaiban.
  @Mutation(() => ItemReceipt, { description: "1.10.6 社会保障卡密码修改与重置 (the PIN itself is set at the PIN pad, never sent here)" })
  resetCardPassword(@Arg("idNumber", () => IdNumberScalar) idNumber: string, @Arg("idempotencyKey", () => String) idempotencyKey: string, @Ctx() ctx: SubgraphContext): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "RESET_PASSWORD", idNumber, idempotencyKey);
  }

  @Mutation(() => ItemReceipt, { description: "1.10.7 社会保障卡挂失" })
  reportCardLoss(@Arg("idNumber", () => IdNumberScalar) idNumber: string, @Arg("idempotencyKey", () => String) idempotencyKey: string, @Ctx() ctx: SubgraphContext): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "REPORT_LOSS", idNumber, idempotencyKey);
  }

  @Mutation(() => ItemReceipt, { description: "1.10.7 社会保障卡解挂" })
  cancelCardLossReport(@Arg("idNumber", () => IdNumberScalar) idNumber: string, @Arg("idempotencyKey", () => String) idempotencyKey: string, @Ctx() ctx: SubgraphContext): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "CANCEL_LOSS_REPORT", idNumber, idempotencyKey);
  }

  @Mutation(() => ItemReceipt, { description: "1.10.8 社会保障卡补领、换领、换发: a new card replaces a lost, damaged or expiring one" })
  reissueCard(
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("mode", () => CardApplicationMode, { defaultValue: "SINGLE" }) mode: ApplicationMode,
    @Arg("region", () => String, { nullable: true }) region: string | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "REISSUE", idNumber, idempotencyKey, { mode, region: optionalRegion(region) });
  }

  @Mutation(() => ItemReceipt, {
    description: "Any card item by code, run as its typed operation: 1.10.1 (details.mode, details.region, details.bank), 1.10.2, 1.10.6, 1.10.7 (details.operation = CANCEL_LOSS_REPORT for 解挂, else 挂失), 1.10.8 (details.mode, details.region), 1.10.9 (details.reason)",
  })
  acceptCardItem(
    @Arg("itemCode", () => String) itemCode: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true }) idNumber: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true, description: "Not used by card items; accepted for a uniform call" }) _creditCode: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true }) details: Record<string, unknown> | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    if (!idNumber) throw badInput("idNumber is required for card items");
    const item = { code: requireOwnedItem(itemCode, "card", { idNumber }) };
    const d = details ?? {};
    const mode = (): ApplicationMode => {
      if (d.mode == null) return "SINGLE";
      if (d.mode !== "SINGLE" && d.mode !== "BATCH") throw badInput("details.mode must be SINGLE or BATCH");
      return d.mode;
    };
    switch (item.code) {
      case "1.10.1": return this.perform(ctx.principal, "APPLY", idNumber, idempotencyKey, { mode: mode(), region: optionalRegion(d.region), bank: optionalText("bank", d.bank, 40) });
      case "1.10.2": return this.perform(ctx.principal, "ACTIVATE", idNumber, idempotencyKey);
      case "1.10.6": return this.perform(ctx.principal, "RESET_PASSWORD", idNumber, idempotencyKey);
      case "1.10.7": return this.perform(ctx.principal, d.operation === "CANCEL_LOSS_REPORT" ? "CANCEL_LOSS_REPORT" : "REPORT_LOSS", idNumber, idempotencyKey);
      case "1.10.8": return this.perform(ctx.principal, "REISSUE", idNumber, idempotencyKey, { mode: mode(), region: optionalRegion(d.region) });
      case "1.10.9": return this.perform(ctx.principal, "CANCEL", idNumber, idempotencyKey, { reason: optionalText("reason", d.reason, 100) });
      default: throw badInput(`Item ${item.code} is not offered through Kuaiban`);
    }
  }

  @Mutation(() => ItemReceipt, { description: "1.10.9 社会保障卡注销 (e.g. on the holder's death)" })
  cancelCard(
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("reason", () => String, { nullable: true, description: "e.g. 死亡" }) reason: string | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return this.perform(ctx.principal, "CANCEL", idNumber, idempotencyKey, { reason: optionalText("reason", reason, 100) });
  }
}
