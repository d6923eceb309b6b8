import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver, registerEnumType } from "type-graphql";
import { badInput } from "../../lib/errors";
import { asCallersKey } from "../../lib/idempotency";
import { ItemReceipt } from "../../lib/receipt.type";
import type { SubgraphContext } from "../../lib/subgraph";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { codeValues, type Insurance as InsuranceValue } from "./code-tables";
import type { SiDeps } from "./loaders";
import { checkDetails, PENSION_TRANSFERS, SiOperations, UNEMPLOYMENT_BENEFIT_ITEM, type ContributorChange as Change } from "./operations";
import { Insurance } from "./person.type";
import { requireOwnedItem } from "../../lib/items";

export const ContributorChange = { INCREASE: "INCREASE", DECREASE: "DECREASE" } as const;
registerEnumType(ContributorChange, { name: "ContributorChange", description: "缴费人员增加 / 减少" });

function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw badInput(`${what} is required for this item`);
  return value;
}

/** `details.change`, or the one-thing engine's action names for the same thing. */
function changeOf(d: Record<string, unknown>): Change {
  const raw = d.change ?? (d.action === "CONTRIBUTORS_INCREASE" ? "INCREASE" : d.action === "CONTRIBUTORS_DECREASE" ? "DECREASE" : undefined);
  if (raw !== "INCREASE" && raw !== "DECREASE") throw badInput("details.change must be INCREASE or DECREASE for item 1.3.1");
  return raw;
}

function insurancesOf(d: Record<string, unknown>): InsuranceValue[] | null {
  if (d.insurances === undefined || d.insurances === null) return null;
  const known = new Set<string>(codeValues.AAE140);
  if (!Array.isArray(d.insurances) || !d.insurances.every((i) => typeof i === "string" && known.has(i))) {
    throw badInput(`details.insurances must list insurances among ${codeValues.AAE140.join(", ")}`);
  }
  return d.insurances as InsuranceValue[];
}

const dateOf = (v: unknown): string | null => (v === undefined || v === null ? null : (DateScalar.parseValue(v) as string));

/**
 * The core platform's item mutations: typed ones for the operations the bundles build on, and one
 * generic mutation for every social-insurance item. The generic one also takes the typed items'
 * codes (with their parameters in `details`) and runs them through the same operation, so a
 * caller that only knows item codes gets the same checks and the same receipt.
 */
@Resolver()
export class ItemsResolver {
  private readonly ops: SiOperations;
  constructor(deps: SiDeps) {
    this.ops = new SiOperations(deps);
  }

  @Mutation(() => ItemReceipt, { description: "1.1.5 职工参保登记: enrols the employee in all five insurances through the employer; CONFLICT when already insured by it" })
  enrolEmployee(
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("creditCode", () => CreditCodeScalar) creditCode: string,
    @Arg("since", () => DateScalar, { nullable: true, description: "Defaults to today" }) since: string | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.enrol({ idNumber, creditCode, since: since ?? null, idempotencyKey: key }));
  }

  @Mutation(() => ItemReceipt, { description: "1.3.1 缴费人员增减申报: starts or stops contributions through the employer. Without insurances: every one that applies" })
  changeContributors(
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("creditCode", () => CreditCodeScalar) creditCode: string,
    @Arg("change", () => ContributorChange) change: Change,
    @Arg("insurances", () => [Insurance], { nullable: true }) insurances: InsuranceValue[] | null,
    @Arg("since", () => DateScalar, { nullable: true, description: "Defaults to today" }) since: string | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.changeContributors({ idNumber, creditCode, change, insurances: insurances ?? null, since: since ?? null, idempotencyKey: key }));
  }

  @Mutation(() => ItemReceipt, { description: "失业保险金停发 under item 1.8.1 (the remark “如涉及失业保险金停发，应一并办理”); CONFLICT when none is drawn" })
  stopUnemploymentBenefit(
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.stopUnemploymentBenefit({ idNumber, idempotencyKey: key }));
  }

  @Mutation(() => ItemReceipt, { description: "养老保险关系转移接续: 1.6.12 城镇职工, 1.6.15 机关事业↔企业职工, 1.6.17 军地. One region must be a contact point" })
  transferPensionRelation(
    @Arg("itemCode", () => String, { description: "1.6.12, 1.6.15 or 1.6.17" }) itemCode: string,
    @Arg("idNumber", () => IdNumberScalar) idNumber: string,
    @Arg("fromRegion", () => String, { description: "转出地" }) fromRegion: string,
    @Arg("toRegion", () => String, { description: "转入地" }) toRegion: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.transferPension({ itemCode, idNumber, fromRegion, toRegion, idempotencyKey: key }));
  }

  @Query(() => ItemReceipt, { description: "How a case stands now (办件状态: 受理 or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  socialInsuranceCase(
    @Arg("caseNumber", () => String) caseNumber: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.caseStatus(caseNumber, key));
  }

  @Mutation(() => ItemReceipt, {
    description: "Any social-insurance item (1.x except 1.10.x, which is the card system's). 1.1.5, 1.3.1 (details.change, details.insurances), 1.6.12/15/17 (details.fromRegion, details.toRegion) and the 1.8.1 benefit stop (details.action = STOP_UNEMPLOYMENT_BENEFIT) run as their typed operations; other items are accepted for handling",
  })
  acceptSocialInsuranceItem(
    @Arg("itemCode", () => String) itemCode: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true }) idNumber: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true }) creditCode: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true }) details: Record<string, unknown> | null,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    const item = { code: requireOwnedItem(itemCode, "social-insurance", { idNumber, creditCode }) };
    const d = checkDetails(details ?? null);
    const id = idNumber ?? null;
    const cc = creditCode ?? null;
    if (item.code === "1.1.5") {
      return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.enrol({ idNumber: need(id, "idNumber"), creditCode: need(cc, "creditCode"), since: dateOf(d.since), idempotencyKey: key }));
    }
    if (item.code === "1.3.1") {
      return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.changeContributors({ idNumber: need(id, "idNumber"), creditCode: need(cc, "creditCode"), change: changeOf(d), insurances: insurancesOf(d), since: dateOf(d.since), idempotencyKey: key }));
    }
    if (PENSION_TRANSFERS.includes(item.code)) {
      return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.transferPension({ itemCode: item.code, idNumber: need(id, "idNumber"), fromRegion: d.fromRegion, toRegion: d.toRegion, idempotencyKey: key }));
    }
    if (item.code === UNEMPLOYMENT_BENEFIT_ITEM && d.action === "STOP_UNEMPLOYMENT_BENEFIT") {
      return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.stopUnemploymentBenefit({ idNumber: need(id, "idNumber"), idempotencyKey: key }));
    }
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.accept({ itemCode: item.code, idNumber: id, creditCode: cc, details: d, idempotencyKey: key }));
  }
}
