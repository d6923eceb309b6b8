import { GraphQLJSONObject } from "graphql-scalars";
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ItemReceipt } from "../../lib/receipt.type";
import { CreditCodeScalar, DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { FACTS } from "./workflow";

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const StepStatus = enumOf(["PENDING", "SKIPPED", "RUNNING", "WAITING_RETRY", "ACCEPTED", "DONE", "MANUAL", "REVOKED"] as const);
registerEnumType(StepStatus, {
  name: "StepStatus",
  description: "SKIPPED = its condition does not hold for the applicant; WAITING_RETRY = the agency was unavailable, tried again at nextAttemptAt; ACCEPTED = 受理, the agency is handling the case; DONE = 办结; MANUAL = 人工处理 (refused, attempts exhausted, or a step it builds on is in manual handling); REVOKED = undone after a false commitment",
});

export const DeadlineStatus = enumOf(["SET", "NONE", "PENDING_CALENDAR"] as const);
registerEnumType(DeadlineStatus, {
  name: "DeadlineStatus",
  description: "SET = deadline holds; NONE = the item has no period limit; PENDING_CALENDAR = the deadline falls in a year the working-day calendar has no data for yet: it is computed as soon as the year is added",
});

export const StepRisk = enumOf(["AT_RISK", "OVERDUE"] as const);
registerEnumType(StepRisk, { name: "StepRisk", description: "AT_RISK = at least 80% of its time used; OVERDUE = past its deadline" });

@ObjectType({ description: "The time limit that applies to one case, with the condition that selects it (附件2)" })
export class StepTimeLimit {
  @Field(() => String, { description: "The notice's cell" }) text!: string;
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field(() => String, { description: "WORKING_DAYS, CALENDAR_DAYS, MONTHS, MINUTES, INSTANT, QUARTER_OF_YEAR" }) unit!: string;
  @Field(() => String, { description: "ACCELERATED (提速后) or STATUTORY (当前规定)" }) basis!: string;
  @Field(() => String, { nullable: true, description: "The condition under which it applies; null for the general limit" }) condition!: string | null;
}

@ObjectType({ description: "Processing time from 受理 to 办结, time waiting for corrections left out" })
export class ProcessingTime {
  @Field(() => Float) minutes!: number;
  @Field(() => Int) calendarDays!: number;
  @Field(() => Int) workingDays!: number;
}

@ObjectType({ description: "A correction (补正) the agency asked the applicant for" })
export class StepCorrection {
  @Field(() => DateTimeScalar) requestedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) suppliedAt!: Date | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType({ description: "A step at 80% or more of its time, or overdue, for its agency's staff" })
export class StepAtRisk {
  @Field(() => ID) applicationId!: string;
  @Field(() => String, { description: "The agency's case number" }) caseNumber!: string;
  @Field(() => Int) scenario!: number;
  @Field(() => String) stepId!: string;
  @Field(() => String) itemCode!: string;
  @Field(() => String) itemName!: string;
  @Field(() => String) agency!: string;
  @Field(() => String, { description: "The contact point that handles it" }) office!: string;
  @Field(() => DateTimeScalar, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) deadline!: Date | null;
  @Field(() => Float, { description: "Share of its time used: 0.8 = 80%" }) elapsedShare!: number;
  @Field(() => StepRisk) risk!: string;
}

export const StepRelation = enumOf(["PREREQUISITE", "PARALLEL", "FOLLOW_UP"] as const);
registerEnumType(StepRelation, { name: "StepRelation", description: "前置 / 并联 / 后置" });

export const ApplicationStatusEnum = enumOf(["IN_PROGRESS", "COMPLETED", "NEEDS_MANUAL", "REVOKED"] as const);
registerEnumType(ApplicationStatusEnum, { name: "ApplicationStatus" });

export const ApplicantFact = enumOf(FACTS);
registerEnumType(ApplicantFact, { name: "ApplicantFact", description: "What the applicant states about her case; steps whose condition needs a fact run only when it is stated" });

export const VerificationOutcome = enumOf(["CONFIRMED", "FALSE"] as const);
registerEnumType(VerificationOutcome, { name: "VerificationOutcome" });

export const VerificationStatusEnum = enumOf(["NOT_SAMPLED", "PENDING", "CONFIRMED", "FALSE"] as const);
registerEnumType(VerificationStatusEnum, { name: "VerificationStatus" });

@ObjectType({ description: "One step of an application: one item (or an extra effect a remark of the notice requires) at one agency" })
export class ApplicationStep {
  @Field(() => String, { description: "Stable within the bundle, e.g. enrolment, contributors, card" }) id!: string;
  @Field(() => Int, { description: "0-based stage; the steps of a stage run concurrently" }) stage!: number;
  @Field(() => StepRelation) relation!: string;
  @Field(() => String, { description: "The item code performed" }) itemCode!: string;
  @Field(() => String) itemName!: string;
  @Field(() => [String], { description: "The bundle's codes this step covers; a group lists every variant, an extra effect none" }) itemCodes!: string[];
  @Field(() => String, { description: "The agency system that performs it" }) agency!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true, description: "The remark rule of the notice it carries out" }) rule!: string | null;
  @Field(() => StepStatus) status!: string;
  @Field(() => ItemReceipt, { nullable: true }) receipt!: ItemReceipt | null;
  @Field(() => String, { nullable: true, description: "The agency's case number (办件编号)" }) caseNumber!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the item must be done by (accelerated limit of the notice)" }) deadline!: Date | null;
  @Field(() => DeadlineStatus) deadlineStatus!: string;
  @Field(() => StepTimeLimit, { nullable: true, description: "The limit that applies, with its condition" }) timeLimit!: StepTimeLimit | null;
  @Field(() => Boolean, { description: "Done after its deadline, or not done and past it (提速办 SLA)" }) overdue!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: "受理 by the agency" }) acceptedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "办结 by the agency" }) completedAt!: Date | null;
  @Field(() => ProcessingTime, { nullable: true, description: "From 受理 to 办结, corrections left out" }) processingTime!: ProcessingTime | null;
  @Field(() => Boolean, { description: "Waits for the applicant's correction (补正); its time is stopped" }) waitingForCorrection!: boolean;
  @Field(() => [StepCorrection]) corrections!: StepCorrection[];
  @Field(() => Int) attempts!: number;
  @Field(() => DateTimeScalar, { nullable: true }) nextAttemptAt!: Date | null;
  @Field(() => String, { nullable: true }) errorCode!: string | null;
  @Field(() => String, { nullable: true, description: "Why it is skipped, waiting or in manual handling" }) reason!: string | null;
  @Field(() => String, { nullable: true, description: "The step in manual handling this one waits for" }) blockedBy!: string | null;
  @Field(() => [String], { description: "Steps it builds on" }) needs!: string[];
  @Field(() => [String], { description: "Materials its item asks for" }) materials!: string[];
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class ApplicationCommitment {
  @Field(() => String) material!: string;
  @Field(() => String) materialName!: string;
  @Field(() => String, { nullable: true }) statement!: string | null;
  @Field(() => String) verificationTaskId!: string;
}

@ObjectType({ description: "An item undone because a commitment it relied on proved false" })
export class Revocation {
  @Field(() => String) stepId!: string;
  @Field(() => String) itemCode!: string;
  @Field(() => String) caseNumber!: string;
  @Field(() => String) verificationTaskId!: string;
  @Field(() => String) material!: string;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType({ description: "A 一件事 application: one submission carried through every agency of its bundle" })
export class Application {
  @Field(() => ID) id!: string;
  @Field(() => Int) scenario!: number;
  @Field(() => String) scenarioName!: string;
  @Field(() => String, { description: "受理编号 of the bundle" }) caseNumber!: string;
  @Field(() => IdNumberScalar, { nullable: true }) idNumber!: string | null;
  @Field(() => CreditCodeScalar, { nullable: true }) creditCode!: string | null;
  @Field(() => String, { description: "The contact point (region) it belongs to" }) region!: string;
  @Field(() => String, { description: "The contact point whose office handles it and whose figures it counts in: the window's for a window submission, else the applicant's 参保地 (the employer's for an employer's submission)" }) office!: string;
  @Field(() => ApplicationStatusEnum) status!: string;
  @Field(() => String, { description: "citizen, employer or staff" }) submittedByKind!: string;
  @Field(() => [String], { description: "Materials supplied" }) materials!: string[];
  @Field(() => [ApplicationCommitment]) commitments!: ApplicationCommitment[];
  @Field(() => [ApplicantFact]) facts!: string[];
  @Field(() => GraphQLJSONObject) details!: Record<string, unknown>;
  @Field(() => [ApplicationStep]) steps!: ApplicationStep[];
  @Field(() => Int, { description: "Materials asked for once" }) materialsAsked!: number;
  @Field(() => Int, { description: "What the applicable items would ask for one by one" }) materialsSumOverItems!: number;
  @Field(() => Int) materialsCut!: number;
  @Field(() => [Revocation]) revocations!: Revocation[];
  @Field(() => String) idempotencyKey!: string;
  @Field(() => DateTimeScalar) submittedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt!: Date | null;
}

@ObjectType()
export class ApplicationConnection {
  @Field(() => [Application]) nodes!: Application[];
  @Field(() => Int) totalCount!: number;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType()
export class MaterialInfo {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: "A signed commitment (告知承诺) may replace it" }) commitmentEligible!: boolean;
}

@ObjectType()
export class ItemMaterials {
  @Field(() => String) itemCode!: string;
  @Field(() => [String]) materials!: string[];
}

@ObjectType({ description: "一套材料: what a bundle asks for once, against what its items ask for one by one" })
export class MaterialSet {
  @Field(() => Int) scenario!: number;
  @Field(() => [MaterialInfo]) materials!: MaterialInfo[];
  @Field(() => [ItemMaterials]) items!: ItemMaterials[];
  @Field(() => Int) asked!: number;
  @Field(() => Int) sumOverItems!: number;
  @Field(() => Int, { description: "sumOverItems - asked (材料精减数)" }) cut!: number;
}

@ObjectType()
export class ScenarioStats {
  @Field(() => Int) scenario!: number;
  @Field(() => Int) bundlesHandled!: number;
  @Field(() => Int) itemsIntegrated!: number;
  @Field(() => Int) materialsCut!: number;
}

@ObjectType({ description: "Per-region figures the notice tracks: bundles handled, items integrated, materials cut" })
export class OneThingStats {
  @Field(() => String, { nullable: true, description: "null = the whole province" }) region!: string | null;
  @Field(() => Int) bundlesHandled!: number;
  @Field(() => Int) bundlesCompleted!: number;
  @Field(() => Int) itemsIntegrated!: number;
  @Field(() => Int) materialsAsked!: number;
  @Field(() => Int) materialsSumOverItems!: number;
  @Field(() => Int) materialsCut!: number;
  @Field(() => [ScenarioStats]) byScenario!: ScenarioStats[];
}

@ObjectType({ description: "Post-verification of one commitment (事中事后核查)" })
export class VerificationTask {
  @Field(() => ID) id!: string;
  @Field(() => String) applicationId!: string;
  @Field(() => Int) scenario!: number;
  @Field(() => String) material!: string;
  @Field(() => String) materialName!: string;
  @Field(() => String, { nullable: true }) statement!: string | null;
  @Field(() => IdNumberScalar, { nullable: true }) idNumber!: string | null;
  @Field(() => CreditCodeScalar, { nullable: true }) creditCode!: string | null;
  @Field(() => String) region!: string;
  @Field(() => Boolean) sampled!: boolean;
  @Field(() => VerificationStatusEnum) status!: string;
  @Field(() => [String]) stepIds!: string[];
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) recordedAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType({ description: "A false commitment recorded against an applicant" })
export class ApplicantRecordEntry {
  @Field(() => String) verificationTaskId!: string;
  @Field(() => String) applicationId!: string;
  @Field(() => Int) scenario!: number;
  @Field(() => String) material!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => [String]) revokedItems!: string[];
  @Field(() => DateTimeScalar) at!: Date;
}

@Directive('@key(fields: "idNumber")')
@ObjectType()
export class Person {
  @Field(() => IdNumberScalar) idNumber!: string;
}

@Directive('@key(fields: "creditCode")')
@ObjectType()
export class Employer {
  @Field(() => CreditCodeScalar) creditCode!: string;
}
