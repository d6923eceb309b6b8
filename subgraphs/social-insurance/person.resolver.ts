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

  @Query(() => Person, { nullable: true, description: "A person by resident ID number; null when no system record exists" })
  async person(@Arg("idNumber", () => IdNumberScalar) idNumber: string, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    try {
      return (await personLoader(ctx, this.deps.adapter).load(idNumber)) ? { idNumber } : null;
    } catch (err) {
      if (codeOf(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return { idNumber };
      throw err;
    }
  }

  @Query(() => PersonConnection, { nullable: true, description: "People, optionally those insured by one employer or registered in one contact-point region; null (with the error) when the social-insurance system is unavailable" })
  async persons(
    @Arg("employer", () => CreditCodeScalar, { nullable: true }) employer: string | null,
    @Arg("region", () => String, { nullable: true, description: "A contact-point name, e.g. 天镇县" }) region: string | null,
    @Arg("first", () => Int, { defaultValue: 20, description: "At most 100" }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PersonConnection> {
    const { offset, limit } = pageWindow(first, after);
    const filter = { creditCode: employer ?? undefined, region: region == null ? undefined : requireRegion(region) };
    const { total, people } = await this.deps.adapter.page(filter, offset, limit);
    const loader = personLoader(ctx, this.deps.adapter);
    for (const p of people) loader.prime(p.idNumber, p);
    return toConnection(people, offset, total);
  }

  @FieldResolver(() => String, { nullable: true, description: "姓名 (AAC003)" })
  async name(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.name ?? null;
  }

  @FieldResolver(() => Gender, { nullable: true })
  async gender(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.gender ?? null;
  }

  @FieldResolver(() => DateScalar, { nullable: true, description: "出生日期 (AAC006)" })
  async birthDate(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.birthDate ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The contact-point region the person is registered in (AAB301)" })
  async region(@Root() p: Person, @Ctx() ctx: SubgraphContext) {
    return (await this.load(p, ctx))?.region ?? null;
  }

  @FieldResolver(() => SocialInsuranceRecord, { nullable: true, description: "Null when the social-insurance system has no record of the person" })
  async socialInsurance(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<SocialInsuranceRecord | null> {
    const found = await this.load(p, ctx);
    return found ? { personNo: found.personNo, enrolments: found.enrolments, benefits: found.benefits } : null;
  }
}
