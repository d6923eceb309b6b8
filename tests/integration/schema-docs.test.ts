import { describe, expect, it } from "vitest";
import { sdlDir } from "../../gateway/subgraph-schema";
import { coverageOfDir, summaryOf } from "../../schema/docs-coverage";

/**
 * The published schema documents itself: every type, field, argument, input field and enum value
 * of the stitched schema (schema/sdl/gateway.graphql) and of every subgraph's SDL carries a
 * description, and every deprecation gives a reason. What is missing is named by coordinate.
 */
const coverage = coverageOfDir(sdlDir);

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
