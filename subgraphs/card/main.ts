import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startCard } from "./index";

// Standalone entry: REDIS_URL (or the embedded store), CARD_PORT, CARD_LEGACY_URL.
const store = createStore();
announceStore(store);
const running = await startCard({ store });
onShutdown(() => store.close());
onShutdown(() => running.close());
