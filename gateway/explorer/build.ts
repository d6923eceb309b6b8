import { projectRoot } from "../../lib/paths";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The explorer's browser bundle (GraphiQL, Monaco and its workers, fonts inlined in the CSS), built
 * with esbuild from node_modules and cached under `.cache/explorer/<key>/`. The key is a hash of
 * the versions of every package that goes into the bundle and of the explorer's own client
 * sources, so a build happens once per change and every later start reads the cache.
 *
 *   npm run build:explorer        builds (or finds) the bundle and prints its folder
 *
 * `npm run build` copies the bundle into `dist/explorer/` (with its key in `key.txt`): a production
 * image holds the compiled code without the explorer's sources or esbuild, and serves that copy.
 */

const root = projectRoot;
const here = join(root, "gateway", "explorer");
const clientDir = join(here, "client");
const require = createRequire(import.meta.url);

/** What goes into the bundle: a new version of any of them is a new bundle. */
const BUNDLED_PACKAGES = ["graphiql", "@graphiql/react", "@graphiql/plugin-doc-explorer", "@graphiql/plugin-history", "monaco-editor", "monaco-graphql", "react", "react-dom", "graphql", "esbuild"];

/** The files the explorer page loads; all of them are served from the bundle folder. */
export const EXPLORER_FILES = {
  script: "explorer.js",
  style: "explorer.css",
  callback: "callback.js",
  workers: { editor: "editor.worker.js", json: "json.worker.js", graphql: "graphql.worker.js" },
} as const;

export interface ExplorerBundle {
  /** Folder holding the built files. */
  dir: string;
  /** Short content key, part of the asset URLs so browsers may cache them for good. */
  key: string;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "missing";
  }
}

/** The bundle's cache key: package versions plus the explorer's client sources. */
export function bundleKey(): string {
  const hash = createHash("sha256");
  for (const name of BUNDLED_PACKAGES) hash.update(`${name}@${packageVersion(name)}\n`);
  for (const file of readdirSync(clientDir).sort()) hash.update(`${file}\n`).update(readFileSync(join(clientDir, file)));
  return hash.digest("hex").slice(0, 16);
}

const complete = (dir: string) => [EXPLORER_FILES.script, EXPLORER_FILES.style, EXPLORER_FILES.callback, ...Object.values(EXPLORER_FILES.workers)].every((f) => existsSync(join(dir, f)));

const inFlight = new Map<string, Promise<ExplorerBundle>>();

/**
 * The bundle for the installed packages: from the cache when it is there, built (a few seconds,
 * once) when it is not. Concurrent callers in one process share one build; a build writes to a
 * temporary folder and renames it, so another process never reads half a bundle.
 */
export function ensureExplorerBundle(cacheRoot = process.env.GATEWAY_EXPLORER_CACHE ?? join(root, ".cache", "explorer")): Promise<ExplorerBundle> {
  // a production image: the bundle made by `npm run build`, no sources to build one from
  if (!existsSync(clientDir)) {
    const dir = join(root, "dist", "explorer");
    if (complete(dir) && existsSync(join(dir, "key.txt"))) return Promise.resolve({ dir, key: readFileSync(join(dir, "key.txt"), "utf8").trim() });
    return Promise.reject(new Error(`the explorer bundle is neither built (${dir}) nor buildable here (no ${clientDir})`));
  }
  const key = bundleKey();
  const dir = join(cacheRoot, key);
  if (complete(dir)) return Promise.resolve({ dir, key });
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = build(dir).then(() => ({ dir, key }));
    inFlight.set(dir, pending);
    pending.finally(() => inFlight.delete(dir)).catch(() => undefined);
  }
  return pending;
}

/** Half-made bundles of processes that stopped mid-build (older than a build can take). */
function removeStaleBuilds(cacheRoot: string): void {
  if (!existsSync(cacheRoot)) return;
  for (const name of readdirSync(cacheRoot)) {
    if (!name.includes(".tmp-")) continue;
    const started = Number(name.slice(name.lastIndexOf("-") + 1));
    if (Date.now() - started > 10 * 60_000) rmSync(join(cacheRoot, name), { recursive: true, force: true });
  }
}

async function build(dir: string): Promise<void> {
  // esbuild is a build tool (a devDependency): loaded only when a bundle has to be made
  const esbuild = await import("esbuild");
  removeStaleBuilds(dirname(dir));
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const common = {
      bundle: true,
      minify: true,
      legalComments: "linked" as const,
      target: ["chrome120", "firefox120", "safari17"],
      define: { "process.env.NODE_ENV": '"production"' },
      outdir: tmp,
      logLevel: "warning" as const,
      absWorkingDir: root,
      // fonts and images the CSS refers to are inlined: no request leaves for them
      loader: { ".ttf": "dataurl", ".woff": "dataurl", ".woff2": "dataurl", ".svg": "dataurl", ".png": "dataurl" } as const,
    };
    await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: { explorer: join(clientDir, "explorer.ts"), callback: join(clientDir, "callback.ts") },
        format: "esm",
      }),
      // Monaco's workers as classic scripts: `new Worker(url)` from the page's own origin
      esbuild.build({
        ...common,
        entryPoints: {
          "editor.worker": require.resolve("monaco-editor/esm/vs/editor/editor.worker.js"),
          "json.worker": require.resolve("monaco-editor/esm/vs/language/json/json.worker.js"),
          "graphql.worker": require.resolve("monaco-graphql/esm/graphql.worker.js"),
        },
        format: "iife",
      }),
    ]);
    writeFileSync(join(tmp, "versions.json"), JSON.stringify(Object.fromEntries(BUNDLED_PACKAGES.map((p) => [p, packageVersion(p)])), null, 2));
    if (!complete(tmp)) throw new Error("the explorer build did not produce every file");
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // another process finished the same bundle first: keep its copy
      if (!complete(dir)) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

