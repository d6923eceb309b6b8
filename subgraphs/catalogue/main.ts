import "reflect-metadata";
import { onShutdown, requireSharedSecrets } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startCatalogue } from "./index";

// Standalone entry: CATALOGUE_PORT; REDIS_URL, where the calendar years an administrator adds are
// kept (CALENDAR_DIR for the folder, CALENDAR_RESCAN_MS, CALENDAR_HORIZON_DAYS for /ready).
requireSharedSecrets(); // a missing production secret stops the process before the store is asked for
const store = createStore();
announceStore(store);
const running = await startCatalogue({ store });
onShutdown(() => store.close());
onShutdown(() => running.close());
