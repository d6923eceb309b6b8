import { build } from "esbuild";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureExplorerBundle } from "../gateway/explorer/build";
import { fromRoot, projectRoot } from "../lib/paths";

/**
 * `npm run build`: every component's entry point compiled to JavaScript in `dist/`, so production
 * starts with `node dist/<component>/main.js` — no TypeScript compiler at run time. esbuild
 * compiles exactly as tsx does for `npm start` (the same transform, decorators included), bundles
 * the project's own modules per entry with shared chunks, and leaves npm packages to node_modules.
 * Data files stay where they are and are found from the project's folder (lib/paths.ts). The
 * explorer's browser bundle is built (or taken from its cache) into `dist/explorer/`, so an image
 * with only `dist/` and the production packages serves it.
 */
export const entryPoints = [
  "gateway/main.ts",
  "auth/main.ts",
  "auth/portals/main.ts",
  "auth/upstream-idp/main.ts",
  "subgraphs/catalogue/main.ts",
  "subgraphs/social-insurance/main.ts",
  "subgraphs/employment/main.ts",
  "subgraphs/personnel/main.ts",
  "subgraphs/labor-relations/main.ts",
  "subgraphs/card/main.ts",
  "subgraphs/one-thing/main.ts",
  "subgraphs/social-insurance/legacy/main.ts",
  "subgraphs/employment/legacy/main.ts",
  "subgraphs/personnel/legacy/main.ts",
  "subgraphs/labor-relations/legacy/main.ts",
  "subgraphs/card/legacy/main.ts",
  "dashboard/main.ts",
  "scripts/audit.ts",
].filter((entry) => existsSync(fromRoot(entry)));

export async function buildAll(outdir = fromRoot("dist")): Promise<{ outdir: string; entries: number }> {
  rmSync(outdir, { recursive: true, force: true });
  const explorer = ensureExplorerBundle();
  await build({
    absWorkingDir: projectRoot,
    entryPoints,
    outdir,
    outbase: ".",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    packages: "external",
    sourcemap: true,
    tsconfig: fromRoot("tsconfig.json"),
    logLevel: "warning",
    // type-graphql's decorators need the metadata polyfill before any class is defined; the
    // shared chunks an entry imports run before the entry's own first line, so every file loads it
    banner: { js: 'import "reflect-metadata";' },
    // the entry files keep their paths: dist/gateway/main.js, dist/subgraphs/catalogue/main.js, …
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
  });
  const bundle = await explorer;
  cpSync(bundle.dir, join(outdir, "explorer"), { recursive: true });
  writeFileSync(join(outdir, "explorer", "key.txt"), `${bundle.key}\n`);
  return { outdir, entries: entryPoints.length };
}

if (process.argv[1]?.endsWith("build.ts")) {
  const started = Date.now();
  const { outdir, entries } = await buildAll();
  console.log(`built ${entries} entry points into ${outdir} in ${Date.now() - started} ms; start one with: node dist/gateway/main.js`);
}
