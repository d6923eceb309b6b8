import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { caseByKey, once } from "../../lib/idempotency";
import { ItemReceipt } from "../../lib/receipt.type";
import type { SubgraphContext } from "../../lib/subgraph";
import { isContactPoint } from "../../schema/catalogue";
import { CreditCodeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { SYSTEM, toLegacyDate, type EmploymentRecord } from "./adapter";
import { AcceptGraduateInput, RegisterEmploymentInput, RegisterUnemploymentInput } from "./employment.input";
import type { EmploymentDeps } from "./person.resolver";
import { requireOwnedItem } from "../../lib/items";


function checkRegion(region: string | null | undefined): string | undefined {
  if (region == null) return undefined;
  if (!isContactPoint(region)) throw badInput(`Unknown region "${region}": use the name of a contact point`);
  return region;
}

const conflict = (message: string) => new KuaibanError(ErrorCode.CONFLICT, message);

@Resolver()
export class EmploymentResolver {
  constructor(private readonly deps: EmploymentDeps) {}

  /** The person's record, or NOT_FOUND: every write checks it first, so a refusal changes nothing. */
  private async record(idNumber: string): Promise<EmploymentRecord> {
    const [record] = await this.deps.adapter.queryPersons([idNumber]);
    if (!record) throw notFound("The employment system has no record of this person");
    return record;
  }

  @Mutation(() => ItemReceipt, { description: "就业登记 (2.4.2). Ends an unemployment registration in force; the receipt's case says so." })
  async registerEmployment(
    @Arg("input", () => RegisterEmploymentInput, { description: "就业登记内容 registration" }) input: RegisterEmploymentInput,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    const region = checkRegion(input.region);
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "2.4.2", input }, async (key) => {
      const { registration: r, registrationKey } = await this.record(input.idNumber);
      // A registration this key already made is a retry after a lost receipt: the system returns that case.
      if (r.status === "EMPLOYED" && r.employerCreditCode === input.employerCreditCode && registrationKey !== key) {
        throw conflict("The person is already registered as employed by this employer");
      }
      return this.deps.adapter.write("RegisterEmployment", { Sfzh: input.idNumber, Dwxydm: input.employerCreditCode, Jyrq: toLegacyDate(input.startDate), Djdq: region }, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "失业登记 (2.4.1). Ends an employment registration in force." })
  async registerUnemployment(
    @Arg("input", () => RegisterUnemploymentInput, { description: "失业登记内容 registration" }) input: RegisterUnemploymentInput,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    const region = checkRegion(input.region);
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "2.4.1", input }, async (key) => {
      const { registration: r, registrationKey } = await this.record(input.idNumber);
      if (r.status === "UNEMPLOYED" && registrationKey !== key) throw conflict("The person is already registered as unemployed");
      return this.deps.adapter.write("RegisterUnemployment", { Sfzh: input.idNumber, Sydjrq: toLegacyDate(input.registeredOn), Djdq: region }, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "《就业创业证》申领 (2.4.3)" })
  async applyForEmploymentCard(
    @Arg("idNumber", () => IdNumberScalar, { description: "申领人的公民身份号码 applicant's resident ID number" }) idNumber: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "2.4.3", idNumber }, async (key) => {
      await this.record(idNumber);
      // A card already issued may be this key's own earlier call; the system's 流水号 check decides.
      return this.deps.adapter.write("IssueEmploymentCard", { Sfzh: idNumber }, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "高等学校等毕业生接收手续办理 (2.7.1)" })
  async acceptGraduate(
    @Arg("input", () => AcceptGraduateInput, { description: "接收手续内容 acceptance" }) input: AcceptGraduateInput,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "2.7.1", input }, async (key) => {
      await this.record(input.idNumber);
      return this.deps.adapter.write("AcceptGraduate", { Sfzh: input.idNumber, Dwxydm: input.employerCreditCode, Bdrq: toLegacyDate(input.reportingDate) }, key);
    });
  }

  @Query(() => ItemReceipt, { description: "就业办件查询 employment case: How a case stands now (办件状态: 受理 or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  employmentCase(
    @Arg("caseNumber", () => String, { description: "办件编号 case number, 见回执" }) caseNumber: string,
    @Arg("idempotencyKey", () => String, { description: "提交时用的幂等键 idempotency key the case was submitted with" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return caseByKey(ctx.principal, "employment", caseNumber, idempotencyKey, (key) => this.deps.adapter.caseStatus(key));
  }

  @Mutation(() => ItemReceipt, {
    description: "受理任一就业事项 accept an employment item: Any employment item (2.x), accepted as a case (办件) for the employment system to handle. Items with a typed mutation (2.4.1, 2.4.2, 2.4.3, 2.7.1) are recorded as a case only, without their effect on the registration; use the typed mutation for that.",
  })
  async acceptEmploymentItem(
    @Ctx() ctx: SubgraphContext,
    @Arg("itemCode", () => String, { description: "事项编码 item code, 2.x" }) itemCode: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true, description: "申请人的公民身份号码 applicant's resident ID number; 单位事项可省略" }) idNumber?: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true, description: "单位的统一社会信用代码 employer's credit code; 个人事项可省略" }) creditCode?: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true, description: "事项细节 details, 各事项所需" }) details?: Record<string, unknown> | null,
  ): Promise<ItemReceipt> {
    const code = requireOwnedItem(itemCode, SYSTEM, { idNumber, creditCode });
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: code, idNumber, creditCode, details }, async (key) => {
      if (idNumber) await this.record(idNumber);
      return this.deps.adapter.write("AcceptCase", { Sxbm: code, Sfzh: idNumber ?? undefined, Dwxydm: creditCode ?? undefined, Nr: details ? JSON.stringify(details) : undefined }, key);
    });
  }
}
