import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startGateway, type RunningGateway } from "../../gateway";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCatalogue } from "../../subgraphs/catalogue";
import { fetchDataAccess, fetchOwnData } from "../../auth/portals/gateway-client";
import { hubBearerAuthenticate } from "../../gateway/auth/authenticate";
import { unlimitedRates } from "./support/gateway-front";
import { sharedTestStore } from "../support/store";

type Err = { message: string; extensions: { code: string; messages?: { zh: string; en: string }; [k: string]: unknown } };
type Answer = { status: number; headers: Headers; errors: Err[]; data?: unknown };

async function ask(url: string, init: RequestInit, lang?: string): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (lang) headers.set("accept-language", lang);
  const res = await fetch(url, { ...init, headers });
  const body = (await res.json()) as { errors?: Err[]; data?: unknown };
  return { status: res.status, headers: res.headers, errors: body.errors ?? [], data: body.data };
}
const post = (query: string) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
const han = /[\u4e00-\u9fff]/;

/** The same request in Chinese and in English: same status and code, message in the language asked for. */
async function bothWays(url: string, init: () => RequestInit, code: string) {
  const zh = await ask(url, init(), "zh-CN,zh;q=0.9,en;q=0.8");
  const en = await ask(url, init(), "en-US,en;q=0.9");
  const none = await ask(url, init());
  expect([zh.status, en.status, none.status]).toEqual([en.status, en.status, en.status]);
  for (const a of [zh, en, none]) expect(a.errors[0]!.extensions.code).toBe(code);
  expect(zh.errors[0]!.message).toMatch(han);
  expect(en.errors[0]!.message).not.toMatch(han);
  // no Accept-Language (curl, scripts, server-side callers): English for developers
  expect(none.errors[0]!.message).toBe(en.errors[0]!.message);
  expect(zh.errors[0]!.extensions.messages).toEqual({ zh: zh.errors[0]!.message, en: en.errors[0]!.message });
  return { zh, en };
}

describe("error messages through the real gateway (on Redis)", () => {
  const store = sharedTestStore();
  let catalogue: RunningSubgraph;
  let gateway: RunningGateway;
  let limited: RunningGateway;
  let url: string;
  beforeAll(async () => {
    catalogue = await startCatalogue({ port: 0 });
    const subgraphs = [{ name: "catalogue", url: `${catalogue.url}/graphql` }];
    gateway = await startGateway({ port: 0, store, cacheTtlMs: 0, subgraphs, rateLimits: unlimitedRates });
    // one anonymous request a minute: the second is refused
    limited = await startGateway({ port: 0, store, cacheTtlMs: 0, subgraphs, rateLimits: { ...unlimitedRates, anonymous: 1 } });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await limited.close();
    await gateway.close();
    await catalogue.close();
    await store.close();
  });

  it("answers a validation error in Chinese or English with GRAPHQL_VALIDATION_FAILED either way", async () => {
    const { zh, en } = await bothWays(url, () => post("{ contactPoint { name } }"), "GRAPHQL_VALIDATION_FAILED");
    expect(zh.status).toBe(400);
    expect(en.errors[0]!.message).toMatch(/^Cannot query field "contactPoint" on type "Query"\./);
    expect(zh.errors[0]!.message).toBe("请求的查询语句与接口定义不符。");
  });

  it("answers the front door's 415 and 400 in both languages", async () => {
    const form = () => ({ method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    const { zh } = await bothWays(url, form, "UNSUPPORTED_MEDIA_TYPE");
    expect(zh.status).toBe(415);
    const put = () => ({ method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await bothWays(url, put, "BAD_REQUEST")).en.status).toBe(405);
  });

  it("refuses a bad partner key (UNAUTHENTICATED, 401) in both languages", async () => {
    const badKey = () => ({ ...post("{ contactPoints { name } }"), headers: { "content-type": "application/json", "x-api-key": "kb_not-a-real-key" } });
    const { zh, en } = await bothWays(url, badKey, "UNAUTHENTICATED");
    expect([zh.status, en.status]).toEqual([401, 401]);
  });

  it("keeps the seconds to wait in both languages of a 429", async () => {
    const limitedUrl = `${limited.url}/graphql`;
    let zh: Answer | undefined;
    for (let i = 0; i < 3 && zh?.status !== 429; i++) zh = await ask(limitedUrl, post("{ contactPoints { name } }"), "zh-CN");
    const en = await ask(limitedUrl, post("{ contactPoints { name } }"), "en");
    expect([zh!.status, en.status]).toEqual([429, 429]);
    for (const a of [zh!, en]) {
      expect(a.errors[0]!.extensions.code).toBe("RATE_LIMITED");
      const seconds = Number(a.headers.get("retry-after"));
      expect(seconds).toBeGreaterThan(0);
      expect(a.errors[0]!.extensions.retryAfterSeconds).toBe(seconds);
    }
    expect(zh!.errors[0]!.message).toBe(`操作过于频繁，请 ${zh!.headers.get("retry-after")} 秒后再试。`);
    expect(en.errors[0]!.message).toBe(`Too many requests; try again in ${en.headers.get("retry-after")} s`);
  });

  it("names the system that is down in both languages (UPSTREAM_UNAVAILABLE)", async () => {
    const down = await startCatalogue({ port: 0 });
    const gw = await startGateway({ port: 0, store, cacheTtlMs: 0, subgraphs: [{ name: "catalogue", url: `${down.url}/graphql` }], rateLimits: unlimitedRates });
    try {
      await down.close();
      const { zh, en } = await bothWays(`${gw.url}/graphql`, () => post("{ contactPoints { name } }"), "UPSTREAM_UNAVAILABLE");
      expect(zh.errors[0]!.message).toContain("政务服务事项目录系统暂时无法访问");
      expect(en.errors[0]!.message).toBe("The catalogue system is not available right now");
      expect(zh.errors[0]!.extensions.system).toBe("catalogue");
    } finally {
      await gw.close();
    }
  });

  it("the portal shows the gateway's Chinese message, and the code, for a token the gateway refuses", async () => {
    // the real hub verifier; a token that is no JWT is refused before any key is fetched
    const gw = await startGateway({ port: 0, store, cacheTtlMs: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }], rateLimits: unlimitedRates, authenticate: hubBearerAuthenticate({ issuer: "http://127.0.0.1:9", audience: "urn:kuaiban:gateway" }) });
    try {
      const own = await fetchOwnData(`${gw.url}/graphql`, "not-a-token", { sub: "s", name: "n", kind: "citizen", idNumber: "11010519491231002X" });
      expect(own).toEqual({ ok: false, code: "UNAUTHENTICATED", message: "数据网关未返回您的信息：请先登录，或登录已过期，请重新登录。（UNAUTHENTICATED）" });
      const reads = await fetchDataAccess(`${gw.url}/graphql`, "not-a-token");
      expect(reads).toEqual({ ok: false, code: "UNAUTHENTICATED", message: "数据网关未返回查询记录：请先登录，或登录已过期，请重新登录。" });
    } finally {
      await gw.close();
    }
  });

  it("answers an operation refused over graphql-ws in the language of the connection's Accept-Language", async () => {
    const refusal = async (lang: string) => {
      // the upgrade request carries the browser's Accept-Language, as a browser's WebSocket does
      const Localized = class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) { super(address, protocols, { headers: { "accept-language": lang } }); }
      };
      const client = createClient({ url: url.replace("http", "ws"), webSocketImpl: Localized, retryAttempts: 0 });
      try {
        return await new Promise<{ message: string; extensions: Err["extensions"] }>((resolve, reject) => {
          client.subscribe({ query: "{ contactPoint { name } }" }, {
            next: (value) => (value.errors?.length ? resolve(value.errors[0] as never) : reject(new Error("the subscription was not refused"))),
            error: (err) => (Array.isArray(err) ? resolve(err[0]) : reject(err)),
            complete: () => reject(new Error("completed without an error")),
          });
        });
      } finally {
        await client.dispose();
      }
    };
    const zh = await refusal("zh-CN");
    const en = await refusal("en-US");
    expect([zh.extensions.code, en.extensions.code]).toEqual(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"]);
    expect(zh.message).toBe("请求的查询语句与接口定义不符。");
    expect(en.message).toMatch(/^Cannot query field "contactPoint" on type "Query"/);
    expect(zh.extensions.messages).toEqual({ zh: zh.message, en: en.message });
  });
});
