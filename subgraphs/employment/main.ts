import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startEmployment } from "./index";

// Standalone entry: EMPLOYMENT_PORT, EMPLOYMENT_LEGACY_URL, REDIS_URL.
const store = createStore();
announceStore(store);
const running = await startEmployment({ store });
onShutdown(() => store.close());
onShutdown(() => running.close());
