import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { caseByKey, once } from "../../lib/idempotency";
import { ItemReceipt } from "../../lib/receipt.type";
import type { SubgraphContext } from "../../lib/subgraph";
import { CreditCodeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { contractTypeToCode, SYSTEM } from "./adapter";
import { FileEmploymentInput, FileTerminationInput } from "./filing.input";
import type { LaborRelationsDeps } from "./person.resolver";
import { requireOwnedItem } from "../../lib/items";

const conflict = (message: string) => new KuaibanError(ErrorCode.CONFLICT, message);

@Resolver()
export class FilingResolver {
  constructor(private readonly deps: LaborRelationsDeps) {}

  private async requireEmployer(creditCode: string): Promise<void> {
    if (!(await this.deps.adapter.employerKnown(creditCode))) throw notFound("The labour-relations system does not know this employer");
  }

  @Mutation(() => ItemReceipt, { description: "劳动用工备案·招用 file employment on hiring (4.1.1); 同一单位对同一人已有有效备案则拒绝" })
  async fileEmployment(
    @Arg("input", () => FileEmploymentInput, { description: "备案内容 filing" }) input: FileEmploymentInput,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    const endDate = input.endDate ?? null;
    if (input.contractType === "FIXED_TERM" && !endDate) throw badInput("A fixed-term contract needs its endDate");
    if (input.contractType === "OPEN_ENDED" && endDate) throw badInput("An open-ended contract has no endDate");
    if (endDate && endDate <= input.startDate) throw badInput("endDate must be after startDate");
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "4.1.1", op: "hire", input }, async (key) => {
      await this.requireEmployer(input.employerCreditCode);
      const [filings] = await this.deps.adapter.filingsOf([input.idNumber]);
      // An active filing this key made is a retry after a lost receipt: the system returns that case.
      const active = filings!.find((f) => f.employerCreditCode === input.employerCreditCode && f.status === "FILED");
      if (active && active.serialNo !== key) throw conflict("This employer already has an active filing for this person");
      return this.deps.adapter.write("/filings", {
        employerCreditCode: input.employerCreditCode, idNumber: input.idNumber, contractType: contractTypeToCode(input.contractType),
        startDate: input.startDate, endDate,
      }, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "劳动用工备案·解除/终止劳动合同 file termination (4.1.1): 结束有效的备案" })
  async fileTermination(
    @Arg("input", () => FileTerminationInput, { description: "解除/终止内容 termination" }) input: FileTerminationInput,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "4.1.1", op: "terminate", input }, async (key) => {
      await this.requireEmployer(input.employerCreditCode);
      const [filings] = await this.deps.adapter.filingsOf([input.idNumber]);
      const mine = filings!.filter((f) => f.employerCreditCode === input.employerCreditCode);
      if (mine.length === 0) throw notFound("This employer has no filing for this person");
      const active = mine.find((f) => f.status === "FILED");
      if (!active && !mine.some((f) => f.terminationSerialNo === key)) throw conflict("The filing is already terminated");
      if (active && input.endDate < active.startDate) throw badInput("endDate is before the contract started");
      return this.deps.adapter.write("/filings/terminations", {
        employerCreditCode: input.employerCreditCode, idNumber: input.idNumber, endDate: input.endDate, reason: input.kind === "DISSOLVED" ? "01" : "02",
      }, key);
    });
  }

  @Query(() => ItemReceipt, { description: "劳动关系办件查询 labour-relations case: How a case stands now (办件状态: 受理 or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  laborRelationsCase(
    @Arg("caseNumber", () => String, { description: "办件编号 case number, 见回执" }) caseNumber: string,
    @Arg("idempotencyKey", () => String, { description: "提交时用的幂等键 idempotency key the case was submitted with" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return caseByKey(ctx.principal, "labour-relations", caseNumber, idempotencyKey, (key) => this.deps.adapter.caseStatus(key));
  }

  @Mutation(() => ItemReceipt, {
    description: "受理任一劳动关系事项 accept a labour-relations item: Any labour-relations item (4.x), accepted as a case (办件) for the system to handle. For 4.1.1 this records a case only (e.g. a change to a filing), without touching the filings; hiring and termination filings have their own mutations.",
  })
  async acceptLaborRelationsItem(
    @Ctx() ctx: SubgraphContext,
    @Arg("itemCode", () => String, { description: "事项编码 item code, 4.x" }) itemCode: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true, description: "申请人的公民身份号码 applicant's resident ID number; 单位事项可省略" }) idNumber?: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true, description: "单位的统一社会信用代码 employer's credit code; 个人事项可省略" }) creditCode?: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true, description: "事项细节 details, 各事项所需" }) details?: Record<string, unknown> | null,
  ): Promise<ItemReceipt> {
    const code = requireOwnedItem(itemCode, SYSTEM, { idNumber, creditCode });
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: code, idNumber, creditCode, details }, async (key) => {
      if (creditCode) await this.requireEmployer(creditCode);
      return this.deps.adapter.write("/cases", { itemCode: code, idNumber: idNumber ?? undefined, employerCreditCode: creditCode ?? undefined, content: details ?? undefined }, key);
    });
  }
}
