import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "./store";
import { AuditLog, AUDIT_STREAM, auditKeys, recordsOf } from "./audit";
import { exportAudit, parseDuration, readManifests, verifyArchive } from "./audit-archive";

const event = (i: number) => ({ action: "graphql.query", actor: "u1", actorKind: "partner", outcome: "ok" as const, detail: { i } });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** Two chains: three records each, a moment, then two more each; exported up to the moment. */
async function exported() {
  const store = new MemoryStore();
  const dir = mkdtempSync(join(tmpdir(), "kb-audit-"));
  dirs.push(dir);
  const a = new AuditLog(store, { chain: "a" });
  const b = new AuditLog(store, { chain: "b" });
  for (let i = 0; i < 3; i++) { void a.append(event(i)); void b.append(event(i)); }
  await a.flush(); await b.flush();
  await pause(5);
  const moment = Date.now();
  await pause(5);
  for (let i = 3; i < 5; i++) { void a.append(event(i)); void b.append(event(i)); }
  await a.flush(); await b.flush();
  const done = await exportAudit(store, { dir, olderThanMs: 0, now: moment });
  return { store, dir, a, b, done, moment };
}

describe("audit retention: signed export files and the stream as one sequence", () => {
  it("parses retention ages", () => {
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("90s")).toBe(90_000);
    expect(() => parseDuration("soon")).toThrow(/duration/);
  });

  it("exports records older than the age, trims them, and verifies files and stream together", async () => {
    const { store, dir, a, done } = await exported();
    expect(done.records).toBe(6);
    expect(done.chains).toEqual({ a: expect.objectContaining({ first: 1, last: 3 }), b: expect.objectContaining({ first: 1, last: 3 }) });
    expect(recordsOf(await store.xrange(AUDIT_STREAM)).map((r) => `${r.chain}#${r.seq}`).sort()).toEqual(["a#4", "a#5", "b#4", "b#5"]);
    expect(await verifyArchive(store, { dir })).toMatchObject({ ok: true, records: 10, files: 1, problems: [] });
    // the stream alone starts each chain after its signed trim mark
    expect(await verifyArchive(store)).toMatchObject({ ok: true, records: 4 });
    // appends continue the chain; a second export chains its manifest to the first
    await a.append(event(9));
    await pause(2);
    const second = await exportAudit(store, { dir, olderThanMs: 0, now: Date.now() + 1 });
    expect(second.records).toBe(5);
    expect(readManifests(dir)).toHaveLength(2);
    expect(await verifyArchive(store, { dir })).toMatchObject({ ok: true, records: 11, files: 2 });
    expect(await store.xlen(AUDIT_STREAM)).toBe(0);
    expect(await verifyArchive(store)).toMatchObject({ ok: true, records: 0 });
  });

  it("names the record edited in a file, even with the file's sha256 recomputed", async () => {
    const { store, dir } = await exported();
    const [{ path, manifest }] = readManifests(dir);
    const file = join(dir, manifest!.file);
    const lines = readFileSync(file, "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes('"chain":"b"') && l.includes('"seq":2'));
    lines[i] = lines[i]!.replace('"actor":"u1"', '"actor":"u9"');
    const content = lines.join("\n");
    writeFileSync(file, content);
    const result = await verifyArchive(store, { dir });
    expect(result.firstBad).toMatch(/contents do not match the signed manifest/);
    writeFileSync(path!, JSON.stringify({ ...manifest, sha256: createHash("sha256").update(content).digest("hex") }));
    const again = await verifyArchive(store, { dir });
    expect(again.problems[0]).toMatch(/the manifest is not signed with the audit key/);
    expect(again.problems).toContain(`b#2: content does not match its keyed hash (edited, or re-chained without the audit key) [${manifest!.file}:${i + 1}]`);
  });

  it("detects a removed export file: the stream no longer follows on", async () => {
    const { store, dir } = await exported();
    for (const f of readdirSync(dir)) rmSync(join(dir, f));
    const result = await verifyArchive(store, { dir });
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatch(/^a#1: missing \(the chain jumps from #0 to #4\)/);
  });

  it("detects records removed from the stream after the export", async () => {
    const { store, dir } = await exported();
    const ids = (await store.xrange(AUDIT_STREAM)).filter((e) => e.fields.record!.includes('"chain":"a"')).map((e) => e.id);
    await store.xdel(AUDIT_STREAM, ids[0]!);
    expect((await verifyArchive(store, { dir })).firstBad).toMatch(/^a#4: missing \(the chain jumps from #3 to #5\)/);
    await store.xdel(AUDIT_STREAM, ids[1]!);
    expect((await verifyArchive(store, { dir })).firstBad).toMatch(/^a#4: missing \(the signed checkpoint names #5; the records end at #3: tail cut\)/);
  });

  it("accepts an export that stopped before trimming (records both in a file and in the stream)", async () => {
    const { store, dir } = await exported();
    const [{ manifest }] = readManifests(dir);
    // put the exported records back, as if the trim had not happened
    const copy = new MemoryStore();
    for (const line of readFileSync(join(dir, manifest!.file), "utf8").split("\n").filter(Boolean)) await copy.xadd(AUDIT_STREAM, { record: line });
    for (const e of await store.xrange(AUDIT_STREAM)) await copy.xadd(AUDIT_STREAM, e.fields);
    const keys = auditKeys();
    await copy.hset(keys.heads, await store.hgetall(keys.heads));
    await copy.hset(keys.trimmed, await store.hgetall(keys.trimmed));
    await copy.sadd(keys.chains, ...(await store.smembers(keys.chains)));
    expect(await verifyArchive(copy, { dir })).toMatchObject({ ok: true });
    expect(await verifyArchive(copy)).toMatchObject({ ok: true });
  });
});
