import { graphql } from "graphql";
import { describe, expect, it } from "vitest";
import { dataAccessSchema } from "../gateway/data-access.schema";
import { AuditLog, subjectRef, type AuditEvent } from "./audit";
import { accessKey, listDataAccess } from "./data-access";
import type { Principal } from "./principal";
import { MemoryStore } from "./store";

const HER = "11010519491231002X";
const OTHER = "110105194912310029";
const her: Principal = { kind: "citizen", subject: "c-1", idNumber: HER };
const auditorP: Principal = { kind: "staff", subject: "auditor-li", roles: ["auditor"], agency: "kuaiban", region: "省本级" };
const operator: Principal = { kind: "staff", subject: "wang.datong", roles: ["operator"], agency: "social-insurance", region: "大同市" };

const read = (over: Partial<AuditEvent>): AuditEvent => ({
  action: "graphql.query", actor: "x", actorKind: "partner", outcome: "ok", subjects: [subjectRef(HER)], systems: ["social-insurance"], fields: ["Person.name"], ...over,
});

async function setup(n = 0) {
  const store = new MemoryStore();
  const log = new AuditLog(store, { chain: "t" });
  for (let i = 0; i < n; i++) await log.append(read({ department: "民政厅", purpose: `p${i}`, requestId: `r${i}` }));
  const schema = dataAccessSchema({ store });
  const run = (principal: Principal | undefined, source: string, variableValues?: Record<string, unknown>) =>
    graphql({ schema, source, variableValues, contextValue: { principal, requestId: "req" } }) as Promise<{ data?: any; errors?: readonly { extensions: { code?: unknown } }[] }>;
  return { store, log, run };
}

const PAGE = `query($first: Int, $after: String) { myDataAccess(first: $first, after: $after) {
  nodes { id at actorKind actor department purpose caseId systems fields sealedUntil } edges { cursor node { purpose } } pageInfo { endCursor hasNextPage } } }`;

describe("the data-access index", () => {
  it("indexes every read under each person's pseudonym, never her ID number", async () => {
    const { store, log } = await setup();
    await log.append(read({ subjects: [subjectRef(HER), subjectRef(OTHER)], actorKind: "staff", actor: "wang.datong", role: "operator", department: "social-insurance", office: "大同市", purpose: "稽核" }));
    const keys = await store.keys("kb:access:*");
    expect(keys.sort()).toEqual([accessKey(subjectRef(HER)), accessKey(subjectRef(OTHER)), "kb:access:entry:t#1"].sort());
    expect(keys.join()).not.toContain("110105");
    const page = await listDataAccess(store, subjectRef(OTHER), { audience: "citizen" });
    expect(page.nodes).toHaveLength(1);
    expect(page.nodes[0]).toMatchObject({ actorKind: "staff", actor: "后台经办 operator · 大同市", department: "social-insurance", purpose: "稽核" });
    expect(JSON.stringify(page)).not.toContain("wang.datong");
  });

  it("does not index sign-in events or reads that returned nobody", async () => {
    const { store, log } = await setup();
    await log.append(read({ action: "login.failure", subjects: [subjectRef(`login:${HER}`)] }));
    await log.append(read({ subjects: [] }));
    expect(await store.keys("kb:access:*")).toEqual([]);
  });

  it("pages newest first without repeating or skipping, also when reads share a millisecond", async () => {
    const { run } = await setup(25);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const r = await run(her, PAGE, { first: 7, after });
      expect(r.errors).toBeUndefined();
      const c = r.data.myDataAccess;
      seen.push(...c.nodes.map((n: { purpose: string }) => n.purpose));
      expect(c.edges.map((e: { node: { purpose: string } }) => e.node.purpose)).toEqual(c.nodes.map((n: { purpose: string }) => n.purpose));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `p${24 - i}`));
  });

  it("shows the citizen only her own reads, by partner department, with purpose and systems", async () => {
    const { run, log } = await setup(1);
    await log.append(read({ subjects: [subjectRef(OTHER)], purpose: "not hers" }));
    const r = await run(her, PAGE, { first: 10 });
    expect(r.data.myDataAccess.nodes).toEqual([expect.objectContaining({ actorKind: "partner", actor: "合作部门 partner · 民政厅", department: "民政厅", purpose: "p0", systems: ["social-insurance"], fields: ["Person.name"], sealedUntil: null })]);
    expect(r.data.myDataAccess.nodes[0].at).toMatch(/\+08:00$/);
  });

  it("refuses anyone but the citizen herself, and anyone but auditors for another person", async () => {
    const { run } = await setup(1);
    expect((await run(undefined, PAGE)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect((await run(operator, PAGE)).errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    const theirs = `{ dataAccess(idNumber: "${HER}") { nodes { purpose } } }`;
    expect((await run(her, theirs)).errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect((await run(operator, theirs)).errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect((await run(undefined, theirs)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect((await run(auditorP, theirs)).data.dataAccess.nodes).toEqual([{ purpose: "p0" }]);
    expect((await run(auditorP, `{ dataAccess(idNumber: "110105194912310021") { nodes { purpose } } }`)).errors?.[0]?.extensions.code).toBe("INVALID_ID_NUMBER");
    expect((await run(her, PAGE, { first: 1000 })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect((await run(her, PAGE, { after: "garbage" })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("hides a sealed read from the citizen until its seal date; auditors always see it", async () => {
    const store = new MemoryStore();
    const log = new AuditLog(store, { chain: "s" });
    await log.append(read({ purpose: "open" }));
    await log.append(read({ purpose: "investigation", caseId: "JC-7" }));
    let now = new Date("2026-12-01T10:00:00+08:00");
    const schema = dataAccessSchema({ store, now: () => now });
    const run = (principal: Principal, source: string, variableValues?: Record<string, unknown>) =>
      graphql({ schema, source, variableValues, contextValue: { principal, requestId: "r" } }) as Promise<{ data?: any; errors?: readonly { extensions: { code?: unknown } }[] }>;
    const audit = await run(auditorP, `{ dataAccess(idNumber: "${HER}") { nodes { id purpose } } }`);
    const id = audit.data.dataAccess.nodes.find((n: { purpose: string }) => n.purpose === "investigation").id;
    const SEAL = `mutation($id: ID!, $until: Date!, $reason: String!) { sealDataAccess(recordId: $id, until: $until, reason: $reason) { purpose sealedUntil } }`;
    expect((await run(her, SEAL, { id, until: "2027-03-01", reason: "案件调查" })).errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect((await run(auditorP, SEAL, { id, until: "2026-11-30", reason: "past" })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect((await run(auditorP, SEAL, { id: "bm8", until: "2027-03-01", reason: "x" })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    const sealed = await run(auditorP, SEAL, { id, until: "2027-03-01", reason: "案件调查" });
    expect(sealed.data.sealDataAccess).toEqual({ purpose: "investigation", sealedUntil: "2027-03-01" });

    const mine = async () => (await run(her, PAGE)).data.myDataAccess.nodes.map((n: { purpose: string }) => n.purpose);
    expect(await mine()).toEqual(["open"]);
    const all = await run(auditorP, `{ dataAccess(idNumber: "${HER}") { nodes { purpose sealedUntil } } }`);
    expect(all.data.dataAccess.nodes).toEqual([{ purpose: "investigation", sealedUntil: "2027-03-01" }, { purpose: "open", sealedUntil: null }]);
    now = new Date("2027-02-28T23:59:00+08:00");
    expect(await mine()).toEqual(["open"]);
    now = new Date("2027-03-01T00:00:30+08:00"); // the seal date has begun in China
    expect(await mine()).toEqual(["investigation", "open"]);
  });
});
