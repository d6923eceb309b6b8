import { askGateway, type Failure } from "../auth/portals/gateway-client";

/** The statistics' shapes as the gateway gives them (one-thing subgraph). */
import type { OfficeFiguresRow } from "../subgraphs/one-thing/figures/report";
export type OfficeFigures = OfficeFiguresRow;
export type Ratings = OfficeFiguresRow["ratings"];
export interface LimitFigure { text: string; value: number | null; unit: string }
export interface ItemPerformance {
  item: { code: string; name: string };
  handled: number;
  medianDays: number | null;
  p90Days: number | null;
  statutoryLimit: LimitFigure | null;
  acceleratedLimit: LimitFigure | null;
  speedUpPercent: number | null;
  onTimeRate: number | null;
}
export interface MonthFigures { month: string; applications: number; onTimeRate: number | null; satisfaction: number | null }
export interface NoticeTargets { bundlesAsOneThing: number; bundlesTarget: number; itemsHalfFaster: number; itemsTarget: number }
export interface StepAtRisk {
  applicationId: string; caseNumber: string; scenario: number; stepId: string;
  itemCode: string; itemName: string; agency: string; office: string;
  acceptedAt: string | null; deadline: string | null; elapsedShare: number; risk: "AT_RISK" | "OVERDUE";
}

export interface RatingFollowUp {
  applicationId: string; caseNumber: string; scenario: number; office: string;
  level: string; tags: string[]; status: "OPEN" | "CALLED_BACK" | "RECTIFIED";
  openedAt: string; callBackDue: string | null; calledBackAt: string | null; callBackLate: boolean;
  rectifyDue: string | null; rectifiedAt: string | null; rectifyLate: boolean;
}

/** One section of a page: its figures, or why the gateway gave none (each section fails alone). */
export type Section<T> = { ok: true; value: T } | Failure;

export interface Period { from: string; to: string }

const OFFICE_FIGURES = "contactPoint { name level } applications bundlesCompleted itemsIntegrated materialsCut onTimeRate medianSpeedUp commitments commitmentsVerified ratings { count satisfaction }";
const ITEM_PERFORMANCE = "item { code name } handled medianDays p90Days statutoryLimit { text value unit } acceleratedLimit { text value unit } speedUpPercent onTimeRate";
const MONTH = "month applications onTimeRate satisfaction";

// One request per section: the statistics' root fields are non-null, so one refused field would
// null a shared answer's every other field; asked apart (in parallel), each section fails alone.
const CONTACT_POINTS = `query DashboardContactPoints($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { ${OFFICE_FIGURES} } }`;
const OFFICE = `query DashboardOffice($office: String!, $from: Date!, $to: Date!) { officeStats(office: $office, from: $from, to: $to) { ${OFFICE_FIGURES} } }`;
// `office` null: the province (city staff ask for their city; the gateway would refuse them the province anyway)
const ITEMS = `query DashboardItems($from: Date!, $to: Date!, $office: String) { itemPerformance(from: $from, to: $to, office: $office) { ${ITEM_PERFORMANCE} } }`;
const MONTHS = `query DashboardMonths($from: Date!, $to: Date!, $office: String) { monthlyTrend(from: $from, to: $to, office: $office) { ${MONTH} } }`;
const TARGETS = "query DashboardTargets($from: Date, $to: Date) { noticeTargets(from: $from, to: $to) { bundlesAsOneThing bundlesTarget itemsHalfFaster itemsTarget } }";
const FOLLOW_UPS = "query DashboardFollowUps($office: String) { ratingFollowUps(office: $office) { applicationId caseNumber scenario office level tags status openedAt callBackDue calledBackAt callBackLate rectifyDue rectifiedAt rectifyLate } }";
const AT_RISK = "query DashboardAtRisk($office: String) { stepsAtRisk(office: $office) { applicationId caseNumber scenario stepId itemCode itemName agency office acceptedAt deadline elapsedShare risk } }";

export interface Overview {
  contactPoints: Section<OfficeFigures[]>;
  items: Section<ItemPerformance[]>;
  months: Section<MonthFigures[]>;
  targets: Section<NoticeTargets>;
}
export interface OfficeView {
  office: Section<OfficeFigures>;
  items: Section<ItemPerformance[]>;
  months: Section<MonthFigures[]>;
  atRisk: Section<StepAtRisk[]>;
  followUps: Section<RatingFollowUp[]>;
}

const UNAVAILABLE = "统计数据稍后再显示。";

/** One section's field, asked of the gateway with the signed-in user's own token. */
async function ask<T>(gatewayUrl: string, token: string, query: string, field: string, variables: Record<string, unknown>, timeoutMs: number): Promise<Section<T>> {
  const answer = await askGateway<Record<string, unknown>, Record<string, unknown> | undefined>(gatewayUrl, token, query, variables, timeoutMs, UNAVAILABLE);
  if (!answer.ok) return answer;
  const value = answer.body.data?.[field];
  if (value !== undefined && value !== null) return { ok: true, value: value as T };
  const code = answer.body.errors?.[0]?.extensions?.code ?? "INTERNAL_SERVER_ERROR";
  return { ok: false, code, message: messageFor(code) };
}

/** What a refusal means to the person looking at the dashboard. */
export function messageFor(code: string): string {
  switch (code) {
    case "FORBIDDEN": return "您的账号无权查看这部分统计。";
    case "UNAUTHENTICATED": return "登录已失效，请重新登录。";
    case "UPSTREAM_UNAVAILABLE": return `统计服务暂时无法访问，${UNAVAILABLE}`;
    case "BAD_USER_INPUT": return "查询条件无效。";
    // the gateway does not (yet) have the field: a dashboard newer than the system behind it
    case "GRAPHQL_VALIDATION_FAILED": return "数据网关暂未提供这部分统计。";
    default: return `统计服务未能给出结果，${UNAVAILABLE}`;
  }
}

export async function fetchOverview(gatewayUrl: string, token: string, period: Period, office: string | null, timeoutMs = 5_000): Promise<Overview> {
  const [contactPoints, items, months, targets] = await Promise.all([
    ask<OfficeFigures[]>(gatewayUrl, token, CONTACT_POINTS, "contactPointStats", { ...period }, timeoutMs),
    ask<ItemPerformance[]>(gatewayUrl, token, ITEMS, "itemPerformance", { ...period, office }, timeoutMs),
    ask<MonthFigures[]>(gatewayUrl, token, MONTHS, "monthlyTrend", { ...period, office }, timeoutMs),
    ask<NoticeTargets>(gatewayUrl, token, TARGETS, "noticeTargets", { ...period }, timeoutMs),
  ]);
  return { contactPoints, items, months, targets };
}

export async function fetchOffice(gatewayUrl: string, token: string, period: Period, office: string, timeoutMs = 5_000): Promise<OfficeView> {
  const [figures, items, months, atRisk, followUps] = await Promise.all([
    ask<OfficeFigures>(gatewayUrl, token, OFFICE, "officeStats", { ...period, office }, timeoutMs),
    ask<ItemPerformance[]>(gatewayUrl, token, ITEMS, "itemPerformance", { ...period, office }, timeoutMs),
    ask<MonthFigures[]>(gatewayUrl, token, MONTHS, "monthlyTrend", { ...period, office }, timeoutMs),
    ask<StepAtRisk[]>(gatewayUrl, token, AT_RISK, "stepsAtRisk", { office }, timeoutMs),
    ask<RatingFollowUp[]>(gatewayUrl, token, FOLLOW_UPS, "ratingFollowUps", { office }, timeoutMs),
  ]);
  return { office: figures, items, months, atRisk, followUps };
}

export async function fetchTable(gatewayUrl: string, token: string, period: Period, timeoutMs = 5_000): Promise<Section<OfficeFigures[]>> {
  return ask<OfficeFigures[]>(gatewayUrl, token, CONTACT_POINTS, "contactPointStats", { ...period }, timeoutMs);
}
