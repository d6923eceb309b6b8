import { checkpointValid, GENESIS, hashOf, macEquals, type AuditRecord, type Checkpoint } from "./audit";

/** One finding: the chain, the first record it concerns (`seq`), and where that record was read. */
export interface Problem {
  chain: string;
  seq?: number;
  where?: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  records: number;
  /** `<chain>#<seq>: what is wrong`, chain by chain, each chain's in sequence order. */
  problems: string[];
  details: Problem[];
  /** The first bad record of the first broken chain, as in `problems[0]`. */
  firstBad?: string;
}

export interface VerifyState {
  /** The heads hash (`<stream>:heads`): chain → signed checkpoint JSON. Without it only the links and MACs are checked. */
  checkpoints?: Record<string, string>;
  /** The chain registry (`<stream>:chains`). */
  registry?: string[];
  /** `<stream>:trimmed`: chain → signed mark of the last record exported and trimmed. */
  trimmed?: Record<string, string>;
  /**
   * True when `records` start at each chain's genesis (export files, then the stream). Otherwise a
   * chain's stream part starts after its trim mark, and exported records are not re-checked.
   */
  fromGenesis?: boolean;
  /** Where record i was read (a stream id, `file:line`), for the report. */
  where?: (i: number) => string | undefined;
}

const parse = (raw: string | undefined): Checkpoint | undefined => {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Checkpoint;
  } catch {
    return { chain: "", seq: -1, hash: "", at: "", sig: "" };
  }
};

/**
 * Checks every chain: each record's keyed hash, each link, no gap or repeat; with the state beside
 * the stream also each chain's signed checkpoint (a cut tail, a dropped chain, a forged head) and
 * the registry. Names the first bad record of each chain.
 */
export function verifyAudit(records: AuditRecord[], state: VerifyState = {}): VerifyResult {
  const details: Problem[] = [];
  const byChain = new Map<string, { r: AuditRecord; i: number }[]>();
  records.forEach((r, i) => {
    const list = byChain.get(r.chain) ?? [];
    list.push({ r, i });
    byChain.set(r.chain, list);
  });
  const names = new Set<string>([...byChain.keys(), ...Object.keys(state.checkpoints ?? {}), ...(state.registry ?? []), ...Object.keys(state.trimmed ?? {})]);
  const registry = state.registry ? new Set(state.registry) : undefined;

  for (const chain of names) {
    const found = (message: string, seq?: number, where?: string) => details.push({ chain, seq, where, message });
    const list = byChain.get(chain) ?? [];
    let mark = parse(state.trimmed?.[chain]);
    if (mark && !checkpointValid(mark)) {
      found("the trim mark is not signed with the audit key (forged or edited)");
      mark = undefined;
    }
    let seq = 0;
    let prev = GENESIS;
    if (mark && !state.fromGenesis) {
      seq = mark.seq;
      prev = mark.hash;
    }
    const seen = new Map<number, string>();
    for (const { r, i } of list) {
      const where = state.where?.(i);
      if (typeof r.seq !== "number" || r.seq <= seq) {
        if (state.fromGenesis && seen.get(r.seq) === r.hash) continue; // exported, not yet trimmed
        if (!state.fromGenesis && mark && r.seq <= mark.seq) continue; // exported: checked with the files
        found(`repeated or out of order (after #${seq})`, r.seq, where);
        continue;
      }
      if (r.seq > seq + 1) found(`missing (the chain jumps from #${seq} to #${r.seq})`, seq + 1, where);
      else if (r.prev !== prev) found(`does not link to #${seq} before it`, r.seq, where);
      if (typeof r.hash !== "string" || !macEquals(hashOf(r), r.hash)) {
        found("content does not match its keyed hash (edited, or re-chained without the audit key)", r.seq, where);
      }
      if (state.fromGenesis) {
        seen.set(r.seq, r.hash);
        if (mark && r.seq === mark.seq && r.hash !== mark.hash) found(`does not match the signed trim mark`, r.seq, where);
      }
      seq = r.seq;
      prev = r.hash;
    }
    if (state.fromGenesis && mark && seq < mark.seq) {
      found(`missing (exported up to #${mark.seq}, but the chain ends at #${seq})`, seq + 1);
    }
    if (state.checkpoints) {
      const cp = parse(state.checkpoints[chain]);
      if (!cp) {
        if (list.length || mark) found("has no signed checkpoint (its head was removed)");
        else found("is registered, but its checkpoint and all its records are gone (dropped chain)");
      } else if (!checkpointValid(cp) || cp.chain !== chain) {
        found("its checkpoint is not signed with the audit key (forged or edited)");
      } else if (cp.seq > seq) {
        const dropped = !list.length && !mark;
        found(dropped ? `missing, and every record up to #${cp.seq} the signed checkpoint names (dropped chain)`
          : `missing (the signed checkpoint names #${cp.seq}; the records end at #${seq}: tail cut)`, seq + 1);
      } else if (cp.seq < seq) {
        found(`beyond the signed checkpoint #${cp.seq} (checkpoint rolled back, or records added without the key)`, cp.seq + 1);
      } else if (cp.hash !== prev) {
        found("does not match the signed checkpoint", seq);
      }
    }
    if (registry && !registry.has(chain)) found("is not in the chain registry");
  }

  const problems = details.map((p) => `${p.chain}${p.seq !== undefined ? `#${p.seq}` : ""}: ${p.message}${p.where ? ` [${p.where}]` : ""}`);
  return { ok: details.length === 0, chains: names.size, records: records.length, problems, details, firstBad: problems[0] };
}
