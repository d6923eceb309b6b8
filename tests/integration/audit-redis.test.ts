import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { execFile } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataAccessSchema } from "../../gateway/data-access.schema";
import type { GatewayContext } from "../../gateway/context";
import { AuditLog, auditKeys, recordsOf, subjectRef, type AuditEvent } from "../../lib/audit";
import { verifyArchive } from "../../lib/audit-archive";
import { formatError } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import { RedisStore } from "../../lib/store";
import { withIdNumberCheck } from "../../schema/scalars/id-number";
import { codes, gql } from "../support/graphql";
import { ownRedis } from "../support/own-redis";
import { withoutStoreSettings } from "../support/store";

const run = promisify(execFile);
// a Redis of this file's own: one test makes it refuse writes (maxmemory), which must never reach
// the Redis other tests and processes share
const redis = await ownRedis();
const redisUrl = redis.url;

/** A valid ID number no other test uses. */
const someone = () =>
  withIdNumberCheck(`110105${randomInt(1950, 2000)}${String(randomInt(1, 13)).padStart(2, "0")}${String(randomInt(1, 29)).padStart(2, "0")}${String(randomInt(0, 1000)).padStart(3, "0")}`);

describe("the audit on a real Redis", () => {
  const store = new RedisStore(redisUrl);
  const tag = `kb:test:audit:${randomUUID()}`;
  const stream = `${tag}:stream`;
  const chain = `it-${randomUUID().slice(0, 8)}`;
  const log = new AuditLog(store, { chain, stream });
  const hers = someone();
  const auditor: Principal = { kind: "staff", subject: "auditor-zhao", roles: ["auditor"], agency: "kuaiban", region: "省本级" };
  const citizen: Principal = { kind: "citizen", subject: `c-${chain}`, idNumber: hers };
  let now = new Date();
  let server: ApolloServer<GatewayContext>;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), "kb-audit-it-"));

  const read = (over: Partial<AuditEvent>): AuditEvent => ({
    action: "graphql.query", actor: "key-1", actorKind: "partner", outcome: "ok", department: "民政厅", subjects: [subjectRef(hers)], systems: ["social-insurance"], fields: ["Person.name", "Person.enrolments"], ...over,
  });
  const as = (p: Principal | undefined): Record<string, string> => (p ? { "x-test-principal": Buffer.from(JSON.stringify(p)).toString("base64url") } : {});

  beforeAll(async () => {
    // a server of the tracker alone, the gateway's context built from a test header
    server = new ApolloServer<GatewayContext>({ schema: dataAccessSchema({ store, now: () => now }), formatError });
    ({ url } = await startStandaloneServer(server, {
      listen: { port: 0, host: "127.0.0.1" },
      context: async ({ req }) => ({ principal: req.headers["x-test-principal"] ? JSON.parse(Buffer.from(String(req.headers["x-test-principal"]), "base64url").toString()) : undefined, requestId: randomUUID() }),
    }));
  });
  afterAll(async () => {
    await server.stop();
    const k = auditKeys(stream);
    const mine = [stream, k.heads, k.chains, k.trimmed, `kb:access:{${subjectRef(hers)}}`, ...(await store.keys(`kb:access:entry:${chain}#*`)), ...(await store.keys(`kb:access:seal:${chain}#*`))];
    await store.del(...mine);
    await store.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rejects an append while Redis refuses writes, writes nothing, and goes on intact after", async () => {
    await log.append(read({ purpose: "before" }));
    const [, maxmemory] = (await store.redis.config("GET", "maxmemory")) as [string, string];
    const [, policy] = (await store.redis.config("GET", "maxmemory-policy")) as [string, string];
    await store.redis.config("SET", "maxmemory-policy", "noeviction");
    await store.redis.config("SET", "maxmemory", "1");
    try {
      await expect(log.append(read({ purpose: "refused" }))).rejects.toThrow(/OOM|EXECABORT/);
      await expect(log.append(read({ purpose: "refused too" }))).rejects.toThrow(/OOM|EXECABORT/);
    } finally {
      await store.redis.config("SET", "maxmemory", maxmemory);
      await store.redis.config("SET", "maxmemory-policy", policy);
    }
    await log.append(read({ purpose: "after" }));
    const records = recordsOf(await store.xrange(stream));
    expect(records.map((r) => [r.seq, r.purpose])).toEqual([[1, "before"], [2, "after"]]);
    expect(await verifyArchive(store, { stream })).toMatchObject({ ok: true, records: 2, chains: 1 });
  });

  it("pages a citizen's reads newest first over HTTP, and only hers", async () => {
    for (let i = 0; i < 12; i++) void log.append(read({ purpose: `check ${i}`, caseId: `MZ-${i}` }));
    await log.flush();
    const Q = `query($after: String) { myDataAccess(first: 5, after: $after) { nodes { actor purpose caseId systems fields } pageInfo { endCursor hasNextPage } } }`;
    const purposes: string[] = [];
    let after: string | null = null;
    type Page = { myDataAccess: { nodes: { purpose: string; actor: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    for (;;) {
      const r: Awaited<ReturnType<typeof gql<Page>>> = await gql<Page>(url, Q, { after }, as(citizen));
      expect(r.status).toBe(200);
      purposes.push(...r.data!.myDataAccess.nodes.map((n) => n.purpose));
      expect(r.data!.myDataAccess.nodes.every((n) => n.actor === "合作部门 partner · 民政厅")).toBe(true);
      if (!r.data!.myDataAccess.pageInfo.hasNextPage) break;
      after = r.data!.myDataAccess.pageInfo.endCursor;
    }
    expect(purposes).toEqual([...Array.from({ length: 12 }, (_, i) => `check ${11 - i}`), "after", "before"]);
    expect(codes(await gql(url, Q, {}, {}))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await gql(url, `{ dataAccess(idNumber: "${hers}") { nodes { purpose } } }`, {}, as(citizen)))).toEqual(["FORBIDDEN"]);
  });

  it("hides a sealed read from the citizen until its seal date, while the auditor sees it", async () => {
    await log.append(read({ purpose: "under investigation", caseId: "JC-2026-9" }));
    const A = `{ dataAccess(idNumber: "${hers}", first: 3) { nodes { id purpose sealedUntil } } }`;
    const before = await gql<{ dataAccess: { nodes: { id: string; purpose: string }[] } }>(url, A, {}, as(auditor));
    const target = before.data!.dataAccess.nodes.find((n) => n.purpose === "under investigation")!;
    const until = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const sealed = await gql(url, `mutation($id: ID!, $until: Date!) { sealDataAccess(recordId: $id, until: $until, reason: "纪检调查") { purpose sealedUntil } }`, { id: target.id, until }, as(auditor));
    expect(sealed.data).toEqual({ sealDataAccess: { purpose: "under investigation", sealedUntil: until } });

    const M = `{ myDataAccess(first: 2) { nodes { purpose sealedUntil } } }`;
    const mine = async () => (await gql<{ myDataAccess: { nodes: { purpose: string }[] } }>(url, M, {}, as(citizen))).data!.myDataAccess.nodes.map((n) => n.purpose);
    expect(await mine()).toEqual(["check 11", "check 10"]);
    expect((await gql(url, A, {}, as(auditor))).data).toMatchObject({ dataAccess: { nodes: [{ purpose: "under investigation", sealedUntil: until }, { purpose: "check 11", sealedUntil: null }, { purpose: "check 10" }] } });
    now = new Date(`${until}T00:00:01+08:00`);
    expect(await mine()).toEqual(["under investigation", "check 11"]);
  });

  it("exports to signed files and trims; the CLI verifies files and stream and names the first bad record", async () => {
    const cli = (...args: string[]) => run("npx", ["tsx", "scripts/audit.ts", ...args, "--stream", stream], { env: { ...withoutStoreSettings(process.env), REDIS_URL: redisUrl } })
      .then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));
    const total = await store.xlen(stream);
    const exported = await cli("export", "--dir", dir, "--older-than", "0s");
    expect(exported.out).toMatch(new RegExp(`exported ${total} records of 1 chains`));
    expect(await store.xlen(stream)).toBe(0);
    await log.append(read({ purpose: "after export" }));
    await log.append(read({ purpose: "one more" }));
    expect(await cli("verify", "--dir", dir)).toMatchObject({ code: 0, out: expect.stringMatching(/intact/) });
    expect(await cli("verify")).toMatchObject({ code: 0 });
    // cut the tail: the signed checkpoint still names the last record
    const last = (await store.xrange(stream)).at(-1)!;
    await store.xdel(stream, last.id);
    const broken = await cli("verify", "--dir", dir);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`first bad record: ${chain}#${total + 2}: missing (the signed checkpoint names #${total + 2}`);
  }, 90_000);
});
