import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { badInput, codeOf, ErrorCode } from "../../lib/errors";
import type { SubgraphContext } from "../../lib/subgraph";
import { isContactPoint } from "../../schema/catalogue/contact-points";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import type { SiPerson } from "./adapter";
import { pageWindow, toConnection } from "./connection";
import { personLoader, type SiDeps } from "./loaders";
import { Gender, Person, PersonConnection, SocialInsuranceRecord } from "./person.type";


function requireRegion(region: string): string {
  if (!isContactPoint(region)) throw badInput(`region must be one of the 23 contact points, e.g. 太原市 or 天镇县`);
  return region;
}

/**
 * Root entry points for people and the fields the core platform owns. The entity itself never
 * fails because the platform is down: other systems' fields still come, and these fields carry
 * UPSTREAM_UNAVAILABLE.
 */
@Resolver(() => Person)
export class PersonResolver {
  constructor(private readonly deps: SiDeps) {}

  private load(p: Person, ctx: SubgraphContext): Promise<SiPerson | null> {
    return personLoader(ctx, this.deps.adapter).load(p.idNumber);
  }

  @Query(() => Person, { nullable: true, description: "按公民身份号码查人员 person by resident ID number; 任何系统均无记录为 null" })
  async person(@Arg("idNumber", () => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber: string, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    try {
      return (await personLoader(ctx, this.deps.adapter).load(idNumber)) ? { idNumber } : null;
    } catch (err) {
      if (codeOf(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return { idNumber };
      throw err;
    }
  }

  @Query(() => PersonConnection, { nullable: true, description: "人员列表 persons: 可按参保单位或联系点地区筛选; 社保系统不可用时为 null 并附错误" })
  async persons(
    @Arg("employer", () => CreditCodeScalar, { nullable: true, description: "参保单位的统一社会信用代码 employer's credit code: 只列其在职参保人员" }) employer: string | null,
    @Arg("region", () => String, { nullable: true, description: "联系点地区 contact-point region, 如 天镇县" }) region: string | null,
    @Arg("first", () => Int, { defaultValue: 20, description: "每页条数 page size, 0 至 100" }) first: number,
    @Arg("after", () => String, { nullable: true, description: "游标 cursor: 上一页 pageInfo.endCursor, 从其后取" }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PersonConnection> {
    const { offset, limit } = pageWindow(first, after);
    const filter = { creditCode: employer ?? undefined, region: region == null ? undefined : requireRegion(region) };
    const { total, people } = await this.deps.adapter.page(filter, offset, limit);
    const loader = personLoader(ctx, this.deps.adapter);
    for (const p of people) loader.prime(p.idNumber, p);
    return toConnection(people, offset, total);
  }

  @FieldResolver(() => String, { nullable: true, description: "姓名 name (AAC003)" })
  async name(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.name ?? null;
  }

  @FieldResolver(() => Gender, { nullable: true, description: "性别 gender (AAC004)" })
  async gender(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.gender ?? null;
  }

  @FieldResolver(() => DateScalar, { nullable: true, description: "出生日期 birth date (AAC006)" })
  async birthDate(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.birthDate ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "户籍/登记所属联系点地区 region (AAB301)" })
  async region(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.region ?? null;
  }

  @FieldResolver(() => SocialInsuranceRecord, { nullable: true, description: "社会保险信息 social insurance; 社保系统无此人记录为 null" })
  async socialInsurance(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<SocialInsuranceRecord | null> {
    const found = await this.load(p, ctx);
    return found ? { personNo: found.personNo, enrolments: found.enrolments, benefits: found.benefits } : null;
  }
}
