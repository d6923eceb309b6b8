import { askGateway, type Failure } from "../auth/portals/gateway-client";

/** The statistics' shapes as the gateway gives them (one-thing subgraph). */
export interface Ratings { count: number; satisfaction: number | null }
export interface OfficeFigures {
  contactPoint: { name: string; level: "PROVINCIAL" | "MINISTRY_AND_PROVINCIAL" };
  applications: number;
  bundlesCompleted: number;
  itemsIntegrated: number;
  materialsCut: number;
  onTimeRate: number | null;
  medianSpeedUp: number | null;
  commitments: number;
  commitmentsVerified: number;
  ratings: Ratings;
}
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

/** One section of a page: its figures, or why the gateway gave none (each section fails alone). */
export type Section<T> = { ok: true; value: T } | Failure;

export interface Period { from: string; to: string }

const OFFICE_FIGURES = "contactPoint { name level } applications bundlesCompleted itemsIntegrated materialsCut onTimeRate medianSpeedUp commitments commitmentsVerified ratings { count satisfaction }";
const ITEM_PERFORMANCE = "item { code name } handled medianDays p90Days statutoryLimit { text value unit } acceleratedLimit { text value unit } speedUpPercent onTimeRate";
const MONTH = "month applications onTimeRate satisfaction";

// `office` is null for the province; city staff ask for their city (the gateway would refuse the province to them anyway)
export const OVERVIEW_QUERY = `query DashboardOverview($from: Date!, $to: Date!, $office: String) {
  contactPointStats(from: $from, to: $to) { ${OFFICE_FIGURES} }
  itemPerformance(from: $from, to: $to, office: $office) { ${ITEM_PERFORMANCE} }
  monthlyTrend(from: $from, to: $to, office: $office) { ${MONTH} }
  noticeTargets(from: $from, to: $to) { bundlesAsOneThing bundlesTarget itemsHalfFaster itemsTarget }
}`;

export const OFFICE_QUERY = `query DashboardOffice($office: String!, $from: Date!, $to: Date!) {
  officeStats(office: $office, from: $from, to: $to) { ${OFFICE_FIGURES} }
  itemPerformance(from: $from, to: $to, office: $office) { ${ITEM_PERFORMANCE} }
  monthlyTrend(from: $from, to: $to, office: $office) { ${MONTH} }
  stepsAtRisk(office: $office) { applicationId caseNumber scenario stepId itemCode itemName agency office acceptedAt deadline elapsedShare risk }
}`;

export const TABLE_QUERY = `query DashboardTable($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { ${OFFICE_FIGURES} } }`;

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
}

const UNAVAILABLE = "统计数据稍后再显示。";

/**
 * Asks the gateway with the signed-in user's own token and splits the answer by field: a field the
 * gateway refused or could not answer becomes that section's failure, the others still show.
 */
async function ask<K extends string>(gatewayUrl: string, token: string, query: string, variables: Record<string, unknown>, fields: readonly K[], timeoutMs: number): Promise<Record<K, Section<any>>> {
  const answer = await askGateway<Record<string, unknown>>(gatewayUrl, token, { query, variables }, timeoutMs, UNAVAILABLE);
  const out = {} as Record<K, Section<any>>;
  for (const field of fields) {
    if (!answer.ok) { out[field] = answer; continue; }
    const value = answer.body.data?.[field];
    if (value !== undefined && value !== null) { out[field] = { ok: true, value }; continue; }
    // the error on this field's path, else the request's own (a whole-request refusal has no path)
    const err = answer.body.errors?.find((e) => (e as { path?: unknown[] }).path?.[0] === field) ?? answer.body.errors?.[0];
    const code = err?.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    out[field] = { ok: false, code, message: messageFor(code) };
  }
  return out;
}

/** What a refusal means to the person looking at the dashboard. */
export function messageFor(code: string): string {
  switch (code) {
    case "FORBIDDEN": return "您的账号无权查看这部分统计。";
    case "UNAUTHENTICATED": return "登录已失效，请重新登录。";
    case "UPSTREAM_UNAVAILABLE": return `统计服务暂时无法访问，${UNAVAILABLE}`;
    case "BAD_USER_INPUT": case "GRAPHQL_VALIDATION_FAILED": return "查询条件无效。";
    default: return `统计服务未能给出结果，${UNAVAILABLE}`;
  }
}

export async function fetchOverview(gatewayUrl: string, token: string, period: Period, office: string | null, timeoutMs = 5_000): Promise<Overview> {
  const r = await ask(gatewayUrl, token, OVERVIEW_QUERY, { ...period, office }, ["contactPointStats", "itemPerformance", "monthlyTrend", "noticeTargets"] as const, timeoutMs);
  return { contactPoints: r.contactPointStats, items: r.itemPerformance, months: r.monthlyTrend, targets: r.noticeTargets };
}

export async function fetchOffice(gatewayUrl: string, token: string, period: Period, office: string, timeoutMs = 5_000): Promise<OfficeView> {
  const r = await ask(gatewayUrl, token, OFFICE_QUERY, { ...period, office }, ["officeStats", "itemPerformance", "monthlyTrend", "stepsAtRisk"] as const, timeoutMs);
  return { office: r.officeStats, items: r.itemPerformance, months: r.monthlyTrend, atRisk: r.stepsAtRisk };
}

export async function fetchTable(gatewayUrl: string, token: string, period: Period, timeoutMs = 5_000): Promise<Section<OfficeFigures[]>> {
  return (await ask(gatewayUrl, token, TABLE_QUERY, { ...period }, ["contactPointStats"] as const, timeoutMs)).contactPointStats;
}
