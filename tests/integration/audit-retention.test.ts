import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuditLog, auditKeys } from "../../lib/audit";
import { verifyArchive } from "../../lib/audit-archive";
import { runAuditRetention, startAuditRetention } from "../../lib/audit-retention";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
const streams: string[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const stream of streams) {
    const keys = [stream, ...Object.values(auditKeys(stream)), `${stream}:retention-lock{${stream}}`];
    await store.del(...keys);
  }
  await store.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const event = (i: number) => ({ action: "graphql.query", actor: "u1", actorKind: "partner", outcome: "ok" as const, detail: { i } });

async function filled(records: number) {
  const stream = `kb:test:audit-retention:${randomUUID().slice(0, 8)}`;
  streams.push(stream);
  const dir = mkdtempSync(join(tmpdir(), "kb-retention-"));
  dirs.push(dir);
  const a = new AuditLog(store, { chain: "a", stream });
  const b = new AuditLog(store, { chain: "b", stream });
  for (let i = 0; i < records; i++) void (i % 2 ? a : b).append(event(i));
  await a.flush();
  await b.flush();
  return { stream, dir, a, b };
}

describe("the audit stream bounded by retention", () => {
  it("moves everything past the age to signed files of bounded size, trims it, and verifies as one sequence", async () => {
    const { stream, dir, a } = await filled(230);
    const cutoff = Date.now() + 1;
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 7; i++) void a.append(event(1000 + i)); // newer than the age: stays live
    await a.flush();
    const round = await runAuditRetention(store, { dir, stream, olderThanMs: 0, fileRecords: 100, now: () => cutoff });
    expect(round).toMatchObject({ ran: true, records: 230 });
    expect(round.files).toHaveLength(3);
    expect(readdirSync(dir).filter((f) => f.endsWith(".jsonl"))).toHaveLength(3);
    expect(await store.xlen(stream)).toBe(7);
    const verified = await verifyArchive(store, { stream, dir });
    expect(verified).toMatchObject({ ok: true, records: 237, files: 3 });
  });

  it("lets one instance do a round while another holds the lock, and exports every record once", async () => {
    const { stream, dir } = await filled(120);
    const now = () => Date.now() + 1;
    const [one, two] = await Promise.all([
      runAuditRetention(store, { dir, stream, olderThanMs: 0, fileRecords: 50, now }),
      runAuditRetention(store, { dir, stream, olderThanMs: 0, fileRecords: 50, now }),
    ]);
    expect([one.ran, two.ran].sort()).toEqual([false, true]);
    expect(one.records + two.records).toBe(120);
    expect(await store.xlen(stream)).toBe(0);
    expect(await verifyArchive(store, { stream, dir })).toMatchObject({ ok: true, records: 120 });
    // the lock is given back: the next round runs (and finds nothing)
    expect(await runAuditRetention(store, { dir, stream, olderThanMs: 0, now })).toMatchObject({ ran: true, records: 0 });
  });

  it("runs on its schedule when AUDIT_ARCHIVE_DIR is given, and not at all without one", async () => {
    const { stream, dir } = await filled(10);
    const stopNone = startAuditRetention(store, { dir: "", stream });
    stopNone();
    expect(await store.xlen(stream)).toBe(10);
    const stop = startAuditRetention(store, { dir, stream, olderThanMs: 0, now: () => Date.now() + 1, everyMs: 60_000 });
    try {
      // the first round starts at once
      for (let i = 0; i < 100 && (await store.xlen(stream)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await store.xlen(stream)).toBe(0);
    } finally {
      stop();
    }
  });
});
