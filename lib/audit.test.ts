import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryStore, type AtomicWrite } from "./store";
import { AuditLog, AUDIT_STREAM, auditKeys, canonicalJson, recordsOf, signCheckpoint, subjectRef, verifyAudit, type AuditRecord } from "./audit";

const event = (i: number) => ({ action: "graphql.query", actor: "u1", actorKind: "citizen", outcome: "ok" as const, detail: { i } });

async function twoChains(store = new MemoryStore(), stream = AUDIT_STREAM) {
  const a = new AuditLog(store, { chain: "a", stream });
  const b = new AuditLog(store, { chain: "b", stream });
  for (let i = 0; i < 5; i++) {
    void a.append(event(i));
    void b.append({ action: "login.success", actor: "u2", actorKind: "staff", outcome: "ok" });
  }
  await a.flush();
  await b.flush();
  return { store, a, b };
}

async function stateOf(store: MemoryStore, stream = AUDIT_STREAM) {
  const keys = auditKeys(stream);
  return {
    records: recordsOf(await store.xrange(stream)),
    checkpoints: await store.hgetall(keys.heads),
    registry: await store.smembers(keys.chains),
  };
}

/** Today's unkeyed scheme: what anyone can recompute. */
function sha256Rechain(records: AuditRecord[], chain: string, fromSeq: number): AuditRecord[] {
  let prev = "";
  return records.map((r) => {
    if (r.chain !== chain || r.seq < fromSeq) return r;
    const base = { ...r, prev: r.seq === fromSeq ? r.prev : prev };
    const { hash: _h, ...rest } = base;
    const hash = createHash("sha256").update(base.prev).update(canonicalJson(rest)).digest("hex");
    prev = hash;
    return { ...base, hash };
  });
}

describe("audit log", () => {
  it("keeps one intact, checkpointed chain per writer", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    expect(verifyAudit(s.records, s)).toMatchObject({ ok: true, chains: 2, records: 10, problems: [] });
    expect(s.registry.sort()).toEqual(["a", "b"]);
    expect(JSON.parse(s.checkpoints.a!)).toMatchObject({ chain: "a", seq: 5 });
  });

  it("names the edited record when later hashes are recomputed without the key", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    const edited = s.records.map((r) => (r.chain === "a" && r.seq === 3 ? { ...r, actor: "someone-else" } : r));
    const rechained = sha256Rechain(edited, "a", 3);
    const result = verifyAudit(rechained, s);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toBe("a#3: content does not match its keyed hash (edited, or re-chained without the audit key)");
    // the recomputed successors fail too, and the head no longer matches the signed checkpoint
    expect(result.problems).toContain("a#5: does not match the signed checkpoint");
    expect(result.details.every((p) => p.chain === "a")).toBe(true);
  });

  it("names the edited record even when only its own hash is replaced", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    const edited = s.records.map((r) => (r.chain === "b" && r.seq === 2 ? { ...r, outcome: "denied" as const } : r));
    expect(verifyAudit(edited, s).firstBad).toMatch(/^b#2: content does not match/);
    const withField = s.records.map((r) => (r.chain === "b" && r.seq === 4 ? { ...r, extra: "x" } : r));
    expect(verifyAudit(withField as AuditRecord[], s).firstBad).toMatch(/^b#4: content does not match/);
  });

  it("detects a cut tail from the signed checkpoint", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    const cut = s.records.filter((r) => !(r.chain === "a" && r.seq >= 4));
    expect(verifyAudit(cut).ok).toBe(true); // the chain alone cannot tell
    const result = verifyAudit(cut, s);
    expect(result.problems).toEqual(["a#4: missing (the signed checkpoint names #5; the records end at #3: tail cut)"]);
  });

  it("detects a dropped chain, with or without its checkpoint", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    const dropped = s.records.filter((r) => r.chain !== "b");
    expect(verifyAudit(dropped, s).problems).toEqual(["b#1: missing, and every record up to #5 the signed checkpoint names (dropped chain)"]);
    const { b: _gone, ...heads } = s.checkpoints;
    expect(verifyAudit(dropped, { ...s, checkpoints: heads }).problems).toEqual(["b: is registered, but its checkpoint and all its records are gone (dropped chain)"]);
  });

  it("detects a gap and a repeat, naming the first missing record", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    expect(verifyAudit(s.records.filter((r) => !(r.chain === "b" && r.seq === 2)), s).firstBad).toMatch(/^b#2: missing \(the chain jumps from #1 to #3\)/);
    const a = s.records.filter((r) => r.chain === "a");
    expect(verifyAudit([a[1]!, a[0]!, ...a.slice(2)]).firstBad).toMatch(/^a#1: missing/);
  });

  it("detects a forged or edited checkpoint and a checkpoint rolled back", async () => {
    const { store } = await twoChains();
    const s = await stateOf(store);
    const cp = JSON.parse(s.checkpoints.a!);
    const forged = { ...s.checkpoints, a: JSON.stringify({ ...cp, seq: 3 }) };
    expect(verifyAudit(s.records, { ...s, checkpoints: forged }).problems).toEqual(["a: its checkpoint is not signed with the audit key (forged or edited)"]);
    const cut = s.records.filter((r) => !(r.chain === "a" && r.seq >= 4));
    const unsigned = { ...s.checkpoints, a: JSON.stringify({ ...cp, seq: 3, hash: cut.filter((r) => r.chain === "a").at(-1)!.hash }) };
    expect(verifyAudit(cut, { ...s, checkpoints: unsigned }).ok).toBe(false);
    // an old, genuinely signed head with the records after it left in place
    const a3 = s.records.find((r) => r.chain === "a" && r.seq === 3)!;
    const old = { ...s.checkpoints, a: JSON.stringify(signCheckpoint({ chain: "a", seq: 3, hash: a3.hash, at: a3.at })) };
    expect(verifyAudit(s.records, { ...s, checkpoints: old }).firstBad).toMatch(/^a#4: beyond the signed checkpoint #3/);
  });

  it("covers the new fields with the hash", async () => {
    const store = new MemoryStore();
    const log = new AuditLog(store, { chain: "c" });
    await log.append({ ...event(1), department: "民政厅", purpose: "低保核查", caseId: "MZ-1", role: "operator", office: "大同市", operationHash: "abc", systems: ["social-insurance"], fields: ["Person.name"], subjects: [subjectRef("11010519491231002X")] });
    const s = await stateOf(store);
    expect(verifyAudit(s.records, s).ok).toBe(true);
    for (const change of [{ purpose: "其他" }, { systems: [] }, { fields: ["Person.name", "Person.birthDate"] }, { caseId: undefined }, { subjects: [] }]) {
      const edited = s.records.map((r) => ({ ...r, ...change }));
      expect(verifyAudit(edited, s).firstBad, JSON.stringify(change)).toMatch(/^c#1: content does not match/);
    }
  });

  it("rejects an append the store refuses and does not advance the chain", async () => {
    const store = new MemoryStore();
    let refuse = false;
    const atomic = store.atomic.bind(store);
    store.atomic = (writes: AtomicWrite[]) => (refuse ? Promise.reject(new Error("OOM command not allowed")) : atomic(writes));
    const log = new AuditLog(store, { chain: "d" });
    await log.append(event(1));
    refuse = true;
    await expect(log.append(event(2))).rejects.toThrow(/OOM/);
    await expect(log.append(event(3))).rejects.toThrow(/OOM/);
    refuse = false;
    await log.append(event(4));
    const s = await stateOf(store);
    expect(s.records.map((r) => [r.seq, r.detail!.i])).toEqual([[1, 1], [2, 4]]);
    expect(verifyAudit(s.records, s).ok).toBe(true);
  });

  it("rejects a read whose data-access entry could not be written", async () => {
    const store = new MemoryStore();
    store.zadd = () => Promise.reject(new Error("OOM"));
    const log = new AuditLog(store, { chain: "e" });
    await expect(log.append({ ...event(1), subjects: [subjectRef("11010519491231002X")] })).rejects.toThrow(/OOM/);
    await expect(log.append({ ...event(2), action: "login.failure", subjects: [subjectRef("login:x")] })).resolves.toMatch(/-/);
  });

  it("batches appends made together into one write and keeps call order", async () => {
    const store = new MemoryStore();
    let calls = 0;
    const atomic = store.atomic.bind(store);
    store.atomic = (writes: AtomicWrite[]) => { calls++; return atomic(writes); };
    const log = new AuditLog(store, { chain: "f" });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(event(i))));
    expect(new Set(ids).size).toBe(20);
    expect(calls).toBeLessThanOrEqual(2);
    const s = await stateOf(store);
    expect(s.records.map((r) => r.detail!.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(verifyAudit(s.records, s).ok).toBe(true);
  });

  it("never stores an identifier in the clear", () => {
    const ref = subjectRef("11010519491231002X");
    expect(ref).not.toContain("110105");
    expect(subjectRef("11010519491231002x")).toBe(ref);
  });
});
