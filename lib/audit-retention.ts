import { randomUUID } from "node:crypto";
import { AUDIT_STREAM, auditRetentionMs } from "./audit";
import { exportAudit } from "./audit-archive";
import { envInt, envString, isProduction } from "./config";
import { log } from "./log";
import type { Store } from "./store";

/**
 * Keeps the live audit stream bounded: on a schedule, records older than the retention age move to
 * signed export files (`exportAudit`, the same files `npm run audit -- verify --dir` checks) and are
 * trimmed from the stream. Every gateway and hub instance may run it; a lock in the store lets one
 * of them do each round. Settings: AUDIT_ARCHIVE_DIR (off when unset), AUDIT_RETENTION_DAYS (180),
 * AUDIT_ARCHIVE_EVERY_MINUTES (60), AUDIT_ARCHIVE_FILE_RECORDS (100000 records a file at most).
 */
export interface RetentionOptions {
  dir: string;
  olderThanMs: number;
  stream?: string;
  /** Records a file at most (a round writes as many files as it needs). */
  fileRecords?: number;
  now?: () => number;
}

export interface RetentionRound {
  /** False when another instance held the lock. */
  ran: boolean;
  records: number;
  files: string[];
}

const lockKey = (stream: string) => `${stream}:retention-lock{${stream}}`;

/** One round: exports everything past the age, file by file, unless another instance is doing it. */
export async function runAuditRetention(store: Store, opts: RetentionOptions): Promise<RetentionRound> {
  const stream = opts.stream ?? AUDIT_STREAM;
  const owner = randomUUID();
  // long enough for a round of big files; it is given back at the end of the round
  if (!(await store.set(lockKey(stream), owner, { nx: true, ttlMs: 15 * 60_000 }))) return { ran: false, records: 0, files: [] };
  const round: RetentionRound = { ran: true, records: 0, files: [] };
  try {
    const now = (opts.now ?? Date.now)();
    const max = opts.fileRecords ?? 100_000;
    for (;;) {
      const done = await exportAudit(store, { dir: opts.dir, olderThanMs: opts.olderThanMs, stream, now, maxRecords: max });
      if (done.file) round.files.push(done.file);
      round.records += done.records;
      if (done.records < max) break;
    }
    return round;
  } finally {
    await store.releaseIfHeld(lockKey(stream), owner);
  }
}

/** Starts the schedule from the environment; returns its stop function (nothing runs without AUDIT_ARCHIVE_DIR). */
export function startAuditRetention(store: Store, overrides: Partial<RetentionOptions> & { everyMs?: number } = {}): () => void {
  const dir = overrides.dir ?? envString("AUDIT_ARCHIVE_DIR", "");
  if (!dir) {
    if (isProduction()) log.warn("AUDIT_ARCHIVE_DIR is not set: the audit stream grows without bound (see docs/operations.md)");
    return () => undefined;
  }
  const opts: RetentionOptions = {
    dir,
    olderThanMs: overrides.olderThanMs ?? auditRetentionMs(),
    stream: overrides.stream,
    fileRecords: overrides.fileRecords ?? envInt("AUDIT_ARCHIVE_FILE_RECORDS", 100_000),
    now: overrides.now,
  };
  const everyMs = overrides.everyMs ?? envInt("AUDIT_ARCHIVE_EVERY_MINUTES", 60) * 60_000;
  let running: Promise<unknown> | undefined;
  const round = () => {
    if (running) return;
    running = runAuditRetention(store, opts)
      .then((r) => { if (r.records) log.info({ records: r.records, files: r.files.length }, "audit records past retention moved to signed files"); })
      .catch((err) => log.warn({ err: (err as Error).message }, "audit retention round failed; the next round tries again"))
      .finally(() => { running = undefined; });
  };
  const timer = setInterval(round, everyMs);
  timer.unref();
  round();
  return () => clearInterval(timer);
}
