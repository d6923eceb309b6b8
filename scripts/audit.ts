import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AUDIT_STREAM, auditRetentionMs, recordsOf, verifyAudit, type AuditRecord } from "../lib/audit";
import { exportAudit, parseDuration, verifyArchive } from "../lib/audit-archive";
import { createStore, redisConfigured, type Store } from "../lib/store";

/**
 *   npm run audit -- export > audit.jsonl                          # the live log as JSON lines
 *   npm run audit -- export --dir /archive [--older-than 180d]     # retention: older records to signed files, then trimmed
 *   npm run audit -- verify                                        # the live log: chains, signed checkpoints, registry
 *   npm run audit -- verify --dir /archive                         # files and stream as one sequence per chain
 *   npm run audit -- verify audit.jsonl                            # one exported file's chains, no system needed
 * `--stream <key>` picks another stream (the hub's is kb:audit:auth). Verify exits 1 when anything is
 * wrong and names the first bad record first.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: "string" }, "older-than": { type: "string" }, stream: { type: "string" } },
});
const [command, file] = positionals;
const stream = values.stream ?? AUDIT_STREAM;

async function withStore<T>(run: (store: Store) => Promise<T>): Promise<T> {
  if (!redisConfigured()) throw new Error("set REDIS_URL (or REDIS_CLUSTER_NODES, or REDIS_SENTINELS) to reach the live audit log");
  const store = createStore();
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function report(result: { ok: boolean; records: number; chains: number; problems: string[] }, extra = ""): void {
  console.log(`${result.records} records in ${result.chains} chains${extra}: ${result.ok ? "intact" : "BROKEN"}`);
  if (!result.ok) console.log(`first bad record: ${result.problems[0]}`);
  for (const p of result.problems) console.log(`  ${p}`);
  process.exitCode = result.ok ? 0 : 1;
}

if (command === "export" && values.dir) {
  const olderThanMs = values["older-than"] ? parseDuration(values["older-than"]) : auditRetentionMs();
  const done = await withStore((store) => exportAudit(store, { dir: values.dir!, olderThanMs, stream }));
  console.log(done.file ? `exported ${done.records} records of ${Object.keys(done.chains).length} chains to ${done.file}, trimmed from ${stream}` : "nothing older than that to export");
} else if (command === "export") {
  const records = await withStore(async (store) => recordsOf(await store.xrange(stream)));
  for (const r of records) process.stdout.write(JSON.stringify(r) + "\n");
} else if (command === "verify" && file) {
  const records = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as AuditRecord);
  report(verifyAudit(records, { where: (i) => `${file}:${i + 1}` }));
} else if (command === "verify") {
  const result = await withStore((store) => verifyArchive(store, { stream, dir: values.dir }));
  report(result, values.dir ? ` (${result.files} files and the stream)` : "");
} else {
  console.error("usage: npm run audit -- export [--dir DIR [--older-than 180d]] | verify [--dir DIR | file.jsonl] [--stream KEY]");
  process.exitCode = 2;
}
