import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KuaibanError } from "../../lib/errors";
import { LegacyClient } from "../../lib/legacy-client";
import { SiAdapter } from "./adapter";
import { CodeTables, codeValues, defaultCodeTablesPath, loadCodeTables, type CodeTableName } from "./code-tables";

const shipped = JSON.parse(readFileSync(defaultCodeTablesPath, "utf8")) as Record<string, Record<string, { meaning: string; value: string }>>;

describe("the core platform's code tables", () => {
  const tables = loadCodeTables(defaultCodeTablesPath);

  it("decode every shipped code to its value and encode every value back to the same code", () => {
    for (const table of Object.keys(codeValues) as CodeTableName[]) {
      for (const [code, entry] of Object.entries(shipped[table]!)) {
        const decoded = tables.decode(table, code);
        expect(decoded).toEqual({ ok: true, value: entry.value, meaning: entry.meaning });
        expect(tables.encode(table, entry.value as never)).toBe(code);
      }
    }
  });

  it("know the five insurances of AAE140", () => {
    expect(["110", "210", "310", "410", "510"].map((c) => tables.decodeOrThrow("AAE140", c))).toEqual(["PENSION", "UNEMPLOYMENT", "MEDICAL", "WORK_INJURY", "MATERNITY"]);
    expect(tables.encode("AAE140", "WORK_INJURY")).toBe("410");
  });

  it("report an unknown code instead of guessing", () => {
    expect(tables.decode("AAE140", "120")).toEqual({ ok: false, table: "AAE140", code: "120" });
    let thrown: unknown;
    try { tables.decodeOrThrow("AAC008", "3"); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(KuaibanError);
    expect((thrown as KuaibanError).extensions).toMatchObject({ code: "UNKNOWN_LEGACY_CODE", codeTable: "AAC008", legacyCode: "3" });
  });

  it("report a value that has no code when encoding", () => {
    const partial = structuredClone(shipped);
    delete partial.AAE140!["510"];
    const t = new CodeTables(partial);
    expect(() => t.encode("AAE140", "MATERNITY")).toThrow(/no AAE140 code for MATERNITY/);
  });

  it("refuse a table file with a missing table, an unknown value or a value under two codes", () => {
    const missing = structuredClone(shipped);
    delete missing.AAC031;
    expect(() => new CodeTables(missing)).toThrow(/AAC031 is missing/);
    const unknownValue = structuredClone(shipped);
    unknownValue.AAE140!["110"] = { meaning: "x", value: "PENSIONS" };
    expect(() => new CodeTables(unknownValue)).toThrow(/expected one of/);
    const twice = structuredClone(shipped);
    twice.AAE140!["120"] = { meaning: "机关事业单位养老保险", value: "PENSION" };
    expect(() => new CodeTables(twice)).toThrow(/two codes/);
  });

  describe("another vendor's codes from SI_CODE_TABLES", () => {
    afterEach(() => { vi.unstubAllEnvs(); });

    it("map both ways through the adapter", () => {
      const vendor = structuredClone(shipped);
      vendor.AAE140 = {
        "11": { meaning: "养老", value: "PENSION" }, "21": { meaning: "失业", value: "UNEMPLOYMENT" }, "31": { meaning: "医疗", value: "MEDICAL" },
        "41": { meaning: "工伤", value: "WORK_INJURY" }, "51": { meaning: "生育", value: "MATERNITY" },
      };
      const path = join(mkdtempSync(join(tmpdir(), "si-codes-")), "codes.json");
      writeFileSync(path, JSON.stringify(vendor));
      vi.stubEnv("SI_CODE_TABLES", path);
      const adapter = new SiAdapter(new LegacyClient({ system: "social-insurance", baseUrl: "http://127.0.0.1:1" }), loadCodeTables());
      const enrolment = adapter.enrolment({ AAC001: "1", AAB001: "U", AAB998: "C", AAE140: "41", AAC008: "1", AAC031: "1", AAE030: "20200525" });
      expect(enrolment).toMatchObject({ insurance: "WORK_INJURY", insuranceCode: "41", status: "ACTIVE", contributionStatus: "CONTRIBUTING", since: "2020-05-25" });
      expect(adapter.codes.encode("AAE140", "WORK_INJURY")).toBe("41");
      // the shipped standard code means nothing to this vendor's tables
      const stray = adapter.enrolment({ AAC001: "1", AAB001: "U", AAE140: "410", AAC008: "1", AAC031: "1", AAE030: "20200525" });
      expect(stray.insurance).toBeInstanceOf(KuaibanError);
      expect(stray.status).toBe("ACTIVE");
    });
  });

  it("leave the rest of a record intact when one field's code is unknown", () => {
    const adapter = new SiAdapter(new LegacyClient({ system: "social-insurance", baseUrl: "http://127.0.0.1:1" }), tables);
    const person = adapter.person(
      { AAC001: "14", AAC002: "140100199001010011", AAC003: "王芳", AAC004: "7", AAC006: "19900101", AAB301: "140222" },
      [], [{ AAC001: "14", AAA036: "21", AAE116: "9", AAE030: "20260301" }],
    );
    expect(person).toMatchObject({ name: "王芳", birthDate: "1990-01-01", region: "天镇县" });
    expect(person.gender).toBeInstanceOf(KuaibanError);
    expect(person.benefits[0]!.kind).toBe("UNEMPLOYMENT_BENEFIT");
    expect(person.benefits[0]!.status).toBeInstanceOf(KuaibanError);
  });
});
