import { readFileSync } from "node:fs";
import { AUDIT_STREAM, recordsOf, verifyAudit, type AuditRecord } from "../lib/audit";
import { createStore } from "../lib/store";

/**
 *   npm run audit -- export > audit.jsonl    # the log as JSON lines, for archiving
 *   npm run audit -- verify audit.jsonl      # checks an exported file, no system needed
 *   npm run audit -- verify                  # checks the live log in REDIS_URL
 */
const [command, file] = process.argv.slice(2);

async function live(): Promise<AuditRecord[]> {
  if (!process.env.REDIS_URL) throw new Error("set REDIS_URL to read the live audit log");
  const store = createStore();
  try {
    return recordsOf(await store.xrange(AUDIT_STREAM));
  } finally {
    await store.close();
  }
}

if (command === "export") {
  for (const r of await live()) process.stdout.write(JSON.stringify(r) + "\n");
} else if (command === "verify") {
  const records = file
    ? readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as AuditRecord)
    : await live();
  const result = verifyAudit(records);
  console.log(`${result.records} records in ${result.chains} chains: ${result.ok ? "intact" : "BROKEN"}`);
  for (const p of result.problems) console.log(`  ${p}`);
  process.exitCode = result.ok ? 0 : 1;
} else {
  console.error("usage: npm run audit -- export | verify [file.jsonl]");
  process.exitCode = 2;
}
