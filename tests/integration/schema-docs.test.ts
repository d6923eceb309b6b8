import { describe, expect, it } from "vitest";
import { sdlDir } from "../../gateway/subgraph-schema";
import { coverageOf, coverageOfDir, summaryOf } from "../../schema/docs-coverage";

/**
 * The published schema documents itself: every type, field, argument, input field and enum value
 * of the stitched schema (schema/sdl/gateway.graphql) and of every subgraph's SDL carries a
 * description, and every deprecation gives a reason. What is missing is named by coordinate.
 */
const coverage = coverageOfDir(sdlDir);

describe("the documentation check", () => {
  it("names each undescribed type, field, argument, input field and enum value by coordinate, and deprecations without a reason", () => {
    const c = coverageOf(`
      """人员 person"""
      type Person @key(fields: "idNumber") { idNumber: ID! name(format: String): String @deprecated }
      input Filter { region: String }
      enum Status { """ACTIVE: 在册""" ACTIVE LEFT }
      type _Service { sdl: String }
      scalar link__Import
      type Query { """人员 person""" person("""号码 id""" id: ID!): Person _entities: [Person] }
    `);
    expect(c.missing).toEqual(["Person.idNumber", "Person.name", "Person.name(format:)", "Filter", "Filter.region", "Status", "Status.LEFT", "Query"]);
    expect(c.deprecatedWithoutReason).toEqual(["Person.name"]);
    expect(c.total).toEqual({ types: 4, fields: 4, args: 2, enumValues: 2 });
    expect(c.described).toEqual({ types: 1, fields: 1, args: 1, enumValues: 1 });
  });
});

describe("schema documentation", () => {
  it("covers the stitched schema and every subgraph", () => {
    expect(Object.keys(coverage)).toContain("gateway.graphql");
    expect(Object.keys(coverage).length).toBeGreaterThan(1);
  });

  for (const [file, c] of Object.entries(coverage)) {
    it(`${file}: every type, field, argument and enum value is described; deprecations give reasons`, () => {
      expect(c.missing, `${file} (${summaryOf(c)}) lacks descriptions on:\n  ${c.missing.join("\n  ")}\n`).toEqual([]);
      expect(c.deprecatedWithoutReason, `${file}: deprecated without a reason`).toEqual([]);
    });
  }
});
