import { describe, expect, it } from "vitest";
import { MemoryStore } from "./store";
import { AuditLog, AUDIT_STREAM, recordsOf, subjectRef, verifyAudit } from "./audit";

describe("audit log", () => {
  it("chains entries so that any edit, removal or reordering is detected", async () => {
    const store = new MemoryStore();
    const a = new AuditLog(store, { chain: "a" });
    const b = new AuditLog(store, { chain: "b" });
    for (let i = 0; i < 5; i++) {
      void a.append({ action: "graphql.query", actor: "u1", actorKind: "citizen", outcome: "ok", detail: { i } });
      void b.append({ action: "login.success", actor: "u2", actorKind: "staff", outcome: "ok" });
    }
    await a.flush();
    await b.flush();
    const records = recordsOf(await store.xrange(AUDIT_STREAM));
    expect(verifyAudit(records)).toMatchObject({ ok: true, chains: 2, records: 10 });

    const edited = records.map((r) => (r.chain === "a" && r.seq === 3 ? { ...r, actor: "someone-else" } : r));
    expect(verifyAudit(edited).problems).toEqual(["a#3: content does not match its hash"]);
    const removed = records.filter((r) => !(r.chain === "b" && r.seq === 2));
    expect(verifyAudit(removed).ok).toBe(false);
    const aOnly = records.filter((r) => r.chain === "a");
    expect(verifyAudit([aOnly[1]!, aOnly[0]!, ...aOnly.slice(2)]).ok).toBe(false);
  });

  it("never stores an identifier in the clear", () => {
    const ref = subjectRef("11010519491231002X");
    expect(ref).not.toContain("110105");
    expect(subjectRef("11010519491231002x")).toBe(ref);
  });
});
