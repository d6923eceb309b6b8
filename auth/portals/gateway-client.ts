import { maskId } from "../../lib/log";

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

export type GatewayResult =
  | { ok: true; rows: [string, string][] }
  | { ok: false; code: string; message: string };

/**
 * The signed-in user's own record, asked of the gateway with the user's own access token: the
 * portal holds no data of its own and no credential of its own for the gateway.
 */
export async function fetchOwnData(gatewayUrl: string, accessToken: string, user: PortalUser, timeoutMs = 3_000): Promise<GatewayResult> {
  let query: string;
  let pick: (data: Record<string, any>) => [string, string][];
  switch (user.kind) {
    case "citizen":
      query = `{ person(idNumber: ${JSON.stringify(user.idNumber)}) { name } }`;
      pick = (d) => [["姓名（数据网关）", String(d.person?.name ?? "—")], ["身份证号", maskId(user.idNumber)]];
      break;
    case "employer":
      query = `{ employer(creditCode: ${JSON.stringify(user.creditCode)}) { name } }`;
      pick = (d) => [["单位名称（数据网关）", String(d.employer?.name ?? "—")], ["统一社会信用代码", String(user.creditCode)]];
      break;
    case "staff":
      query = "{ __typename }";
      pick = () => [["所属业务", String(user.agency)], ["服务区域", String(user.region)], ["角色", (user.roles ?? []).join("、")]];
      break;
    default: {
      const never: never = user.kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
  let res: Response;
  try {
    res = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { ok: false, code: "UPSTREAM_UNAVAILABLE", message: "数据网关暂时无法访问，您的业务数据稍后再显示。登录不受影响。" };
  }
  let body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    return { ok: false, code: "UPSTREAM_UNAVAILABLE", message: `数据网关返回了无法识别的应答（HTTP ${res.status}）。` };
  }
  if (body.errors?.length && !body.data) {
    const code = body.errors[0]!.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    return { ok: false, code, message: `数据网关未返回您的信息（${code}）。` };
  }
  const rows = pick(body.data ?? {});
  if (body.errors?.length) rows.push(["提示", `部分信息暂不可用（${body.errors[0]!.extensions?.code ?? "ERROR"}）`]);
  return { ok: true, rows };
}
