import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credOf, signIn, startStack, TestBrowser, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

/**
 * The portal's 「我的数据被谁查看」 page against a gateway stand-in that answers `myDataAccess`
 * with the shape the gateway gives: what the page asks, with whose token, and how it shows it.
 */
/** The stitched schema as the gateway emits it (checked against the code by the SDL drift test). */
const gatewaySchema = buildSchema(readFileSync("schema/sdl/gateway.graphql", "utf8"), { assumeValidSDL: true });
const store = sharedTestStore();
let stack: Stack;
let gateway: Server;
const asked: { query: string; variables?: Record<string, unknown>; authorization?: string }[] = [];
let answer: (variables?: Record<string, unknown>) => unknown = () => ({ data: { myDataAccess: { nodes: [], pageInfo: { endCursor: null, hasNextPage: false } } } });

const records = [
  { id: "r3", at: "2026-12-01T02:30:05.000Z", actorKind: "partner", actor: "partner-yibao", department: "省医疗保障局", purpose: "医保待遇核验", caseId: "YB-2026-0042", systems: ["social-insurance"], fields: ["Person.name", "Enrolment.status"] },
  { id: "r2", at: "2026-11-30T09:00:00.000Z", actorKind: "STAFF", actor: "operator@太原市", department: "employment", purpose: "<script>alert(1)</script>", caseId: null, systems: ["employment", "card"], fields: ["Person.name"] },
  { id: "r1", at: "2026-11-29T01:00:00.000Z", actorKind: "citizen", actor: "acc_self", department: null, purpose: null, caseId: null, systems: ["personnel"], fields: [] },
];

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      const parsed = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
      asked.push({ ...parsed, authorization: req.headers.authorization });
      const result = parsed.query.includes("myDataAccess") ? answer(parsed.variables) : { data: { person: null } };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  stack = await startStack(store, { gatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql` });
});
afterAll(async () => {
  await stack?.close();
  await new Promise((r) => gateway?.close(r));
  await store.close();
});

describe("我的数据被谁查看", () => {
  it("links from the service hall's home page and shows every read, newest first, in the resident's words", async () => {
    answer = (v) => ({ data: { myDataAccess: { nodes: v?.after ? [records[2]] : records.slice(0, 2), pageInfo: v?.after ? { endCursor: "c3", hasNextPage: false } : { endCursor: "c2", hasNextPage: true } } } });
    const b = new TestBrowser();
    const citizen = credOf(stack.creds, "citizen", 10);
    const home = await signIn(b, stack.portals[0]!.url, citizen);
    expect(home.body).toContain('id="data-access-link" href="/data-access"');
    asked.length = 0;
    const page = await b.go(`${stack.portals[0]!.url}/data-access`);
    expect(page.status).toBe(200);
    // a query the gateway's schema accepts, for the first page, with the resident's own token
    expect(validate(gatewaySchema, parse(asked[0]!.query)).map((e) => e.message)).toEqual([]);
    expect(asked[0]!.variables).toEqual({ after: null });
    expect(asked[0]!.authorization).toMatch(/^Bearer eyJ/);
    const rows = [...page.body.matchAll(/<tr class="data-access-record" data-id="([^"]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(["r3", "r2"]);
    const first = rows[0]![2]!;
    expect(first).toContain("2026-12-01 10:30:05"); // Beijing time
    expect(first).toMatch(/合作部门 partner-yibao（省医疗保障局）/);
    expect(first).toContain("医保待遇核验");
    expect(first).toContain("YB-2026-0042");
    expect(first).toContain("社会保险经办");
    // the data by name, never its schema coordinate
    expect(first).toContain("姓名、其他信息");
    expect(first).not.toContain("Person.name");
    const second = rows[1]![2]!;
    // roles and agencies by name, never their codes
    expect(second).toContain("工作人员 业务经办人员@太原市（公共就业服务机构）");
    expect(second).toContain("公共就业服务机构、社会保障卡服务机构");
    expect(second).not.toContain("<script>");
    expect(second).toContain("&lt;script&gt;");
    // older entries on the next page
    expect(page.body).toContain('id="data-access-more" href="/data-access?after=c2"');
    const older = await b.go(`${stack.portals[0]!.url}/data-access?after=c2`);
    expect(asked.at(-1)!.variables).toEqual({ after: "c2" });
    expect(older.body).toContain('data-id="r1"');
    expect(older.body).toMatch(/<td class="actor">本人<\/td>/);
    expect(older.body).not.toContain("data-access-more");
  });

  it("says so when nobody has read her data, and when the gateway does not answer", async () => {
    const b = new TestBrowser();
    await signIn(b, stack.portals[0]!.url, credOf(stack.creds, "citizen", 11));
    answer = () => ({ data: { myDataAccess: { nodes: [], pageInfo: { endCursor: null, hasNextPage: false } } } });
    expect((await b.go(`${stack.portals[0]!.url}/data-access`)).body).toContain("暂无记录：还没有人通过快办平台查看过您的数据。");
    answer = () => ({ data: null, errors: [{ message: "x", extensions: { code: "AUDIT_UNAVAILABLE" } }] });
    const down = await b.go(`${stack.portals[0]!.url}/data-access`);
    expect(down.body).toContain('id="data-access-unavailable"');
    expect(down.body).toContain("AUDIT_UNAVAILABLE");
  });

  it("asks the gateway nothing for an employer operator, who has no reads of her own to see", async () => {
    const b = new TestBrowser();
    await signIn(b, stack.portals[0]!.url, credOf(stack.creds, "employer", 2));
    asked.length = 0;
    const page = await b.go(`${stack.portals[0]!.url}/data-access`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="data-access-empty"');
    expect(asked.filter((a) => a.query.includes("myDataAccess"))).toEqual([]);
  });

  it("sends a signed-out visitor to sign in, and is not offered on the other portal", async () => {
    const stranger = new TestBrowser();
    const res = await stranger.request(`${stack.portals[0]!.url}/data-access`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    const b = new TestBrowser();
    await signIn(b, stack.portals[0]!.url, credOf(stack.creds, "citizen", 10));
    const other = await b.go(`${stack.portals[1]!.url}/`);
    expect(other.body).not.toContain("data-access-link");
    expect((await b.go(`${stack.portals[1]!.url}/data-access`)).status).toBe(404);
  });
});
