import { maskId } from "../../lib/log";
import {
  CitizenOwnDataDocument, EmployerOwnDataDocument, MyDataAccessDocument, StaffPingDocument,
  type CitizenOwnDataQuery, type EmployerOwnDataQuery, type TypedDocumentString,
} from "./graphql/generated/graphql";

export interface PortalUser {
  sub: string;
  name: string;
  kind: "citizen" | "employer" | "staff";
  idNumber?: string;
  creditCode?: string;
  roles?: string[];
  agency?: string;
  region?: string;
}

/** Chinese labels of the gateway's enum values, for people rather than programs. */
const labels: Record<string, string> = {
  PENSION: "养老保险", UNEMPLOYMENT: "失业保险", MEDICAL: "医疗保险", WORK_INJURY: "工伤保险", MATERNITY: "生育保险",
  ACTIVE: "（正常）", SUSPENDED: "（暂停）", TERMINATED: "（终止）", EMPLOYED: "已就业", UNEMPLOYED: "失业登记", NONE: "无",
};
const cardLabels: Record<string, string> = {
  NONE: "未申领", IN_PRODUCTION: "制卡中", NOT_ACTIVATED: "已制卡，待启用", ACTIVE: "正常使用", LOST: "已挂失", CANCELLED: "已注销",
};
const label = (value: string | undefined | null) => (value ? (labels[value] ?? value) : "—");
const shown = (value: unknown, empty: string) => (value === undefined || value === null ? empty : String(value));

export type Failure = { ok: false; code: string; message: string };
interface GatewayError { message?: string; extensions?: { code?: string; messages?: { zh?: string; en?: string } } }
export interface GraphQLBody<T> { data?: T | null; errors?: GatewayError[] }

/** What the gateway says of its first error, for the people reading the page: its Chinese message. */
const spoken = (error: GatewayError | undefined): string | undefined => error?.extensions?.messages?.zh ?? error?.message;

/**
 * One typed operation (auth/portals/graphql, `npm run codegen`) sent to the gateway with the
 * user's own token, asking for Chinese messages. When the gateway cannot be reached or does not
 * answer in JSON, the failure the page shows (`later`: what the user will see once it is back).
 */
export async function askGateway<T, V>(gatewayUrl: string, accessToken: string, document: TypedDocumentString<T, V> | string, variables: V, timeoutMs: number, later: string): Promise<{ ok: true; body: GraphQLBody<T> } | Failure> {
  let res: Response;
  try {
    res = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "zh-CN", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { ok: false, code: "UPSTREAM_UNAVAILABLE", message: `数据网关暂时无法访问，${later}` };
  }
  try {
    return { ok: true, body: (await res.json()) as GraphQLBody<T> };
  } catch {
    return { ok: false, code: "UPSTREAM_UNAVAILABLE", message: `数据网关返回了无法识别的应答（HTTP ${res.status}）。` };
  }
}

export type GatewayResult =
  | { ok: true; rows: [string, string][] }
  | Failure;

/**
 * The signed-in user's own record, asked of the gateway with the user's own access token: the
 * portal holds no data of its own and no credential of its own for the gateway.
 */
export async function fetchOwnData(gatewayUrl: string, accessToken: string, user: PortalUser, timeoutMs = 3_000): Promise<GatewayResult> {
  let answer: { ok: true; body: GraphQLBody<unknown> } | Failure;
  let pick: (data: any) => [string, string][];
  const later = "您的业务数据稍后再显示。登录不受影响。";
  switch (user.kind) {
    case "citizen":
      answer = await askGateway(gatewayUrl, accessToken, CitizenOwnDataDocument, { idNumber: String(user.idNumber) }, timeoutMs, later);
      pick = (d: CitizenOwnDataQuery) => {
        const p = d.person;
        const enrolments = p?.socialInsurance?.enrolments ?? [];
        return [
          ["姓名", String(p?.name ?? "—")],
          ["身份证号", maskId(user.idNumber)],
          ["所在地区", String(p?.region ?? "—")],
          ["参保情况（社保经办）", enrolments.length ? enrolments.map((e) => `${label(e.insurance)}${label(e.status)}`).join("、") : shown(p?.socialInsurance, "无参保记录")],
          ["参保单位", String(enrolments.find((e) => e.status === "ACTIVE")?.employer?.name ?? "—")],
          ["就业登记（公共就业服务）", p?.employment?.registration ? `${label(p.employment.registration.status)}（${p.employment.registration.since ?? "—"}）` : shown(p?.employment, "无记录")],
          ["档案存放（人事档案）", shown(p?.archive?.keeper, "无记录")],
          ["社会保障卡", p?.socialSecurityCard ? (cardLabels[p.socialSecurityCard.status] ?? p.socialSecurityCard.status) : "无记录"],
        ];
      };
      break;
    case "employer":
      answer = await askGateway(gatewayUrl, accessToken, EmployerOwnDataDocument, { creditCode: String(user.creditCode) }, timeoutMs, later);
      pick = (d: EmployerOwnDataQuery) => [
        ["单位名称", String(d.employer?.name ?? "—")],
        ["统一社会信用代码", String(user.creditCode)],
        ["所在地区", String(d.employer?.region ?? "—")],
        ["在保职工人数", String(d.employer?.insuredStaff?.totalCount ?? "—")],
      ];
      break;
    case "staff":
      answer = await askGateway(gatewayUrl, accessToken, StaffPingDocument, {}, timeoutMs, later);
      pick = () => [["所属业务", String(user.agency)], ["服务区域", String(user.region)], ["角色", (user.roles ?? []).join("、")]];
      break;
    default: {
      const never: never = user.kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
  if (!answer.ok) return answer;
  const { body } = answer;
  if (body.errors?.length && !body.data) {
    const code = body.errors[0]!.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    return { ok: false, code, message: `数据网关未返回您的信息：${spoken(body.errors[0]) ?? "请稍后再试。"}（${code}）` };
  }
  const rows = pick(body.data ?? {});
  if (body.errors?.length) rows.push(["提示", `部分信息暂不可用：${spoken(body.errors[0]) ?? ""}（${body.errors[0]!.extensions?.code ?? "ERROR"}）`]);
  return { ok: true, rows };
}

/** One read of the person's data through Kuaiban, as the gateway's `myDataAccess` gives it. */
export interface DataAccessRecord {
  id: string;
  at: string;
  actorKind: string;
  actor?: string | null;
  department?: string | null;
  purpose?: string | null;
  caseId?: string | null;
  systems?: string[] | null;
  fields?: string[] | null;
}

export type DataAccessResult =
  | { ok: true; nodes: DataAccessRecord[]; endCursor: string | null; hasNextPage: boolean }
  | Failure;


/** The page of reads the portal asks for (typed, from auth/portals/graphql/portal.graphql). */
export const DATA_ACCESS_QUERY = MyDataAccessDocument.toString();

/**
 * Who read the signed-in person's data, newest first, asked of the gateway with her own token
 * (the gateway answers `myDataAccess` for the token's own person only).
 */
export async function fetchDataAccess(gatewayUrl: string, accessToken: string, after?: string, timeoutMs = 3_000): Promise<DataAccessResult> {
  const answer = await askGateway(gatewayUrl, accessToken, MyDataAccessDocument, { after: after ?? null }, timeoutMs, "查询记录稍后再显示。");
  if (!answer.ok) return answer;
  const { body } = answer;
  const page = body.data?.myDataAccess;
  if (!page) {
    const code = body.errors?.[0]?.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    return { ok: false, code, message: `数据网关未返回查询记录：${spoken(body.errors?.[0]) ?? "请稍后再试。"}` };
  }
  return { ok: true, nodes: page.nodes ?? [], endCursor: page.pageInfo?.endCursor ?? null, hasNextPage: Boolean(page.pageInfo?.hasNextPage) };
}
