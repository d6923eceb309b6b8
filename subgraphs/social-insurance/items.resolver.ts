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
registerEnumType(ContributorChange, { name: "ContributorChange", description: "缴费人员增减 contributor change",
  valuesConfig: {
    INCREASE: { description: "INCREASE: 增加, 开始缴费" },
    DECREASE: { description: "DECREASE: 减少, 停止缴费" },
  },
});

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

  @Mutation(() => ItemReceipt, { description: "职工参保登记 enrol employee (1.1.5): 通过单位为职工登记五险; 已由该单位参保则 CONFLICT" })
  enrolEmployee(
    @Arg("idNumber", () => IdNumberScalar, { description: "职工的公民身份号码 employee's resident ID number" }) idNumber: string,
    @Arg("creditCode", () => CreditCodeScalar, { description: "单位的统一社会信用代码 employer's credit code" }) creditCode: string,
    @Arg("since", () => DateScalar, { nullable: true, description: "参保日期 since; 省略为今天" }) since: string | null,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.enrol({ idNumber, creditCode, since: since ?? null, idempotencyKey: key }));
  }

  @Mutation(() => ItemReceipt, { description: "缴费人员增减申报 change contributors (1.3.1): 通过单位开始或停止缴费; 不给险种则为适用的每个险种" })
  changeContributors(
    @Arg("idNumber", () => IdNumberScalar, { description: "职工的公民身份号码 employee's resident ID number" }) idNumber: string,
    @Arg("creditCode", () => CreditCodeScalar, { description: "单位的统一社会信用代码 employer's credit code" }) creditCode: string,
    @Arg("change", () => ContributorChange, { description: "增加或减少 increase or decrease" }) change: Change,
    @Arg("insurances", () => [Insurance], { nullable: true, description: "涉及险种 insurances; 省略为适用的全部险种" }) insurances: InsuranceValue[] | null,
    @Arg("since", () => DateScalar, { nullable: true, description: "生效日期 since; 省略为今天" }) since: string | null,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.changeContributors({ idNumber, creditCode, change, insurances: insurances ?? null, since: since ?? null, idempotencyKey: key }));
  }

  @Mutation(() => ItemReceipt, { description: "失业保险金停发 stop unemployment benefit, 属事项 1.8.1 (备注“如涉及失业保险金停发，应一并办理”); 未领取则 CONFLICT" })
  stopUnemploymentBenefit(
    @Arg("idNumber", () => IdNumberScalar, { description: "领取人的公民身份号码 beneficiary's resident ID number" }) idNumber: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.stopUnemploymentBenefit({ idNumber, idempotencyKey: key }));
  }

  @Mutation(() => ItemReceipt, { description: "养老保险关系转移接续 transfer pension relation: 1.6.12 城镇职工, 1.6.15 机关事业↔企业职工, 1.6.17 军地; 转出地或转入地须有一个是联系点" })
  transferPensionRelation(
    @Arg("itemCode", () => String, { description: "事项编码 item code: 1.6.12, 1.6.15 或 1.6.17" }) itemCode: string,
    @Arg("idNumber", () => IdNumberScalar, { description: "参保人的公民身份号码 resident ID number" }) idNumber: string,
    @Arg("fromRegion", () => String, { description: "转出地 from region" }) fromRegion: string,
    @Arg("toRegion", () => String, { description: "转入地 to region" }) toRegion: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.transferPension({ itemCode, idNumber, fromRegion, toRegion, idempotencyKey: key }));
  }

  @Query(() => ItemReceipt, { description: "社保办件查询 social-insurance case: How a case stands now (办件状态: 受理 or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  socialInsuranceCase(
    @Arg("caseNumber", () => String, { description: "办件编号 case number, 见回执" }) caseNumber: string,
    @Arg("idempotencyKey", () => String, { description: "提交时用的幂等键 idempotency key the case was submitted with" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, (key) => this.ops.caseStatus(caseNumber, key));
  }

  @Mutation(() => ItemReceipt, {
    description: "受理任一社会保险事项 accept a social-insurance item (1.x, 1.10.x 社保卡事项除外): 1.1.5, 1.3.1 (details.change, details.insurances), 1.6.12/15/17 (details.fromRegion, details.toRegion) 及 1.8.1 停发失业保险金 (details.action = STOP_UNEMPLOYMENT_BENEFIT) 按各自的操作办理, 其余事项受理待办",
  })
  acceptSocialInsuranceItem(
    @Arg("itemCode", () => String, { description: "事项编码 item code, 如 1.1.5" }) itemCode: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true, description: "申请人的公民身份号码 applicant's resident ID number; 单位事项可省略" }) idNumber: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true, description: "单位的统一社会信用代码 employer's credit code; 个人事项可省略" }) creditCode: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true, description: "事项细节 details, 各事项所需 (见上)" }) details: Record<string, unknown> | null,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
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
