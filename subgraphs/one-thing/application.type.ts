import { enumOf } from "../../schema/scalars/graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "../../lib/page-info.type";
import { ItemReceipt } from "../../lib/receipt.type";
import { CreditCodeScalar, DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { FACTS } from "./workflow";


export const StepStatus = enumOf(["PENDING", "SKIPPED", "RUNNING", "WAITING_RETRY", "ACCEPTED", "DONE", "MANUAL", "REVOKED"] as const);
registerEnumType(StepStatus, {
  name: "StepStatus",
  description: "步骤状态 step status",
  valuesConfig: {
    PENDING: { description: "PENDING: 待办, 等待所依赖的步骤" },
    SKIPPED: { description: "SKIPPED: 已跳过, 其条件对申请人不成立" },
    RUNNING: { description: "RUNNING: 正在提交给办理系统" },
    WAITING_RETRY: { description: "WAITING_RETRY: 办理系统暂不可用, 将于 nextAttemptAt 重试" },
    ACCEPTED: { description: "ACCEPTED: 已受理，正在办理" },
    DONE: { description: "DONE: 已办结" },
    MANUAL: { description: "MANUAL: 人工处理 (被拒、重试用尽, 或所依赖的步骤在人工处理)" },
    REVOKED: { description: "REVOKED: 因承诺不实已撤销" },
  },
});

export const DeadlineStatus = enumOf(["SET", "NONE", "PENDING_CALENDAR"] as const);
registerEnumType(DeadlineStatus, {
  name: "DeadlineStatus",
  description: "期限状态 deadline status",
  valuesConfig: {
    SET: { description: "SET: 已定办结期限" },
    NONE: { description: "NONE: 该事项无期限" },
    PENDING_CALENDAR: { description: "PENDING_CALENDAR: 期限落在工作日历尚无数据的年份, 该年加入后即算出" },
  },
});

export const StepRisk = enumOf(["AT_RISK", "OVERDUE"] as const);
registerEnumType(StepRisk, { name: "StepRisk", description: "时限风险 step risk",
  valuesConfig: {
    AT_RISK: { description: "AT_RISK: 已用时限的 80% 以上" },
    OVERDUE: { description: "OVERDUE: 已超过办结期限" },
  },
});

@ObjectType({ description: "步骤适用时限 step time limit: The time limit that applies to one case, with the condition that selects it (附件2)" })
export class StepTimeLimit {
  @Field(() => String, { description: "通知原文 text: The notice's cell" }) text!: string;
  @Field(() => Int, { nullable: true, description: "时限数值 value; 无数值的单位为 null" }) value!: number | null;
  @Field(() => String, { description: "时限单位 unit: WORKING_DAYS, CALENDAR_DAYS, MONTHS, MINUTES, INSTANT, QUARTER_OF_YEAR" }) unit!: string;
  @Field(() => String, { description: "时限依据 basis: ACCELERATED (提速后) or STATUTORY (当前规定)" }) basis!: string;
  @Field(() => String, { nullable: true, description: "适用条件 condition: The condition under which it applies; null for the general limit" }) condition!: string | null;
}

@ObjectType({ description: "办理用时 processing time: Processing time from 受理 to 办结, time waiting for corrections left out" })
export class ProcessingTime {
  @Field(() => Float, { description: "分钟 minutes" }) minutes!: number;
  @Field(() => Int, { description: "自然日 calendar days" }) calendarDays!: number;
  @Field(() => Int, { description: "工作日 working days" }) workingDays!: number;
}

@ObjectType({ description: "补正 correction: A correction (补正) the agency asked the applicant for" })
export class StepCorrection {
  @Field(() => DateTimeScalar, { description: "要求补正的时间 requested at" }) requestedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "补正提交时间 supplied at; 尚未补正为 null" }) suppliedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "补正说明 note from the agency" }) note!: string | null;
}

@ObjectType({ description: "临期或超期步骤 step at risk: A step at 80% or more of its time, or overdue, for its agency's staff" })
export class StepAtRisk {
  @Field(() => ID, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => String, { description: "办件编号 case number: The agency's case number" }) caseNumber!: string;
  @Field(() => Int, { description: "“一件事”序号 bundle number" }) scenario!: number;
  @Field(() => String, { description: "步骤 step id" }) stepId!: string;
  @Field(() => String, { description: "事项编码 item code" }) itemCode!: string;
  @Field(() => String, { description: "事项名称 item name" }) itemName!: string;
  @Field(() => String, { description: "办理系统 agency" }) agency!: string;
  @Field(() => String, { description: "办理联系点 office: The contact point that handles it" }) office!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: "受理时间 accepted at" }) acceptedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "办结期限 deadline" }) deadline!: Date | null;
  @Field(() => Float, { description: "已用时限比例 elapsed share: Share of its time used: 0.8 = 80%" }) elapsedShare!: number;
  @Field(() => StepRisk, { description: "风险 risk" }) risk!: string;
}

export const StepRelation = enumOf(["PREREQUISITE", "PARALLEL", "FOLLOW_UP"] as const);
registerEnumType(StepRelation, { name: "StepRelation", description: "办理顺序关系 step relation",
  valuesConfig: {
    PREREQUISITE: { description: "PREREQUISITE: 前置, 先于其他事项办理" },
    PARALLEL: { description: "PARALLEL: 并联, 与其他事项同时办理" },
    FOLLOW_UP: { description: "FOLLOW_UP: 后置, 在其他事项办结后办理" },
  },
});

export const ApplicationStatusEnum = enumOf(["IN_PROGRESS", "COMPLETED", "NEEDS_MANUAL", "REVOKED"] as const);
registerEnumType(ApplicationStatusEnum, {
  name: "ApplicationStatus",
  description: "申请状态 application status",
  valuesConfig: {
    IN_PROGRESS: { description: "IN_PROGRESS: 办理中" },
    COMPLETED: { description: "COMPLETED: 已办结, 所有步骤已办结或跳过" },
    NEEDS_MANUAL: { description: "NEEDS_MANUAL: 有步骤转人工处理, 待工作人员处置" },
    REVOKED: { description: "REVOKED: 已撤销 (承诺不实)" },
  },
});

export const ApplicantFact = enumOf(FACTS);
registerEnumType(ApplicantFact, { name: "ApplicantFact", description: "申请人情形 applicant fact: 申请人陈述的情况; 以某情形为条件的步骤仅在陈述时办理",
  valuesConfig: {
    HAS_CARD: { description: "HAS_CARD: 已持有社会保障卡 (任何状态)" },
    CARD_LOST: { description: "CARD_LOST: 社保卡遗失, 尚未挂失" },
    HAS_EMPLOYMENT_CARD: { description: "HAS_EMPLOYMENT_CARD: 已持有《就业创业证》" },
    DRAWS_UNEMPLOYMENT_BENEFIT: { description: "DRAWS_UNEMPLOYMENT_BENEFIT: 正在领取失业保险金" },
    PARTY_MEMBER: { description: "PARTY_MEMBER: 党员, 组织关系随档案转移" },
    GRADUATE: { description: "GRADUATE: 择业期内的高校毕业生" },
    PENSION_ELSEWHERE: { description: "PENSION_ELSEWHERE: 有养老保险关系需转入, 方式见 details.pensionTransfer" },
    UNEMPLOYMENT_INSURANCE_ELSEWHERE: { description: "UNEMPLOYMENT_INSURANCE_ELSEWHERE: 失业保险关系在外地" },
    ARCHIVE_ELSEWHERE: { description: "ARCHIVE_ELSEWHERE: 人事档案存放在外地, 需转递" },
    CONTRIBUTION_ARREARS: { description: "CONTRIBUTION_ARREARS: 有欠费, 须先补缴" },
    EARLY_RETIREMENT: { description: "EARLY_RETIREMENT: 提前退休 (退职), 而非正常退休" },
    MULTIPLE_PENSION_RELATIONS: { description: "MULTIPLE_PENSION_RELATIONS: 存在多重养老保险关系, 需清退" },
    WORK_INJURY_BENEFICIARY: { description: "WORK_INJURY_BENEFICIARY: 领取工伤保险待遇" },
    WORK_INJURY_TOP_UP: { description: "WORK_INJURY_TOP_UP: 退休时有工伤待遇补差" },
    WORK_INJURY_REGISTERED: { description: "WORK_INJURY_REGISTERED: 单位已作工伤备案 (则办理变更)" },
    HOSPITALISED: { description: "HOSPITALISED: 住院治疗 (住院伙食补助)" },
    TREATED_OUTSIDE_REGION: { description: "TREATED_OUTSIDE_REGION: 在统筹地区以外就医 (异地就医)" },
    HAS_DEPENDANTS: { description: "HAS_DEPENDANTS: 有供养亲属" },
    EMPLOYMENT_DIFFICULTY: { description: "EMPLOYMENT_DIFFICULTY: 申请认定为就业困难人员" },
    IN_TRAINING: { description: "IN_TRAINING: 失业期间参加职业培训" },
    FLEXIBLE_EMPLOYMENT: { description: "FLEXIBLE_EMPLOYMENT: 灵活就业, 个人缴费" },
    LOW_INCOME_FAMILY: { description: "LOW_INCOME_FAMILY: 困难家庭毕业生 (求职创业补贴)" },
    NEEDS_STARTUP_LOAN: { description: "NEEDS_STARTUP_LOAN: 申请创业担保贷款" },
  },
});

export const VerificationOutcome = enumOf(["CONFIRMED", "FALSE"] as const);
registerEnumType(VerificationOutcome, {
  name: "VerificationOutcome",
  description: "核查结果 verification outcome",
  valuesConfig: {
    CONFIRMED: { description: "CONFIRMED: 核查属实" },
    FALSE: { description: "FALSE: 核查不实, 撤销依赖它的事项" },
  },
});

export const VerificationStatusEnum = enumOf(["NOT_SAMPLED", "PENDING", "CONFIRMED", "FALSE"] as const);
registerEnumType(VerificationStatusEnum, {
  name: "VerificationStatus",
  description: "核查状态 verification status",
  valuesConfig: {
    NOT_SAMPLED: { description: "NOT_SAMPLED: 未抽中, 不核查" },
    PENDING: { description: "PENDING: 已抽中, 待核查" },
    CONFIRMED: { description: "CONFIRMED: 核查属实" },
    FALSE: { description: "FALSE: 核查不实, 依赖它的事项已撤销" },
  },
});

@ObjectType({ description: "办理步骤 application step: One step of an application: one item (or an extra effect a remark of the notice requires) at one agency" })
export class ApplicationStep {
  @Field(() => String, { description: "步骤标识 step id: Stable within the bundle, e.g. enrolment, contributors, card" }) id!: string;
  @Field(() => Int, { description: "办理阶段 stage: 0-based stage; the steps of a stage run concurrently" }) stage!: number;
  @Field(() => StepRelation, { description: "办理顺序关系 relation: 前置、并联或后置" }) relation!: string;
  @Field(() => String, { description: "事项编码 item code: The item code performed" }) itemCode!: string;
  @Field(() => String, { description: "事项名称 item name" }) itemName!: string;
  @Field(() => [String], { description: "涵盖的事项编码 item codes: The bundle's codes this step covers; a group lists every variant, an extra effect none" }) itemCodes!: string[];
  @Field(() => String, { description: "办理系统 agency: The agency system that performs it" }) agency!: string;
  @Field(() => String, { description: "办理操作 action the agency is asked for, 如 enrolEmployee" }) action!: string;
  @Field(() => String, { nullable: true, description: "备注规则 rule: The remark rule of the notice it carries out" }) rule!: string | null;
  @Field(() => StepStatus, { description: "步骤状态 step status" }) status!: string;
  @Field(() => ItemReceipt, { nullable: true, description: "办件回执 receipt from the agency; 未受理为 null" }) receipt!: ItemReceipt | null;
  @Field(() => String, { nullable: true, description: "办件编号 case number: The agency's case number (办件编号)" }) caseNumber!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "办结期限 deadline: When the item must be done by (accelerated limit of the notice)" }) deadline!: Date | null;
  @Field(() => DeadlineStatus, { description: "期限状态 deadline status" }) deadlineStatus!: string;
  @Field(() => StepTimeLimit, { nullable: true, description: "适用时限 time limit: The limit that applies, with its condition" }) timeLimit!: StepTimeLimit | null;
  @Field(() => Boolean, { description: "超期 overdue: Done after its deadline, or not done and past it (提速办 SLA)" }) overdue!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: "受理 by the agency" }) acceptedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "办结 by the agency" }) completedAt!: Date | null;
  @Field(() => ProcessingTime, { nullable: true, description: "办理用时 processing time: From 受理 to 办结, corrections left out" }) processingTime!: ProcessingTime | null;
  @Field(() => Boolean, { description: "等待补正 waiting for correction: Waits for the applicant's correction (补正); its time is stopped" }) waitingForCorrection!: boolean;
  @Field(() => [StepCorrection], { description: "补正记录 corrections asked for and supplied" }) corrections!: StepCorrection[];
  @Field(() => Int, { description: "已尝试次数 attempts made at the agency" }) attempts!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: "下次尝试时间 next attempt at, 系统不可用时; 否则为 null" }) nextAttemptAt!: Date | null;
  @Field(() => String, { nullable: true, description: "最近一次失败的错误码 error code of the last failure; 无为 null" }) errorCode!: string | null;
  @Field(() => String, { nullable: true, description: "原因 reason: Why it is skipped, waiting or in manual handling" }) reason!: string | null;
  @Field(() => String, { nullable: true, description: "受阻于 blocked by: The step in manual handling this one waits for" }) blockedBy!: string | null;
  @Field(() => [String], { description: "所依赖的步骤 needs: Steps it builds on" }) needs!: string[];
  @Field(() => [String], { description: "所需材料 materials: Materials its item asks for" }) materials!: string[];
  @Field(() => DateTimeScalar, { description: "更新时间 updated at" }) updatedAt!: Date;
}

@ObjectType({ description: "申请中的告知承诺 commitment: 以签署承诺代替某项材料" })
export class ApplicationCommitment {
  @Field(() => String, { description: "所代替的材料 material id, 如 KINSHIP_PROOF" }) material!: string;
  @Field(() => String, { description: "材料名称 material name" }) materialName!: string;
  @Field(() => String, { nullable: true, description: "承诺内容 statement signed; 未给出为 null" }) statement!: string | null;
  @Field(() => String, { description: "核查任务编号 verification task id" }) verificationTaskId!: string;
}

@ObjectType({ description: "撤销记录 revocation: An item undone because a commitment it relied on proved false" })
export class Revocation {
  @Field(() => String, { description: "被撤销的步骤 step id" }) stepId!: string;
  @Field(() => String, { description: "事项编码 item code" }) itemCode!: string;
  @Field(() => String, { description: "办件编号 case number" }) caseNumber!: string;
  @Field(() => String, { description: "核查任务编号 verification task id that found it false" }) verificationTaskId!: string;
  @Field(() => String, { description: "不实承诺所代替的材料 material" }) material!: string;
  @Field(() => DateTimeScalar, { description: "撤销时间 revoked at" }) at!: Date;
}

@ObjectType({ description: "“一件事”申请 application: 一次提交, 由引擎送达其打包事项涉及的每个系统办理" })
export class Application {
  @Field(() => ID, { description: "申请编号 application id" }) id!: string;
  @Field(() => Int, { description: "“一件事”序号 bundle number, 1–10 (附件1)" }) scenario!: number;
  @Field(() => String, { description: "“一件事”名称 bundle name" }) scenarioName!: string;
  @Field(() => String, { description: "受理编号 case number of the bundle" }) caseNumber!: string;
  @Field(() => IdNumberScalar, { nullable: true, description: "申请所涉人员的公民身份号码 resident ID number; 单位事项可为 null" }) idNumber!: string | null;
  @Field(() => CreditCodeScalar, { nullable: true, description: "申请所涉单位的统一社会信用代码 credit code; 个人事项可为 null" }) creditCode!: string | null;
  @Field(() => String, { description: "所属联系点地区 region" }) region!: string;
  @Field(() => String, { description: "办理与统计所属的联系点 office: 窗口提交为该窗口所在地, 否则为申请人参保地 (单位提交为单位参保地)" }) office!: string;
  @Field(() => ApplicationStatusEnum, { description: "申请状态 application status" }) status!: string;
  @Field(() => String, { description: "提交人类别 submitted by: citizen 个人, employer 单位, staff 窗口工作人员" }) submittedByKind!: string;
  @Field(() => [String], { description: "已提交的材料 materials supplied" }) materials!: string[];
  @Field(() => [ApplicationCommitment], { description: "告知承诺 commitments signed instead of certificates" }) commitments!: ApplicationCommitment[];
  @Field(() => [ApplicantFact], { description: "申请人陈述的情形 facts stated" }) facts!: string[];
  @Field(() => GraphQLJSONObject, { description: "事项细节 item details, 如 { pensionTransfer: \"INTER_REGIONAL\" }" }) details!: Record<string, unknown>;
  @Field(() => [ApplicationStep], { description: "办理步骤 steps, 每步一个事项在一个系统" }) steps!: ApplicationStep[];
  @Field(() => Int, { description: "一次索要的材料数 materials asked once" }) materialsAsked!: number;
  @Field(() => Int, { description: "逐项办理时各事项材料数之和 materials summed over the applicable items" }) materialsSumOverItems!: number;
  @Field(() => Int, { description: "材料精减数 materials cut" }) materialsCut!: number;
  @Field(() => [Revocation], { description: "因承诺不实而撤销的事项 revocations" }) revocations!: Revocation[];
  @Field(() => String, { description: "幂等键 idempotency key the application was submitted with" }) idempotencyKey!: string;
  @Field(() => DateTimeScalar, { description: "提交时间 submitted at" }) submittedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "办结时间 completed at; 未办结为 null" }) completedAt!: Date | null;
}

@ObjectType({ description: "申请分页中的一项 application edge" })
export class ApplicationEdge {
  @Field(() => String, { description: "游标 cursor of this application, 作为 `after` 从其后取" }) cursor!: string;
  @Field(() => Application, { description: "申请 application" }) node!: Application;
}

@ObjectType({ description: "申请分页 application connection: edges (带游标) 或 nodes, 以及 pageInfo; 新的在前" })
export class ApplicationConnection {
  @Field(() => [ApplicationEdge], { description: "本页各项 edges, 每项带游标" }) edges!: ApplicationEdge[];
  @Field(() => [Application], { description: "本页申请 nodes (edges 中 node 的简写)" }) nodes!: Application[];
  @Field(() => PageInfo, { description: "分页信息 page info" }) pageInfo!: PageInfo;
  @Field(() => Int, { description: "总数 total count" }) totalCount!: number;
  @Field(() => String, { nullable: true, deprecationReason: "Use pageInfo.endCursor, as every connection does", description: "本页最后一项的游标 end cursor (同 pageInfo.endCursor)" }) endCursor!: string | null;
  @Field(() => Boolean, { deprecationReason: "Use pageInfo.hasNextPage, as every connection does", description: "还有下一页 has next page (同 pageInfo.hasNextPage)" }) hasNextPage!: boolean;
}

@ObjectType({ description: "材料 material of a bundle's set" })
export class MaterialInfo {
  @Field(() => String, { description: "材料标识 material id, 如 KINSHIP_PROOF" }) id!: string;
  @Field(() => String, { description: "材料名称 material name" }) name!: string;
  @Field(() => Boolean, { description: "可告知承诺 commitment eligible: A signed commitment (告知承诺) may replace it" }) commitmentEligible!: boolean;
}

@ObjectType({ description: "一个事项逐项办理时所需材料 an item's own materials" })
export class ItemMaterials {
  @Field(() => String, { description: "事项编码 item code" }) itemCode!: string;
  @Field(() => [String], { description: "材料标识 material ids" }) materials!: string[];
}

@ObjectType({ description: "一套材料: what a bundle asks for once, against what its items ask for one by one" })
export class MaterialSet {
  @Field(() => Int, { description: "“一件事”序号 bundle number" }) scenario!: number;
  @Field(() => [MaterialInfo], { description: "一套材料 the one set of materials" }) materials!: MaterialInfo[];
  @Field(() => [ItemMaterials], { description: "各事项逐项办理时所需材料 materials per item" }) items!: ItemMaterials[];
  @Field(() => Int, { description: "一次索要的材料数 materials asked once" }) asked!: number;
  @Field(() => Int, { description: "逐项办理时各事项材料数之和 materials summed over items" }) sumOverItems!: number;
  @Field(() => Int, { description: "材料精减数 materials cut: sumOverItems - asked (材料精减数)" }) cut!: number;
}

@ObjectType({ description: "某个“一件事”的数字 figures of one bundle" })
export class ScenarioStats {
  @Field(() => Int, { description: "“一件事”序号 bundle number" }) scenario!: number;
  @Field(() => Int, { description: "受理数 bundles handled" }) bundlesHandled!: number;
  @Field(() => Int, { description: "事项整合数 items integrated" }) itemsIntegrated!: number;
  @Field(() => Int, { description: "材料精减数 materials cut" }) materialsCut!: number;
}

@ObjectType({ description: "“一件事”统计 one-thing stats: Per-region figures the notice tracks: bundles handled, items integrated, materials cut" })
export class OneThingStats {
  @Field(() => String, { nullable: true, description: "联系点地区 region: null = the whole province" }) region!: string | null;
  @Field(() => Int, { description: "受理的“一件事”数 bundles handled" }) bundlesHandled!: number;
  @Field(() => Int, { description: "办结的“一件事”数 bundles completed" }) bundlesCompleted!: number;
  @Field(() => Int, { description: "事项整合数 items integrated" }) itemsIntegrated!: number;
  @Field(() => Int, { description: "一次索要的材料数 materials asked" }) materialsAsked!: number;
  @Field(() => Int, { description: "逐项办理时的材料数之和 materials summed over items" }) materialsSumOverItems!: number;
  @Field(() => Int, { description: "材料精减数 materials cut" }) materialsCut!: number;
  @Field(() => [ScenarioStats], { description: "按“一件事”分列 by bundle" }) byScenario!: ScenarioStats[];
}

@ObjectType({ description: "承诺核查任务 verification task: Post-verification of one commitment (事中事后核查)" })
export class VerificationTask {
  @Field(() => ID, { description: "核查任务编号 task id" }) id!: string;
  @Field(() => String, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => Int, { description: "“一件事”序号 bundle number" }) scenario!: number;
  @Field(() => String, { description: "承诺所代替的材料 material id" }) material!: string;
  @Field(() => String, { description: "材料名称 material name" }) materialName!: string;
  @Field(() => String, { nullable: true, description: "承诺内容 statement signed" }) statement!: string | null;
  @Field(() => IdNumberScalar, { nullable: true, description: "承诺人的公民身份号码 resident ID number; 单位承诺为 null" }) idNumber!: string | null;
  @Field(() => CreditCodeScalar, { nullable: true, description: "承诺单位的统一社会信用代码 credit code; 个人承诺为 null" }) creditCode!: string | null;
  @Field(() => String, { description: "所属联系点地区 region" }) region!: string;
  @Field(() => Boolean, { description: "是否抽中核查 sampled for verification" }) sampled!: boolean;
  @Field(() => VerificationStatusEnum, { description: "核查状态 verification status" }) status!: string;
  @Field(() => [String], { description: "依赖此承诺的步骤 steps relying on it" }) stepIds!: string[];
  @Field(() => String, { nullable: true, description: "核查说明 note" }) note!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "核查结果记录时间 recorded at; 未核查为 null" }) recordedAt!: Date | null;
  @Field(() => DateTimeScalar, { description: "创建时间 created at" }) createdAt!: Date;
}

@ObjectType({ description: "失信承诺记录 applicant record entry: A false commitment recorded against an applicant" })
export class ApplicantRecordEntry {
  @Field(() => String, { description: "核查任务编号 verification task id" }) verificationTaskId!: string;
  @Field(() => String, { description: "申请编号 application id" }) applicationId!: string;
  @Field(() => Int, { description: "“一件事”序号 bundle number" }) scenario!: number;
  @Field(() => String, { description: "不实承诺所代替的材料 material id" }) material!: string;
  @Field(() => String, { nullable: true, description: "核查说明 note" }) note!: string | null;
  @Field(() => [String], { description: "被撤销的事项编码 revoked item codes" }) revokedItems!: string[];
  @Field(() => DateTimeScalar, { description: "记录时间 recorded at" }) at!: Date;
}

@Directive('@key(fields: "idNumber")')
@ObjectType({ description: "人员 person: 以公民身份号码为键 (keyed by resident ID number); 各系统的字段在网关合并于同一人员" })
export class Person {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
}

@Directive('@key(fields: "creditCode")')
@ObjectType({ description: "用人单位 employer: 以统一社会信用代码为键 (keyed by unified social credit code); 各系统的字段在网关合并于同一单位" })
export class Employer {
  @Field(() => CreditCodeScalar, { description: "统一社会信用代码 unified social credit code" }) creditCode!: string;
}
