import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startLaborRelations } from "./index";

// Standalone entry: LABOR_RELATIONS_PORT, LABOR_RELATIONS_LEGACY_URL, REDIS_URL.
const store = createStore();
announceStore(store);
const running = await startLaborRelations({ store });
onShutdown(() => store.close());
onShutdown(() => running.close());
