import { Router, type Request, type Response } from "express";
import { envInt } from "../../lib/config";
import { log } from "../../lib/log";
import {
  guideErrorPage, guideIndexPage, scenarioGuidePage, serviceGuidePage,
  type GuideIndexView, type ScenarioGuideView, type ServiceGuideView,
} from "./guides-views";
import { GuideIndexDocument, ScenarioGuideDocument, ServiceGuideDocument } from "./graphql/generated/graphql";

/**
 * The public, printable service guides (办事指南) of the 网上服务大厅: `/guides`, `/guides/<code>`,
 * `/guides/scenario/<seq>`. They are read from the gateway, anonymously (the catalogue is public):
 * the portal keeps no data of its own, so a page shows what every API client is told, by the
 * catalogue that owns it, under the gateway's limits and audit.
 */
// typed documents of auth/portals/graphql/guides.graphql (`npm run codegen`)
export const SERVICE_GUIDE_QUERY = ServiceGuideDocument.toString();
export const SCENARIO_GUIDE_QUERY = ScenarioGuideDocument.toString();
export const GUIDE_INDEX_QUERY = GuideIndexDocument.toString();

type Answer<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

async function ask<T>(gatewayUrl: string, query: string, variables: Record<string, unknown>, timeoutMs: number): Promise<Answer<T>> {
  let body: { data?: T | null; errors?: { extensions?: { code?: string } }[] };
  try {
    const res = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "zh-CN" },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = (await res.json()) as typeof body;
  } catch {
    return { ok: false, status: 503, code: "UPSTREAM_UNAVAILABLE", message: "数据网关暂时无法访问，请稍后再试。" };
  }
  const code = body.errors?.[0]?.extensions?.code;
  if (code === "NOT_FOUND") return { ok: false, status: 404, code, message: "没有这个事项或“一件事”的办事指南。" };
  if (!body.data || code) return { ok: false, status: 503, code: code ?? "INTERNAL_SERVER_ERROR", message: "办事指南暂时无法显示，请稍后再试。" };
  return { ok: true, data: body.data };
}

export interface GuidesOptions {
  /** The gateway's GraphQL URL (or a function giving it, when it starts after the portal). */
  gatewayUrl: string | (() => string);
  timeoutMs?: number;
  /**
   * How long an answer is reused (ms; GUIDES_CACHE_MS, default 60 s, 0 = off). Guides change only
   * with the catalogue's release, and only found guides are kept, so the cache holds at most one
   * entry per item and bundle.
   */
  cacheMs?: number;
}

const CODE_RE = /^\d{1,2}(\.\d{1,2}){1,3}$/;
const SEQ_RE = /^\d{1,2}$/;

export function guidesRouter(o: GuidesOptions): Router {
  const router = Router();
  const gateway = () => (typeof o.gatewayUrl === "function" ? o.gatewayUrl() : o.gatewayUrl);
  const timeout = o.timeoutMs ?? 3_000;
  const cacheMs = o.cacheMs ?? envInt("GUIDES_CACHE_MS", 60_000);
  const cache = new Map<string, { until: number; data: unknown }>();
  const cached = async <T>(query: string, variables: Record<string, unknown>): Promise<Answer<T>> => {
    const key = `${query}|${JSON.stringify(variables)}`;
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return { ok: true, data: hit.data as T };
    const answer = await ask<T>(gateway(), query, variables, timeout);
    if (answer.ok && cacheMs > 0) cache.set(key, { until: Date.now() + cacheMs, data: answer.data });
    return answer;
  };
  const send = (res: Response, status: number, page: string) => {
    // nothing but this page's own inline styles: no scripts, no fonts, no images from anywhere
    res.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.set("cache-control", status === 200 ? "public, max-age=300" : "no-store");
    res.status(status).type("html").send(page);
  };
  const fail = (res: Response, a: Extract<Answer<unknown>, { ok: false }>) => {
    if (a.status >= 500) log.warn({ code: a.code }, "service guide page could not be served");
    send(res, a.status, guideErrorPage(a.status, a.message, a.code));
  };
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    fn(req, res).catch((err: unknown) => {
      log.error({ err }, "service guide page failed");
      send(res, 503, guideErrorPage(503, "办事指南暂时无法显示，请稍后再试。", "INTERNAL_SERVER_ERROR"));
    });
  };

  router.get("/guides", wrap(async (_req, res) => {
    const a = await cached<GuideIndexView>(GUIDE_INDEX_QUERY, {});
    if (!a.ok) return fail(res, a);
    send(res, 200, guideIndexPage(a.data));
  }));

  router.get("/guides/scenario/:seq", wrap(async (req, res) => {
    const seq = String(req.params.seq);
    if (!SEQ_RE.test(seq)) return fail(res, { ok: false, status: 404, code: "NOT_FOUND", message: "“一件事”的序号是1到10的数字。" });
    const a = await cached<{ scenarioGuide: ScenarioGuideView }>(SCENARIO_GUIDE_QUERY, { seq: Number(seq) });
    if (!a.ok) return fail(res, a);
    send(res, 200, scenarioGuidePage(a.data.scenarioGuide));
  }));

  router.get("/guides/:code", wrap(async (req, res) => {
    const code = String(req.params.code);
    if (!CODE_RE.test(code)) return fail(res, { ok: false, status: 404, code: "NOT_FOUND", message: "事项编码形如 1.7.4。" });
    const a = await cached<{ serviceGuide: ServiceGuideView }>(SERVICE_GUIDE_QUERY, { code });
    if (!a.ok) return fail(res, a);
    send(res, 200, serviceGuidePage(a.data.serviceGuide));
  }));

  return router;
}
