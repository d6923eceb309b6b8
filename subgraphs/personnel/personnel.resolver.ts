import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { caseByKey, once } from "../../lib/idempotency";
import { ItemReceipt } from "../../lib/receipt.type";
import type { SubgraphContext } from "../../lib/subgraph";
import { isContactPoint } from "../../schema/catalogue";
import { CreditCodeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { SYSTEM, type ArchiveRecord } from "./adapter";
import { PublicInstitutionHireInput } from "./personnel.input";
import type { PersonnelDeps } from "./person.resolver";
import { requireOwnedItem } from "../../lib/items";

const MAX_TEXT = 100;
const conflict = (message: string) => new KuaibanError(ErrorCode.CONFLICT, message);

function checkText(value: string, name: string): string {
  const v = value.trim();
  if (!v || v.length > MAX_TEXT) throw badInput(`${name} must be 1-${MAX_TEXT} characters`);
  return v;
}

@Resolver()
export class PersonnelResolver {
  constructor(private readonly deps: PersonnelDeps) {}

  private async archive(idNumber: string): Promise<ArchiveRecord> {
    const [a] = await this.deps.adapter.archives([idNumber]);
    if (!a) throw notFound("The personnel system keeps no archive of this person");
    return a;
  }

  @Mutation(() => ItemReceipt, { description: "档案的接收和转递 (3.4.1): the archive moves to the talent service centre of `toRegion`" })
  async transferArchive(
    @Arg("idNumber", () => IdNumberScalar, { description: "存档人的公民身份号码 resident ID number" }) idNumber: string,
    @Arg("toRegion", () => String, { description: "转入地 to region: Contact point whose talent service centre receives the archive" }) toRegion: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    if (!isContactPoint(toRegion)) throw badInput(`Unknown region "${toRegion}": use the name of a contact point`);
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "3.4.1", idNumber, toRegion }, async (key) => {
      const a = await this.archive(idNumber);
      // Already there because this key moved it: a retry after a lost receipt, the system returns that case.
      if (a.region === toRegion && a.lastTransferKey !== key) throw conflict("The archive is already kept there");
      return this.deps.adapter.write("dazd", { sfzh: idNumber, zrdq: toRegion }, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "存档人员党员组织关系的接转 (3.4.7); only for party members" })
  async transferPartyRelation(
    @Arg("idNumber", () => IdNumberScalar, { description: "党员的公民身份号码 resident ID number" }) idNumber: string,
    @Arg("toOrganization", () => String, { description: "接收党组织 to organization: The receiving party organization" }) toOrganization: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    const org = checkText(toOrganization, "toOrganization");
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "3.4.7", idNumber, toOrganization: org }, async (key) => {
      const a = await this.archive(idNumber);
      if (!a.partyMember) throw conflict("The person is not a party member");
      if (a.partyOrganization === org && a.lastPartyTransferKey !== key) throw conflict("The party relation is already with that organization");
      return this.deps.adapter.write("dyzj", { sfzh: idNumber, zrdzz: org }, key);
    });
  }

  @Mutation(() => ItemReceipt, { description: "事业单位拟聘用人员备案 (3.3.3); only for public institutions" })
  async filePublicInstitutionHire(
    @Arg("input", () => PublicInstitutionHireInput, { description: "备案内容 filing" }) input: PublicInstitutionHireInput,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    const position = checkText(input.position, "position");
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: "3.3.3", input: { ...input, position } }, async (key) => {
      const unit = await this.deps.adapter.unit(input.employerCreditCode);
      if (!unit.publicInstitution) throw conflict("The employer is not a public institution");
      await this.archive(input.idNumber);
      return this.deps.adapter.write("pyba", { dwxydm: input.employerCreditCode, sfzh: input.idNumber, gwmc: position, pyrq: input.hireDate }, key);
    });
  }

  @Query(() => ItemReceipt, { description: "人事办件查询 personnel case: How a case stands now (办件状态: 受理 or 办结), by its case number and the key it was submitted with; for the engine and province staff" })
  personnelCase(
    @Arg("caseNumber", () => String, { description: "办件编号 case number, 见回执" }) caseNumber: string,
    @Arg("idempotencyKey", () => String, { description: "提交时用的幂等键 idempotency key the case was submitted with" }) idempotencyKey: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ItemReceipt> {
    return caseByKey(ctx.principal, "personnel", caseNumber, idempotencyKey, (key) => this.deps.adapter.caseStatus(key));
  }

  @Mutation(() => ItemReceipt, {
    description: "受理任一人事事项 accept a personnel item: Any personnel item (3.x), accepted as a case (办件) for the personnel system to handle. Items with a typed mutation (3.3.3, 3.4.1, 3.4.7) are recorded as a case only, without their effect on the archive; use the typed mutation for that.",
  })
  async acceptPersonnelItem(
    @Ctx() ctx: SubgraphContext,
    @Arg("itemCode", () => String, { description: "事项编码 item code, 3.x" }) itemCode: string,
    @Arg("idempotencyKey", () => String, { description: "幂等键 idempotency key, 8–128 个字母、数字或 . _ : -; 同一键的重复提交只办理一次, 返回首次的回执" }) idempotencyKey: string,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true, description: "申请人的公民身份号码 applicant's resident ID number; 单位事项可省略" }) idNumber?: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true, description: "单位的统一社会信用代码 employer's credit code; 个人事项可省略" }) creditCode?: string | null,
    @Arg("details", () => GraphQLJSONObject, { nullable: true, description: "事项细节 details, 各事项所需" }) details?: Record<string, unknown> | null,
  ): Promise<ItemReceipt> {
    const code = requireOwnedItem(itemCode, SYSTEM, { idNumber, creditCode });
    return once(this.deps.store, SYSTEM, ctx.principal, idempotencyKey, { item: code, idNumber, creditCode, details }, async (key) => {
      if (idNumber) await this.archive(idNumber);
      if (creditCode) await this.deps.adapter.unit(creditCode);
      return this.deps.adapter.write("bj", { sxbm: code, sfzh: idNumber ?? undefined, dwxydm: creditCode ?? undefined, nr: details ? JSON.stringify(details) : undefined }, key);
    });
  }
}
