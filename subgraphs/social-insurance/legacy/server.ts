import type { IncomingMessage, ServerResponse } from "node:http";
import { LegacyCode, type AB01Row, type CaseRequest, type Envelope, type PageQuery, type PageResult, type PersonSet } from "../wire";
import { PlatformError, caseNow, recordCase } from "./cases";
import { SI, type SiTables } from "./data";

/** Most keys one batched query takes, as real platforms cap their batch interfaces. */
const MAX_BATCH = 500;

function send<T>(res: ServerResponse, envelope: Envelope<T>, status = 200) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(envelope));
}
const ok = <T>(res: ServerResponse, data: T) => send(res, { code: LegacyCode.OK, message: "成功", data });

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch { /* answered below */ }
  throw new PlatformError(LegacyCode.BAD_REQUEST, "请求报文格式错误");
}

function keyList(body: Record<string, unknown>, field: string): string[] {
  const v = body[field];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string") || v.length > MAX_BATCH) {
    throw new PlatformError(LegacyCode.BAD_REQUEST, `${field} 必须为不超过 ${MAX_BATCH} 个的字符串数组`);
  }
  return v as string[];
}

function personSet(t: SiTables, ids: string[]): PersonSet {
  const AC01 = ids.map((id) => t.ac01.get(id)).filter((r) => r !== undefined);
  return {
    AC01,
    AC02: AC01.flatMap((p) => (t.ac02.get(p.AAC001) ?? []).map((r) => ({ ...r, AAB998: t.ab01ByNo.get(r.AAB001)?.AAB998 }))),
    AC60: AC01.flatMap((p) => t.ac60.get(p.AAC001) ?? []),
  };
}

function page(t: SiTables, q: PageQuery): PageResult {
  let ids = t.order;
  if (q.AAB998 !== undefined) {
    const unit = t.ab01.get(q.AAB998);
    if (!unit) throw new PlatformError(LegacyCode.UNIT_NOT_FOUND, "单位不存在");
    ids = ids.filter((id) => (t.ac02.get(t.ac01.get(id)!.AAC001) ?? []).some((r) => r.AAB001 === unit.AAB001 && r.AAC008 === SI.enrolment.active));
  }
  if (q.AAB301 !== undefined) ids = ids.filter((id) => t.ac01.get(id)!.AAB301 === q.AAB301);
  const offset = Number.isInteger(q.OFFSET) && q.OFFSET >= 0 ? q.OFFSET : 0;
  const limit = Number.isInteger(q.LIMIT) && q.LIMIT >= 0 && q.LIMIT <= MAX_BATCH ? q.LIMIT : 20;
  return { TOTAL: ids.length, ...personSet(t, ids.slice(offset, offset + limit)) };
}

function caseRequest(body: Record<string, unknown>): CaseRequest {
  const { YWLSH, SXBM, AAC002, AAB001, PARAMS } = body;
  if (typeof YWLSH !== "string" || YWLSH.length < 8 || typeof SXBM !== "string") {
    throw new PlatformError(LegacyCode.BAD_REQUEST, "业务流水号、事项编码不能为空");
  }
  return {
    YWLSH, SXBM,
    AAC002: typeof AAC002 === "string" ? AAC002 : undefined,
    AAB001: typeof AAB001 === "string" ? AAB001 : undefined,
    PARAMS: PARAMS && typeof PARAMS === "object" ? (PARAMS as Record<string, unknown>) : {},
  };
}

/**
 * The core platform's HTTP interface: batched queries of people (with their enrolments and
 * benefits) and units, a paged people query, and case submission deduplicated by 业务流水号.
 * Every answer is HTTP 200 with the platform's envelope; only a crash is a 500.
 */
export function siHandler(t: SiTables) {
  return (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0]!;
      try {
        if (req.method === "POST" && path === "/api/ac01/query") return ok(res, personSet(t, keyList(await readJson(req), "AAC002")));
        if (req.method === "POST" && path === "/api/ac01/page") return ok(res, page(t, (await readJson(req)) as unknown as PageQuery));
        if (req.method === "POST" && path === "/api/ab01/query") {
          const keys = keyList(await readJson(req), "AAB998");
          return ok(res, { AB01: keys.map((k) => t.ab01.get(k)).filter((r): r is AB01Row => r !== undefined) });
        }
        if (req.method === "POST" && path === "/api/cases") return ok(res, recordCase(t, caseRequest(await readJson(req))));
        const caseMatch = /^\/api\/cases\/([^/]+)$/.exec(path);
        if (req.method === "GET" && caseMatch) {
          const row = caseNow(t, decodeURIComponent(caseMatch[1]!));
          if (!row) throw new PlatformError(LegacyCode.CASE_NOT_FOUND, "办件不存在");
          return ok(res, row);
        }
        if (req.method === "GET" && path === "/health") return ok(res, { status: "UP" });
        send(res, { code: LegacyCode.BAD_REQUEST, message: "接口不存在", data: null }, 404);
      } catch (err) {
        if (err instanceof PlatformError) return send(res, { code: err.code, message: err.message, data: null });
        send(res, { code: LegacyCode.INTERNAL, message: "系统异常", data: null }, 500);
      }
    })();
  };
}
