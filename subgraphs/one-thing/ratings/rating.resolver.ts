import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { figuresScope } from "../../../lib/access/figures";
import { hasRole, isSystem, regionCovers } from "../../../lib/access/scopes";
import { nowIso } from "../../../lib/clock";
import { badInput, forbidden, notFound, unauthenticated } from "../../../lib/errors";
import type { Principal } from "../../../lib/principal";
import type { SubgraphContext } from "../../../lib/subgraph";
import { isContactPoint } from "../../../schema/catalogue/contact-points";
import { officeOfApplication } from "../application";
import type { OneThingEngine } from "../engine";
import { type FollowUp, type Ratings, type StoredRating, isApplicant, late } from "./ratings";
import { RateApplicationInput, Rating, RatingFollowUp } from "./rating.type";

export interface RatingsDeps {
  engine: OneThingEngine;
  ratings: Ratings;
}

const ratingView = (r: StoredRating): Rating => ({ ...r, ratedAt: new Date(r.ratedAt) });
const date = (iso: string | null) => (iso ? new Date(iso) : null);

export function followUpView(f: FollowUp, now = nowIso()): RatingFollowUp {
  return {
    ...f,
    status: f.rectifiedAt ? "RECTIFIED" : f.calledBackAt ? "CALLED_BACK" : "OPEN",
    openedAt: new Date(f.openedAt),
    callBackDue: date(f.callBackDue),
    calledBackAt: date(f.calledBackAt),
    callBackLate: late(f.callBackDue, f.calledBackAt, now),
    rectifyDue: date(f.rectifyDue),
    rectifiedAt: date(f.rectifiedAt),
    rectifyLate: late(f.rectifyDue, f.rectifiedAt, now),
  };
}

/** Who records a follow-up: the window (clerk) or a back office (operator) whose region covers the office; the engine. */
const mayAct = (p: Principal | undefined) => (office: string): boolean =>
  p?.kind === "staff" && (isSystem(p) || ((hasRole(p, "clerk") || hasRole(p, "operator")) && regionCovers(p.region, office)));

function staffActing(p: Principal | undefined): Principal {
  if (!p) throw unauthenticated();
  if (p.kind !== "staff" || !(isSystem(p) || hasRole(p, "clerk") || hasRole(p, "operator"))) throw forbidden("Only the office's window or back office records a follow-up");
  return p;
}

@Resolver()
export class RatingResolver {
  constructor(private readonly deps: RatingsDeps) {}

  @Mutation(() => Rating, { description: "好差评: the applicant rates a completed application once; after a 差评 is rectified, once more (追评)" })
  async rateApplication(@Arg("input", () => RateApplicationInput) input: RateApplicationInput, @Ctx() ctx: SubgraphContext): Promise<Rating> {
    return ratingView(await this.deps.ratings.rate(ctx.principal, input));
  }

  @Query(() => [Rating], { description: "The ratings of an application: its applicant, and the staff of its office" })
  async applicationRatings(@Arg("applicationId", () => ID) applicationId: string, @Ctx() ctx: SubgraphContext): Promise<Rating[]> {
    const p = ctx.principal;
    if (!p) throw unauthenticated();
    const app = await this.deps.engine.get(applicationId);
    if (!app) throw notFound(`No application ${applicationId}`);
    const scope = figuresScope(p);
    const office = officeOfApplication(app);
    if (!isApplicant(p, app) && !mayAct(p)(office) && !scope?.offices.includes(office)) throw forbidden("The ratings are the applicant's and her office's");
    return (await this.deps.ratings.ratings(app.id)).map(ratingView);
  }

  @Query(() => [RatingFollowUp], { description: "Follow-ups of 差评 for an office or every office the caller oversees, oldest first; overdueOnly: those late or past a limit" })
  async ratingFollowUps(
    @Ctx() ctx: SubgraphContext,
    @Arg("office", () => String, { nullable: true }) office?: string | null,
    @Arg("overdueOnly", () => Boolean, { nullable: true, defaultValue: false }) overdueOnly?: boolean,
  ): Promise<RatingFollowUp[]> {
    const p = ctx.principal;
    if (!p) throw unauthenticated();
    const scope = figuresScope(p);
    const own = p.kind === "staff" && p.region === "省本级" && mayAct(p)("省本级") ? ["省本级"] : [];
    const visible = scope?.offices ?? own;
    if (!visible.length) throw forbidden("Follow-ups are for the offices' staff and the supervisor");
    if (office && !isContactPoint(office)) throw badInput(`${office} is not one of the 23 contact points`, { field: "office" });
    if (office && !visible.includes(office)) throw forbidden("Staff see the follow-ups of their own city");
    const now = nowIso();
    return (await this.deps.ratings.followUps(office ? [office] : visible, overdueOnly ?? false)).map((f) => followUpView(f, now));
  }

  @Mutation(() => RatingFollowUp, { description: "The office records that it called the applicant back (回访)" })
  async recordRatingCallBack(@Arg("applicationId", () => ID) applicationId: string, @Ctx() ctx: SubgraphContext, @Arg("note", () => String, { nullable: true }) note?: string | null): Promise<RatingFollowUp> {
    const p = staffActing(ctx.principal);
    return followUpView(await this.deps.ratings.callBack(applicationId, note, mayAct(p)));
  }

  @Mutation(() => RatingFollowUp, { description: "The office records the rectification (整改); the applicant may then rate once more" })
  async recordRatingRectification(@Arg("applicationId", () => ID) applicationId: string, @Arg("note", () => String) note: string, @Ctx() ctx: SubgraphContext): Promise<RatingFollowUp> {
    const p = staffActing(ctx.principal);
    return followUpView(await this.deps.ratings.rectify(applicationId, note, mayAct(p)));
  }
}
