import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { codeOf, ErrorCode } from "../../lib/errors";
import type { SubgraphContext } from "../../lib/subgraph";
import { CreditCodeScalar } from "../../schema/scalars/graphql";
import type { SiUnit } from "./adapter";
import { pageWindow, toConnection } from "./connection";
import { personLoader, unitLoader, type SiDeps } from "./loaders";
import { Employer } from "./employer.type";
import { PersonConnection } from "./person.type";

/** Employers as the core platform registers them (AB01), and the people they insure. */
@Resolver(() => Employer)
export class EmployerResolver {
  constructor(private readonly deps: SiDeps) {}

  private load(e: Employer, ctx: SubgraphContext): Promise<SiUnit | null> {
    return unitLoader(ctx, this.deps.adapter).load(e.creditCode);
  }

  @Query(() => Employer, { nullable: true, description: "按统一社会信用代码查用人单位 employer by credit code; 无记录为 null" })
  async employer(@Arg("creditCode", () => CreditCodeScalar, { description: "统一社会信用代码 unified social credit code" }) creditCode: string, @Ctx() ctx: SubgraphContext): Promise<Employer | null> {
    try {
      return (await unitLoader(ctx, this.deps.adapter).load(creditCode)) ? { creditCode } : null;
    } catch (err) {
      if (codeOf(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return { creditCode };
      throw err;
    }
  }

  @FieldResolver(() => String, { nullable: true, description: "单位名称 name (AAB004)" })
  async name(@Root() e: Employer, @Ctx() ctx: SubgraphContext) {
    return (await this.load(e, ctx))?.name ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "单位注册地所属联系点地区 region (AAB301)" })
  async region(@Root() e: Employer, @Ctx() ctx: SubgraphContext) {
    return (await this.load(e, ctx))?.region ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "单位编号 unit number (AAB001), 社保系统内" })
  async unitNo(@Root() e: Employer, @Ctx() ctx: SubgraphContext) {
    return (await this.load(e, ctx))?.unitNo ?? null;
  }

  @FieldResolver(() => PersonConnection, { nullable: true, description: "在职参保人员 insured staff: 通过本单位参保的人员; 社保系统不认识该单位为 null" })
  async insuredStaff(
    @Root() e: Employer,
    @Arg("first", () => Int, { defaultValue: 20, description: "每页条数 page size, 0 至 100" }) first: number,
    @Arg("after", () => String, { nullable: true, description: "游标 cursor: 上一页 pageInfo.endCursor, 从其后取" }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PersonConnection | null> {
    const { offset, limit } = pageWindow(first, after);
    try {
      const { total, people } = await this.deps.adapter.page({ creditCode: e.creditCode }, offset, limit);
      const loader = personLoader(ctx, this.deps.adapter);
      for (const p of people) loader.prime(p.idNumber, p);
      return toConnection(people, offset, total);
    } catch (err) {
      if (codeOf(err) === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  }
}
