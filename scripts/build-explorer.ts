import { ensureExplorerBundle } from "../gateway/explorer/build";

// npm run build:explorer: builds (or finds) the explorer's browser bundle and prints its folder
const started = Date.now();
const bundle = await ensureExplorerBundle();
console.log(`explorer bundle ${bundle.key} in ${bundle.dir} (${Date.now() - started} ms)`);
