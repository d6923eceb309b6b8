import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { asCallersKey, once } from "../../lib/idempotency";
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

  @Mutation(() => ItemReceipt, { description: "劳动用工备案 on hiring (4.1.1); refuses a second active filing of the same person by the same employer" })
  async fileEmployment(
    @Arg("input", () => FileEmploymentInput) input: FileEmploymentInput,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
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

  @Mutation(() => ItemReceipt, { description: "劳动用工备案 on 解除/终止劳动合同 (4.1.1): ends the active filing" })
  async fileTermination(
    @Arg("input", () => FileTerminationInput) input: FileTerminationInput,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
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

  @Query(() => ItemReceipt, { description: "How a case stands now (办件状态: 受理 or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  laborRelationsCase(
    @Arg("caseNumber", () => String) caseNumber: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return asCallersKey(ctx.principal, idempotencyKey, async (key) => {
      const receipt = await this.deps.adapter.caseStatus(key);
      if (receipt.caseNumber !== caseNumber) throw notFound("The labour-relations system has no such case");
      return receipt;
    });
  }

  @Mutation(() => ItemReceipt, {
    description: "Any labour-relations item (4.x), accepted as a case (办件) for the system to handle. For 4.1.1 this records a case "
      + "only (e.g. a change to a filing), without touching the filings; hiring and termination filings have their own mutations.",
  })
  async acceptLaborRelationsItem(
    @Ctx() ctx: SubgraphContext,
    @Arg("itemCode", () => String) itemCode: string,
    @Arg("idempotencyKey", () => String) idempotencyKey: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true }) idNumber?: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true }) creditCode?: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true }) details?: Record<string, unknown> | null,
  ): Promise<ItemReceipt> {
    const code = requireOwnedItem(itemCode, SYSTEM, { idNumber, creditCode });
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: code, idNumber, creditCode, details }, async (key) => {
      if (creditCode) await this.requireEmployer(creditCode);
      return this.deps.adapter.write("/cases", { itemCode: code, idNumber: idNumber ?? undefined, employerCreditCode: creditCode ?? undefined, content: details ?? undefined }, key);
    });
  }
}
