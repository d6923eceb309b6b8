import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startPersonnel } from "./index";

// Standalone entry: PERSONNEL_PORT, PERSONNEL_LEGACY_URL, REDIS_URL.
const store = createStore();
announceStore(store);
const running = await startPersonnel({ store });
onShutdown(() => store.close());
onShutdown(() => running.close());
