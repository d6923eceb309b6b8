import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sdlDir } from "../../gateway/subgraph-schema";
import { currentSdl } from "../../scripts/emit-sdl";

describe("emitted SDL", () => {
  it("matches the code for every subgraph and the gateway (run `npm run sdl` after a schema change)", async () => {
    const sdl = await currentSdl();
    expect(Object.keys(sdl)).toContain("gateway");
    for (const [name, text] of Object.entries(sdl)) {
      const file = readFileSync(join(sdlDir, `${name}.graphql`), "utf8");
      expect(file, `schema/sdl/${name}.graphql is out of date`).toBe(text);
    }
  });
});
