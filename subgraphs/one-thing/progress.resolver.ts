import { Arg, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from "type-graphql";
import { forbidden, notFound } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import type { SubgraphContext } from "../../lib/subgraph";
import { DateTimeScalar } from "../../schema/scalars/graphql";
import { assertReadsApplications, canView } from "./access";
import { applicationStatus } from "./application";
import { ApplicationStatusEnum, StepStatus } from "./application.type";
import type { OneThingEngine } from "./engine";
import { type ProgressEvent, progressEvents } from "./events";

@ObjectType({ description: "申请进度 application progress: One change of an application: a step moved, or the application reached a status" })
export class ApplicationProgress {
  @Field(() => ID, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => String, { description: "变化类别 kind: STEP or APPLICATION" }) kind!: string;
  @Field(() => ApplicationStatusEnum, { description: "申请状态 application status" }) status!: string;
  @Field(() => String, { nullable: true, description: "变化的步骤 step id; 申请级变化为 null" }) stepId!: string | null;
  @Field(() => String, { nullable: true, description: "事项编码 item code; 申请级变化为 null" }) itemCode!: string | null;
  @Field(() => StepStatus, { nullable: true, description: "步骤状态 step status; 申请级变化为 null" }) stepStatus!: string | null;
  @Field(() => Int, { nullable: true, description: "已尝试次数 attempts" }) attempts!: number | null;
  @Field(() => String, { nullable: true, description: "办件编号 case number" }) caseNumber!: string | null;
  @Field(() => String, { nullable: true, description: "错误码 error code of a failure" }) errorCode!: string | null;
  @Field(() => DateTimeScalar, { description: "变化时间 at" }) at!: Date;
}

/** Statuses after which nothing more happens to an application (manual handling can still move on). */
const FINAL = new Set(["COMPLETED", "REVOKED"]);

/**
 * Checks the caller may see the application before a single event is sent. The first event is
 * the application as it stands (read after the subscription is live, so no change falls between);
 * the stream ends once the application is completed or revoked, so a late subscriber is never
 * left waiting for changes that already happened.
 */
async function progressFor(engine: OneThingEngine, principal: Principal | undefined, id: string): Promise<AsyncIterable<ProgressEvent>> {
  assertReadsApplications(principal);
  const app = await engine.get(id);
  if (!app) throw notFound(`No application ${id}`);
  if (!canView(principal, app)) throw forbidden("This application is not yours to see");
  const events = progressEvents(engine.store, id);
  await events.ready;
  const now = (await engine.get(id)) ?? app;
  const snapshot: ProgressEvent = {
    applicationId: id, kind: "APPLICATION", status: applicationStatus(now.steps), stepId: null, itemCode: null,
    phase: null, attempts: null, caseNumber: null, errorCode: null, at: new Date().toISOString(),
  };
  return (async function* () {
    try {
      yield snapshot;
      if (FINAL.has(snapshot.status)) return;
      for await (const event of events) {
        yield event;
        if (event.kind === "APPLICATION" && FINAL.has(event.status)) return;
      }
    } finally {
      await events.return?.();
    }
  })();
}

/**
 * The `applicationProgress` subscription over one engine. A subscription's `subscribe` sees only
 * its arguments and context, not the resolver's dependencies, so the class is made per subgraph
 * with its engine closed over. The subgraph server carries it over graphql-ws; the gateway
 * forwards the subscriber's principal.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function progressResolverFor(engine: OneThingEngine): Function {
  @Resolver()
  class ProgressResolver {
    @Subscription(() => ApplicationProgress, {
      description: "申请进度推送 application progress: Every change of one application as it happens (graphql-ws)",
      subscribe: ({ args, context }) => progressFor(engine, (context as SubgraphContext).principal, String(args.id)) as never,
    })
    applicationProgress(@Root() event: ProgressEvent, @Arg("id", () => ID, { description: "申请编号 application id" }) _id: string): ApplicationProgress {
      return { ...event, stepStatus: event.phase, at: new Date(event.at) };
    }
  }
  return ProgressResolver;
}
