import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's folder (the one holding package.json), found by walking up from this module: the
 * same answer when it runs as TypeScript (`lib/paths.ts`) and when it is bundled into `dist/`. Data
 * files (calendar years, code tables, emitted SDL, explorer sources) are read from there.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the project's folder (no package.json above the running code)");
    dir = up;
  }
}

export const projectRoot = findRoot();
/** A path inside the project, e.g. `fromRoot("schema", "sdl")`. */
export const fromRoot = (...parts: string[]): string => join(projectRoot, ...parts);
