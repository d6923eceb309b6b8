import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AUDIT_STREAM, auditKeys, canonicalJson, mac, macEquals, signCheckpoint, type AuditRecord } from "./audit";
import { verifyAudit, type VerifyResult } from "./audit-verify";
import type { Store } from "./store";

/**
 * Retention: records older than an age leave the live stream for signed JSON-lines files. Each file
 * has a manifest (its sha256, record count, first/last seq of every chain, the previous manifest's
 * signature) signed with the export key; each exported chain gets a signed trim mark beside the
 * stream, so the live part of a chain is known to start after it. `verifyArchive` checks files and
 * stream as one sequence per chain.
 */
export interface Manifest {
  v: 1;
  stream: string;
  file: string;
  sha256: string;
  records: number;
  firstId: string;
  lastId: string;
  exportedAt: string;
  chains: Record<string, { first: number; last: number; lastHash: string }>;
  /** The signature of the manifest before it (null for the first): a removed file breaks the sequence. */
  prev: string | null;
  sig: string;
}

const idParts = (id: string) => id.split("-").map(Number) as [number, number];
const idCompare = (a: string, b: string) => {
  const [am, as] = idParts(a);
  const [bm, bs] = idParts(b);
  return am - bm || as - bs;
};

const manifestSig = (m: Omit<Manifest, "sig">) => {
  const { sig: _drop, ...rest } = m as Manifest;
  return mac("export", canonicalJson(rest));
};
const safeName = (stream: string) => stream.replace(/[^A-Za-z0-9]+/g, "_");

export { parseDuration } from "./config";

/** The manifests of one stream in a directory, oldest first. */
export function readManifests(dir: string, stream = AUDIT_STREAM): { path: string; manifest: Manifest }[] {
  if (!existsSync(dir)) return [];
  const prefix = `${safeName(stream)}-`;
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".manifest.json"))
    .map((f) => ({ path: join(dir, f), manifest: JSON.parse(readFileSync(join(dir, f), "utf8")) as Manifest }))
    .filter(({ manifest }) => manifest.stream === stream)
    .sort((a, b) => idCompare(a.manifest.firstId, b.manifest.firstId));
}

export interface ExportResult {
  file: string | null;
  records: number;
  chains: Manifest["chains"];
}

/**
 * Writes every record older than `olderThanMs` to a signed file in `dir`, then trims them from the
 * stream. Files are written (and renamed into place) before anything is deleted; an export that
 * stops half-way leaves records both in a file and in the stream, which verification accepts.
 */
export async function exportAudit(
  store: Store,
  opts: { dir: string; olderThanMs: number; stream?: string; now?: number; maxRecords?: number },
): Promise<ExportResult> {
  const stream = opts.stream ?? AUDIT_STREAM;
  const cutoff = (opts.now ?? Date.now()) - opts.olderThanMs;
  if (cutoff <= 0) return { file: null, records: 0, chains: {} };
  // the oldest `maxRecords` at most: a scheduled export holds one file's worth in memory, not a month's
  const entries = await store.xrange(stream, { end: String(cutoff - 1), ...(opts.maxRecords ? { count: opts.maxRecords } : {}) });
  if (!entries.length) return { file: null, records: 0, chains: {} };

  const lines = entries.map((e) => e.fields.record ?? "");
  const content = lines.join("\n") + "\n";
  const chains: Manifest["chains"] = {};
  const lastOf = new Map<string, AuditRecord>();
  for (const line of lines) {
    let r: AuditRecord;
    try {
      r = JSON.parse(line) as AuditRecord;
    } catch {
      continue; // kept in the file as it is; verification names it
    }
    const c = (chains[r.chain] ??= { first: r.seq, last: r.seq, lastHash: r.hash });
    c.last = r.seq;
    c.lastHash = r.hash;
    lastOf.set(r.chain, r);
  }
  const previous = readManifests(opts.dir, stream).at(-1)?.manifest;
  const base = `${safeName(stream)}-${entries[0]!.id}`;
  const unsigned: Omit<Manifest, "sig"> = {
    v: 1,
    stream,
    file: `${base}.jsonl`,
    sha256: createHash("sha256").update(content).digest("hex"),
    records: lines.length,
    firstId: entries[0]!.id,
    lastId: entries.at(-1)!.id,
    exportedAt: new Date(opts.now ?? Date.now()).toISOString(),
    chains,
    prev: previous?.sig ?? null,
  };
  const manifest: Manifest = { ...unsigned, sig: manifestSig(unsigned) };
  mkdirSync(opts.dir, { recursive: true });
  const put = (name: string, data: string) => {
    writeFileSync(join(opts.dir, `${name}.tmp`), data, { flush: true });
    renameSync(join(opts.dir, `${name}.tmp`), join(opts.dir, name));
  };
  put(manifest.file, content);
  put(`${base}.manifest.json`, JSON.stringify(manifest, null, 2) + "\n");

  const marks: Record<string, string> = {};
  for (const [chain, r] of lastOf) marks[chain] = JSON.stringify(signCheckpoint({ chain, seq: r.seq, hash: r.hash, at: r.at }));
  await store.hset(auditKeys(stream).trimmed, marks);
  for (let i = 0; i < entries.length; i += 500) await store.xdel(stream, ...entries.slice(i, i + 500).map((e) => e.id));
  return { file: join(opts.dir, manifest.file), records: lines.length, chains };
}

async function streamState(store: Store, stream: string) {
  const keys = auditKeys(stream);
  const [entries, checkpoints, registry, trimmed] = await Promise.all([
    store.xrange(stream), store.hgetall(keys.heads), store.smembers(keys.chains), store.hgetall(keys.trimmed),
  ]);
  return { entries, checkpoints, registry, trimmed };
}

/**
 * Verifies the live stream with its checkpoints, registry and trim marks; with `dir`, the export
 * files too, as one sequence per chain from its first record. `problems[0]` names the first bad
 * record (or file).
 */
export async function verifyArchive(store: Store, opts: { stream?: string; dir?: string } = {}): Promise<VerifyResult & { files: number }> {
  const stream = opts.stream ?? AUDIT_STREAM;
  const live = await streamState(store, stream);
  const records: AuditRecord[] = [];
  const where: string[] = [];
  const fileProblems: string[] = [];
  const push = (line: string, at: string) => {
    try {
      records.push(JSON.parse(line) as AuditRecord);
      where.push(at);
    } catch {
      fileProblems.push(`${at}: not a record (unreadable JSON)`);
    }
  };
  const manifests = opts.dir ? readManifests(opts.dir, stream) : [];
  let prevSig: string | null = null;
  for (const { path, manifest } of manifests) {
    const name = manifest.file;
    if (typeof manifest.sig !== "string" || !macEquals(manifestSig(manifest), manifest.sig)) fileProblems.push(`${path}: the manifest is not signed with the audit key (forged or edited)`);
    if (manifest.prev !== prevSig) fileProblems.push(`${path}: does not follow the manifest before it (a file is missing or out of order)`);
    prevSig = manifest.sig;
    const filePath = opts.dir ? join(opts.dir, name) : name;
    if (!existsSync(filePath)) {
      fileProblems.push(`${filePath}: missing`);
      continue;
    }
    const content = readFileSync(filePath, "utf8");
    if (createHash("sha256").update(content).digest("hex") !== manifest.sha256) fileProblems.push(`${filePath}: its contents do not match the signed manifest`);
    const lines = content.split("\n").filter(Boolean);
    if (lines.length !== manifest.records) fileProblems.push(`${filePath}: holds ${lines.length} records, the manifest ${manifest.records}`);
    lines.forEach((line, i) => push(line, `${name}:${i + 1}`));
  }
  for (const e of live.entries) push(e.fields.record ?? "", `stream ${e.id}`);
  const result = verifyAudit(records, {
    checkpoints: live.checkpoints,
    registry: live.registry,
    trimmed: live.trimmed,
    fromGenesis: Boolean(opts.dir),
    where: (i) => where[i],
  });
  const problems = [...fileProblems, ...result.problems];
  return { ...result, ok: problems.length === 0, problems, firstBad: problems[0], files: manifests.length };
}
