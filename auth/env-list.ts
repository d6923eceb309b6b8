import { z } from "zod";

/**
 * A JSON list from the environment (`AUTH_PORTALS`, `AUTH_PARTNER_CLIENTS`), every entry checked
 * against `item`; undefined when the variable is empty, so the caller picks its default. A malformed
 * list stops the hub at start rather than leaving a client half-configured, and the error names
 * the entry and field, never the value (it may be a secret).
 */
export function parseEnvList<T extends z.ZodType>(name: string, raw: string | undefined, item: T): z.infer<T>[] | undefined {
  if (!raw?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
  const result = z.array(item).safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new Error(`${name} is invalid at ${first.path.join(".")}: ${first.message}`);
  }
  return result.data;
}
