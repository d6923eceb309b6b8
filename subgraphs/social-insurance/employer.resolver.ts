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

  @Query(() => Employer, { nullable: true, description: "An employer by unified social credit code; null when no system record exists" })
  async employer(@Arg("creditCode", () => CreditCodeScalar) creditCode: string, @Ctx() ctx: SubgraphContext): Promise<Employer | null> {
    try {
      return (await unitLoader(ctx, this.deps.adapter).load(creditCode)) ? { creditCode } : null;
    } catch (err) {
      if (codeOf(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return { creditCode };
      throw err;
    }
  }

  @FieldResolver(() => String, { nullable: true, description: "单位名称 (AAB004)" })
  async name(@Root() e: Employer, @Ctx() ctx: SubgraphContext) {
    return (await this.load(e, ctx))?.name ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The contact-point region the employer is registered in" })
  async region(@Root() e: Employer, @Ctx() ctx: SubgraphContext) {
    return (await this.load(e, ctx))?.region ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "单位编号 (AAB001) in the social-insurance system" })
  async unitNo(@Root() e: Employer, @Ctx() ctx: SubgraphContext) {
    return (await this.load(e, ctx))?.unitNo ?? null;
  }

  @FieldResolver(() => PersonConnection, { nullable: true, description: "People actively insured by this employer; null when the system does not know the employer" })
  async insuredStaff(
    @Root() e: Employer,
    @Arg("first", () => Int, { defaultValue: 20, description: "At most 100" }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
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
