import { fromRoot } from "../../lib/paths";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { envString } from "../../lib/config";
import { ErrorCode, KuaibanError } from "../../lib/errors";

/** The values Kuaiban gives each coded field of the core platform, whatever codes a vendor uses. */
export const codeValues = {
  AAE140: ["PENSION", "UNEMPLOYMENT", "MEDICAL", "WORK_INJURY", "MATERNITY"],
  AAC004: ["MALE", "FEMALE", "UNKNOWN", "UNSPECIFIED"],
  AAC008: ["ACTIVE", "SUSPENDED", "TERMINATED"],
  AAC031: ["CONTRIBUTING", "SUSPENDED", "STOPPED"],
  AAA036: ["PENSION", "UNEMPLOYMENT_BENEFIT"],
  AAE116: ["PAYING", "SUSPENDED", "STOPPED"],
} as const;

export type CodeTableName = keyof typeof codeValues;
export type CodeValue<T extends CodeTableName> = (typeof codeValues)[T][number];

export type Insurance = CodeValue<"AAE140">;
export type Gender = CodeValue<"AAC004">;
export type EnrolmentStatus = CodeValue<"AAC008">;
export type ContributionStatus = CodeValue<"AAC031">;
export type BenefitKind = CodeValue<"AAA036">;
export type BenefitStatus = CodeValue<"AAE116">;

interface Entry { meaning: string; value: string }
type RawTables = Record<string, Record<string, Entry>>;

export type Decoded<T extends CodeTableName> =
  | { ok: true; value: CodeValue<T>; meaning: string }
  | { ok: false; table: T; code: string };

/** A code the tables do not know: reported on the field, never guessed. */
export function unknownCode(table: string, code: string): KuaibanError {
  return new KuaibanError(ErrorCode.UNKNOWN_LEGACY_CODE, `The social-insurance system answered with a ${table} code that Kuaiban's code tables do not know`, {
    system: "social-insurance",
    codeTable: table,
    legacyCode: code,
  });
}

/**
 * Translation between the platform's codes and Kuaiban's values, both ways. Built from a table file
 * that is checked on load: every table present, every value one Kuaiban knows, no value under two
 * codes (encoding would be ambiguous). A bad file stops the adapter at start, not mid-request.
 */
export class CodeTables {
  private readonly byCode = new Map<string, Map<string, Entry>>();
  private readonly byValue = new Map<string, Map<string, string>>();

  constructor(raw: RawTables, source = "code tables") {
    for (const table of Object.keys(codeValues) as CodeTableName[]) {
      const entries = raw[table];
      if (!entries || typeof entries !== "object") throw new Error(`${source}: table ${table} is missing`);
      const allowed = new Set<string>(codeValues[table]);
      const codes = new Map<string, Entry>();
      const values = new Map<string, string>();
      for (const [code, entry] of Object.entries(entries)) {
        if (!entry || typeof entry.value !== "string" || !allowed.has(entry.value)) {
          throw new Error(`${source}: ${table} code "${code}" maps to ${JSON.stringify(entry?.value)}, expected one of ${[...allowed].join(", ")}`);
        }
        if (values.has(entry.value)) throw new Error(`${source}: ${table} value ${entry.value} has two codes ("${values.get(entry.value)}", "${code}")`);
        codes.set(code, { meaning: String(entry.meaning ?? ""), value: entry.value });
        values.set(entry.value, code);
      }
      this.byCode.set(table, codes);
      this.byValue.set(table, values);
    }
  }

  decode<T extends CodeTableName>(table: T, code: string): Decoded<T> {
    const entry = this.byCode.get(table)?.get(code);
    if (!entry) return { ok: false, table, code };
    return { ok: true, value: entry.value as CodeValue<T>, meaning: entry.meaning };
  }

  /** The value of a code, or the coded error for an unknown one. */
  decodeOrThrow<T extends CodeTableName>(table: T, code: string): CodeValue<T> {
    const d = this.decode(table, code);
    if (!d.ok) throw unknownCode(table, code);
    return d.value;
  }

  /** The platform's code for a value; a value without a code is a configuration gap, reported. */
  encode<T extends CodeTableName>(table: T, value: CodeValue<T>): string {
    const code = this.byValue.get(table)?.get(value);
    if (code === undefined) {
      throw new KuaibanError(ErrorCode.UNKNOWN_LEGACY_CODE, `Kuaiban's code tables have no ${table} code for ${value}`, {
        system: "social-insurance",
        codeTable: table,
      });
    }
    return code;
  }
}

export const defaultCodeTablesPath = fromRoot("subgraphs", "social-insurance", "code-tables.json");

/** The tables of `SI_CODE_TABLES` (a path), or the ones shipped beside this file. */
export function loadCodeTables(path = envString("SI_CODE_TABLES", defaultCodeTablesPath)): CodeTables {
  return new CodeTables(JSON.parse(readFileSync(path, "utf8")) as RawTables, path);
}
