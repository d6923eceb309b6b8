import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { log } from "../../lib/log";
import { announceStore, createStore } from "../../lib/store";
import { startOneThing } from "./index";

// Standalone entry: ONE_THING_PORT, REDIS_URL, <AGENCY>_SUBGRAPH_URL, ONE_THING_* engine settings
// (see options.ts). On start the engine resumes every unfinished application in the store.
const store = createStore();
announceStore(store);
const running = await startOneThing({ store });
log.info({ url: running.url, owner: running.engine.runner.owner }, "one-thing engine running");
onShutdown(() => store.close());
onShutdown(() => running.close());
