import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { badInput, forbidden, unauthenticated } from "../../lib/errors";
import type { SubgraphContext } from "../../lib/subgraph";
import { CreditCodeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { hasRole, isSystem, regionCovers } from "../../lib/access/scopes";
import { agencyOfStep, assertReadsApplications, canView, caseStaffOf, listApplications, staffOf, staffSees } from "./access";
import type { ApplicationStatus } from "./application";
import { SubmitApplicationInput } from "./application.input";
import {
  ApplicantRecordEntry,
  Application,
  ApplicationConnection,
  ApplicationStatusEnum,
  Employer,
  MaterialSet,
  OneThingStats,
  Person,
  VerificationOutcome,
  VerificationStatusEnum,
  VerificationTask,
} from "./application.type";
import type { OneThingEngine } from "./engine";
import { regionStats } from "./stats";
import type { VerificationStatus } from "./verification";
import { applicationView, materialSetView, taskView } from "./view";

export interface OneThingDeps {
  engine: OneThingEngine;
}

@Resolver()
export class ApplicationResolver {
  constructor(private readonly deps: OneThingDeps) {}

  @Mutation(() => Application, {
    description: "Submits a 一件事 application with one set of materials. Validated whole before anything starts; the same idempotencyKey gives the same application.",
  })
  async submitApplication(@Arg("input", () => SubmitApplicationInput) input: SubmitApplicationInput, @Ctx() ctx: SubgraphContext): Promise<Application> {
    return applicationView(await this.deps.engine.submit(input, ctx.principal));
  }

  @Query(() => Application, { nullable: true, description: "One application with every step's status, receipt and deadline" })
  async application(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Application | null> {
    assertReadsApplications(ctx.principal);
    const app = await this.deps.engine.get(id);
    if (!app) return null;
    if (!canView(ctx.principal, app)) throw forbidden("This application is not yours to see");
    return applicationView(app);
  }

  @Mutation(() => Application, { description: "Staff: puts a step in manual handling (and the steps waiting on it) back in line once its cause is dealt with" })
  async retryManualStep(@Arg("applicationId", () => ID) applicationId: string, @Arg("stepId", () => String) stepId: string, @Ctx() ctx: SubgraphContext): Promise<Application> {
    const staff = caseStaffOf(ctx.principal);
    const app = await this.deps.engine.get(applicationId);
    if (app && !staffSees(staff, app)) throw forbidden("The application is not one this office handles");
    // a back office puts its own agency's steps back in line, the window and the engine any step
    const step = app?.steps.find((s) => s.id === stepId);
    if (step && !isSystem(staff) && !hasRole(staff, "clerk") && agencyOfStep(step) !== staff.agency) throw forbidden("The step belongs to another agency");
    return applicationView(await this.deps.engine.retryManualStep(applicationId, stepId));
  }

  @Query(() => ApplicationConnection, { description: "Applications, newest first: a citizen's own, an employer's, or a region's for its staff" })
  async applications(
    @Ctx() ctx: SubgraphContext,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true }) idNumber?: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true }) creditCode?: string | null,
    @Arg("region", () => String, { nullable: true }) region?: string | null,
    @Arg("status", () => ApplicationStatusEnum, { nullable: true }) status?: ApplicationStatus | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<ApplicationConnection> {
    const page = await listApplications(this.deps.engine.repo, ctx.principal, { idNumber, creditCode, region, status, first, after });
    return { ...page, nodes: page.nodes.map(applicationView) };
  }

  @Query(() => MaterialSet, { description: "The one material set of a bundle and its materials-cut figure" })
  materialsFor(@Arg("scenario", () => Int) scenario: number): MaterialSet {
    const set = materialSetView(scenario);
    if (!set) throw badInput(`There is no bundle ${scenario}; bundles are numbered 1 to 10`);
    return set;
  }

  @Query(() => OneThingStats, {
    description: "Bundles handled, items integrated and materials cut, for a region or (null) the province (staff)",
    deprecationReason: "Reads every application on each call and places them by region; use contactPointStats, officeStats and itemPerformance (aggregates per office, any period)",
  })
  oneThingStats(@Ctx() ctx: SubgraphContext, @Arg("region", () => String, { nullable: true }) region?: string | null): Promise<OneThingStats> {
    // figures of every contact point for every staff role (the supervisor's 调度进展 among them): no
    // application content and no people, but a small region's counts still say something about a few
    staffOf(ctx.principal);
    return regionStats(this.deps.engine.repo, region ?? null);
  }

  @Query(() => [VerificationTask], { description: "Commitments to verify (staff): by default the sampled ones of the staff's region" })
  async verificationTasks(
    @Ctx() ctx: SubgraphContext,
    @Arg("status", () => VerificationStatusEnum, { nullable: true }) status?: VerificationStatus | null,
    @Arg("region", () => String, { nullable: true }) region?: string | null,
    @Arg("sampledOnly", () => Boolean, { nullable: true, defaultValue: true }) sampledOnly?: boolean,
  ): Promise<VerificationTask[]> {
    const staff = caseStaffOf(ctx.principal);
    if (region && !isSystem(staff) && !regionCovers(staff.region, region)) throw forbidden("Staff see the tasks of their own region");
    const tasks = (await this.deps.engine.verification.tasks({ sampledOnly: sampledOnly ?? true, status }))
      .filter((t) => (!region || regionCovers(region, t.region)) && (isSystem(staff) || regionCovers(staff.region, t.region)));
    // an operator's are those of applications in which her agency has a step
    if (isSystem(staff) || hasRole(staff, "clerk")) return tasks.map(taskView);
    const apps = new Map((await this.deps.engine.repo.loadMany([...new Set(tasks.map((t) => t.applicationId))])).map((a) => [a.id, a]));
    return tasks.filter((t) => apps.has(t.applicationId) && staffSees(staff, apps.get(t.applicationId)!)).map(taskView);
  }

  @Mutation(() => VerificationTask, { description: "Records what checking a commitment found; FALSE revokes the items that relied on it" })
  async recordVerification(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("outcome", () => VerificationOutcome) outcome: "CONFIRMED" | "FALSE",
    @Ctx() ctx: SubgraphContext,
    @Arg("note", () => String, { nullable: true }) note?: string | null,
  ): Promise<VerificationTask> {
    const staff = caseStaffOf(ctx.principal);
    const task = await this.deps.engine.verification.task(taskId);
    const app = task ? await this.deps.engine.get(task.applicationId) : null;
    if (task && (!app || !staffSees(staff, app))) throw forbidden("The task is not one this office handles");
    return taskView(await this.deps.engine.verification.record(taskId, outcome, note ?? null, staff.subject));
  }

  @Query(() => [ApplicantRecordEntry], { description: "False commitments recorded against a person or an employer (staff, or the party herself)" })
  async applicantRecord(
    @Ctx() ctx: SubgraphContext,
    @Arg("idNumber", () => IdNumberScalar, { nullable: true }) idNumber?: string | null,
    @Arg("creditCode", () => CreditCodeScalar, { nullable: true }) creditCode?: string | null,
  ): Promise<ApplicantRecordEntry[]> {
    const p = ctx.principal;
    if (!p) throw unauthenticated();
    const party = idNumber ?? creditCode;
    if (!party) throw badInput("Give idNumber or creditCode");
    const own = (p.kind === "citizen" && p.idNumber === idNumber) || (p.kind === "employer" && p.creditCode === creditCode);
    if (p.kind === "staff") caseStaffOf(p);
    else if (!own) throw forbidden();
    const entries = await this.deps.engine.verification.applicantRecord(party);
    return entries.map((e) => ({ ...e, at: new Date(e.at) }));
  }
}

/** Person.applications and Employer.applications: what the caller may see of them. */
@Resolver(() => Person)
export class PersonApplicationsResolver {
  constructor(private readonly deps: OneThingDeps) {}

  @FieldResolver(() => [Application], { nullable: true, description: "One-thing applications about this person that the caller may see" })
  async applications(@Root() person: Person, @Ctx() ctx: SubgraphContext): Promise<Application[]> {
    assertReadsApplications(ctx.principal);
    const repo = this.deps.engine.repo;
    const apps = await repo.loadMany(await repo.idsIn(repo.index("person", person.idNumber)));
    return apps.filter((a) => canView(ctx.principal, a)).map(applicationView);
  }
}

@Resolver(() => Employer)
export class EmployerApplicationsResolver {
  constructor(private readonly deps: OneThingDeps) {}

  @FieldResolver(() => [Application], { nullable: true, description: "One-thing applications about this employer that the caller may see" })
  async applications(@Root() employer: Employer, @Ctx() ctx: SubgraphContext): Promise<Application[]> {
    assertReadsApplications(ctx.principal);
    const repo = this.deps.engine.repo;
    const apps = await repo.loadMany(await repo.idsIn(repo.index("employer", employer.creditCode)));
    return apps.filter((a) => canView(ctx.principal, a)).map(applicationView);
  }
}
