import { pino } from "pino";
import { log } from "../../../lib/log";

/** Every line the shared logger writes while `fn` runs, at every level. */
export async function logLinesDuring(fn: () => Promise<void>): Promise<string[]> {
  const stream = (log as unknown as Record<symbol, { write(s: string): boolean }>)[pino.symbols.streamSym]!;
  const lines: string[] = [];
  const write = stream.write;
  const level = log.level;
  stream.write = (s: string) => { lines.push(s); return true; };
  log.level = "trace";
  try {
    await fn();
  } finally {
    stream.write = write;
    log.level = level;
  }
  return lines;
}

/** Per-principal rates no test of the front door reaches: the rate limit is not what those tests are about. */
export const unlimitedRates = { anonymous: 1_000_000, citizen: 1_000_000, employer: 1_000_000, staff: 1_000_000, partner: 1_000_000 };
