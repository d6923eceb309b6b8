import { Arg, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { hasRole, isSystem } from "../../lib/access/scopes";
import { badInput, forbidden, notFound, unauthenticated } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import type { SubgraphContext } from "../../lib/subgraph";
import { agencyOfStep, riskScope, staffSees } from "./access";
import type { Application as StoredApplication } from "./application";
import { Application, StepAtRisk } from "./application.type";
import type { OneThingEngine } from "./engine";
import { type StepAtRiskEntry, elapsedShare } from "./tracking";
import { applicationView } from "./view";

const riskView = (e: StepAtRiskEntry): StepAtRisk => ({
  ...e,
  acceptedAt: e.acceptedAt ? new Date(e.acceptedAt) : null,
  deadline: e.deadline ? new Date(e.deadline) : null,
  elapsedShare: Math.round(elapsedShare(e) * 1000) / 1000,
});

/** The at-risk events of the store's channel that the subscriber may see, as an async iterator. */
async function riskEvents(engine: OneThingEngine, principal: Principal | undefined, filter: { office?: string | null; agency?: string | null }): Promise<AsyncIterable<StepAtRiskEntry>> {
  const sees = riskScope(principal, filter);
  const queue: StepAtRiskEntry[] = [];
  const waiting: ((r: IteratorResult<StepAtRiskEntry>) => void)[] = [];
  let done = false;
  const unsubscribe = await engine.store.subscribe(engine.tracking.riskChannel, (message) => {
    const e = JSON.parse(message) as StepAtRiskEntry;
    if (!sees(e)) return;
    const next = waiting.shift();
    if (next) next({ value: e, done: false });
    else queue.push(e);
  });
  const finish = async (): Promise<IteratorResult<StepAtRiskEntry>> => {
    if (!done) { done = true; await unsubscribe(); }
    for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    return { value: undefined, done: true };
  };
  return {
    [Symbol.asyncIterator]() {
      return {
        next: () => {
          if (done) return Promise.resolve({ value: undefined, done: true });
          const q = queue.shift();
          if (q) return Promise.resolve({ value: q, done: false });
          return new Promise((resolve) => waiting.push(resolve));
        },
        return: finish,
      };
    },
  };
}

/** The applicant of an application (or the window on her behalf) supplies corrections. */
function isApplicantSide(p: Principal, app: StoredApplication): boolean {
  switch (p.kind) {
    case "citizen": return app.idNumber === p.idNumber;
    case "employer": return app.creditCode === p.creditCode;
    case "staff": return (isSystem(p) || hasRole(p, "clerk")) && staffSees(p, app);
    case "partner": return false;
    default: { const never: never = p; return never; }
  }
}

/**
 * Steps at risk and overdue (query and subscription), and 补正: an agency's staff ask the applicant
 * for a correction, the applicant supplies it. Made per subgraph with its engine closed over, as a
 * subscription sees only its arguments and context.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function trackingResolverFor(engine: OneThingEngine): Function {
  @Resolver()
  class TrackingResolver {
    @Query(() => [StepAtRisk], { description: "Steps at 80% or more of their time and overdue ones, for the agency's staff: operators their agency in their region, clerks their office, supervisors all" })
    async stepsAtRisk(
      @Ctx() ctx: SubgraphContext,
      @Arg("office", () => String, { nullable: true }) office?: string | null,
      @Arg("agency", () => String, { nullable: true }) agency?: string | null,
    ): Promise<StepAtRisk[]> {
      const sees = riskScope(ctx.principal, { office, agency });
      return (await engine.tracking.atRisk({ office, agency })).filter(sees).map(riskView);
    }

    @Subscription(() => StepAtRisk, {
      description: "A step crossed 80% of its time or became overdue (graphql-ws); the same staff see it as in stepsAtRisk",
      subscribe: ({ args, context }) => riskEvents(engine, (context as SubgraphContext).principal, { office: args.office ?? null, agency: args.agency ?? null }) as never,
    })
    stepRiskChanged(
      @Root() e: StepAtRiskEntry,
      @Arg("office", () => String, { nullable: true }) _office?: string | null,
      @Arg("agency", () => String, { nullable: true }) _agency?: string | null,
    ): StepAtRisk {
      return riskView(e);
    }

    @Mutation(() => Application, { description: "补正: the step's agency asks the applicant for a correction; the case's time stops until it is supplied" })
    async requestCorrection(
      @Arg("applicationId", () => ID) applicationId: string,
      @Arg("stepId", () => String) stepId: string,
      @Ctx() ctx: SubgraphContext,
      @Arg("note", () => String, { nullable: true }) note?: string | null,
    ): Promise<Application> {
      const p = ctx.principal;
      if (!p) throw unauthenticated();
      if (p.kind !== "staff" || !(isSystem(p) || hasRole(p, "operator"))) throw forbidden("Only the agency handling the case asks for corrections");
      const app = await engine.get(applicationId);
      if (!app) throw notFound(`No application ${applicationId}`);
      const step = app.steps.find((s) => s.id === stepId);
      if (!isSystem(p) && (!staffSees(p, app) || (step && agencyOfStep(step) !== p.agency))) throw forbidden("The step belongs to another agency or region");
      if (note && note.length > 500) throw badInput("note: at most 500 characters", { field: "note" });
      await engine.requestCorrection(applicationId, stepId, note ?? null);
      return applicationView((await engine.get(applicationId))!);
    }

    @Mutation(() => Application, { description: "补正: the applicant (or the window for her) supplies the correction; the deadline moves by the time waited, in the limit's unit" })
    async supplyCorrection(
      @Arg("applicationId", () => ID) applicationId: string,
      @Arg("stepId", () => String) stepId: string,
      @Ctx() ctx: SubgraphContext,
    ): Promise<Application> {
      const p = ctx.principal;
      if (!p) throw unauthenticated();
      const app = await engine.get(applicationId);
      if (!app) throw notFound(`No application ${applicationId}`);
      if (!isApplicantSide(p, app)) throw forbidden("Only the applicant, or the window on her behalf, supplies corrections");
      await engine.supplyCorrection(applicationId, stepId);
      return applicationView((await engine.get(applicationId))!);
    }
  }
  return TrackingResolver;
}
