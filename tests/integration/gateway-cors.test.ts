import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CORS_ALLOWED_HEADERS, CORS_MAX_AGE_SEC, corsOriginsFromEnv } from "../../gateway/cors";
import { startGateway, type RunningGateway } from "../../gateway";
import { defaults } from "../../lib/config";
import { MemoryStore } from "../../lib/store";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCatalogue } from "../../subgraphs/catalogue";
import { launchChromium } from "../e2e/support";
import { unlimitedRates } from "./support/gateway-front";

const PORTAL = `http://${defaults.host}:${defaults.ports.portalServiceHall}`;
const EMPLOYMENT = `http://${defaults.host}:${defaults.ports.portalEmployment}`;
const DASHBOARD = `http://${defaults.host}:${defaults.ports.dashboard}`;
const UNKNOWN = "http://evil.example";

let catalogue: RunningSubgraph;
beforeAll(async () => { catalogue = await startCatalogue({ port: 0 }); });
afterAll(async () => { await catalogue.close(); });

const saved = process.env.GATEWAY_CORS_ORIGINS;
afterEach(() => { if (saved === undefined) delete process.env.GATEWAY_CORS_ORIGINS; else process.env.GATEWAY_CORS_ORIGINS = saved; });

async function withGateway<T>(env: string | undefined, run: (url: string) => Promise<T>): Promise<T> {
  if (env === undefined) delete process.env.GATEWAY_CORS_ORIGINS; else process.env.GATEWAY_CORS_ORIGINS = env;
  const gw = await startGateway({ port: 0, store: new MemoryStore(), cacheTtlMs: 0, rateLimits: unlimitedRates, explorer: false, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
  try {
    return await run(`${gw.url}/graphql`);
  } finally {
    await gw.close();
  }
}

const preflight = (url: string, origin: string) => fetch(url, {
  method: "OPTIONS",
  headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,x-purpose" },
});
const request = (url: string, origin: string) => fetch(url, {
  method: "POST",
  // what a browser sends with credentials: "include": the origin and the cookies of the gateway's host
  headers: { origin, "content-type": "application/json", cookie: "a=b" },
  body: JSON.stringify({ query: "{ scenarios { seq name } }" }),
});
function corsHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => { if (name.startsWith("access-control-")) out[name] = value; });
  return out;
}

describe("CORS on /graphql", () => {
  it("answers an allowed origin's preflight with 204, methods, headers and max-age, and its request with credentials", async () => {
    await withGateway(undefined, async (url) => {
      for (const origin of [PORTAL, EMPLOYMENT, DASHBOARD]) {
        const pre = await preflight(url, origin);
        expect([origin, pre.status]).toEqual([origin, 204]);
        expect(pre.headers.get("access-control-allow-origin")).toBe(origin);
        expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
        expect(pre.headers.get("access-control-allow-methods")).toBe("GET,POST");
        expect(pre.headers.get("access-control-allow-headers")!.split(",")).toEqual([...CORS_ALLOWED_HEADERS]);
        expect(pre.headers.get("access-control-max-age")).toBe(String(CORS_MAX_AGE_SEC));
        expect(pre.headers.get("vary")).toMatch(/Origin/);

        const res = await request(url, origin);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { data: { scenarios: unknown[] } }).data.scenarios).toHaveLength(10);
        expect(res.headers.get("access-control-allow-origin")).toBe(origin);
        expect(res.headers.get("access-control-allow-credentials")).toBe("true");
        expect(res.headers.get("access-control-expose-headers")).toBe("retry-after");
        expect(res.headers.get("vary")).toMatch(/Origin/);
      }
    });
  });

  it("gives an unknown origin no CORS header at all; its preflight is refused", async () => {
    await withGateway(undefined, async (url) => {
      const pre = await preflight(url, UNKNOWN);
      expect(pre.status).toBe(405);
      expect(corsHeaders(pre)).toEqual({});
      expect(((await pre.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("BAD_REQUEST");
      const res = await request(url, UNKNOWN);
      expect(corsHeaders(res)).toEqual({});
      expect(res.headers.get("vary")).toMatch(/Origin/);
      // an origin is matched exactly: not by prefix, not with a path, not with another scheme or port
      for (const near of [`${PORTAL}.evil.example`, PORTAL.replace("http:", "https:"), `http://localhost:${defaults.ports.portalServiceHall}`, "null"]) {
        expect([near, corsHeaders(await preflight(url, near))]).toEqual([near, {}]);
      }
      // no Origin (a server, curl): nothing to answer
      const plain = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      expect([plain.status, corsHeaders(plain)]).toEqual([200, {}]);
    });
  });

  it("takes GATEWAY_CORS_ORIGINS in place of the default", async () => {
    const mine = "https://ggfw.rst.example.gov.cn";
    await withGateway(`${mine}, http://127.0.0.1:5999`, async (url) => {
      expect((await preflight(url, mine)).headers.get("access-control-allow-origin")).toBe(mine);
      expect((await request(url, "http://127.0.0.1:5999")).headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5999");
      expect(corsHeaders(await preflight(url, PORTAL))).toEqual({});
    });
    await withGateway("none", async (url) => { expect(corsHeaders(await preflight(url, PORTAL))).toEqual({}); });
  });

  it("refuses to start on a value that is not a list of origins", async () => {
    for (const bad of ["*", "https://a.example/", "https://a.example/path", "a.example", "ftp://a.example"]) {
      expect(() => corsOriginsFromEnv(bad), bad).toThrow(/GATEWAY_CORS_ORIGINS: not an origin/);
    }
    await expect(withGateway("https://a.example/", async () => undefined)).rejects.toThrow(/GATEWAY_CORS_ORIGINS/);
  });
});

describe("CORS in a real browser", () => {
  let app: Server;
  let appOrigin: string;
  beforeAll(async () => {
    // a browser app on its own origin, calling the gateway the way a portal's page would
    app = createServer((_req, res) => { res.setHeader("content-type", "text/html; charset=utf-8"); res.end("<!doctype html><title>app</title>"); });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => app.close(r)); });

  it("lets the configured origin's page call the gateway with credentials and an Authorization header; another origin's is blocked", async () => {
    await withGateway(appOrigin, async (url) => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const call = (target: string) => page.evaluate(async (u) => {
          try {
            const res = await fetch(u, { method: "POST", credentials: "include", headers: { "content-type": "application/json", authorization: "Bearer x", "x-purpose": "test" }, body: JSON.stringify({ query: "{ __typename }" }) });
            return { status: res.status, body: await res.text() };
          } catch (err) {
            return { failed: String(err) };
          }
        }, target);
        await page.goto(`${appOrigin}/`);
        // the preflight passed (Authorization and X-Purpose are not safelisted) and the answer is readable
        expect(await call(url)).toEqual({ status: 200, body: JSON.stringify({ data: { __typename: "Query" } }) + "\n" });
        // the same page served from another origin (localhost is not 127.0.0.1): the browser stops it
        await page.goto(`${appOrigin.replace("127.0.0.1", "localhost")}/`);
        expect(await call(url)).toEqual({ failed: expect.stringMatching(/Failed to fetch/) });
      } finally {
        await browser.close();
      }
    });
  });
});
