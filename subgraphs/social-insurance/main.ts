import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startSocialInsurance } from "./index";

// Standalone entry: REDIS_URL (or the embedded store), SOCIAL_INSURANCE_PORT, SOCIAL_INSURANCE_LEGACY_URL, SI_CODE_TABLES.
const store = createStore();
announceStore(store);
const running = await startSocialInsurance({ store });
onShutdown(() => store.close());
onShutdown(() => running.close());
