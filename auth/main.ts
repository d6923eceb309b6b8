import { isProduction } from "../lib/config";
import { onShutdown } from "../lib/http";
import { announceStore, createStore } from "../lib/store";
import { startAuth, startAuthStack } from "./index";

// `npm run start:auth`: the hub from the environment (see settings.ts). In development it also
// starts the national platform stand-in and the two demo portals, so sign-in can be tried alone.
process.env.KUAIBAN_COMPONENT ??= "auth";
const store = createStore();
announceStore(store);
onShutdown(() => store.close());
const running = isProduction() || process.env.AUTH_ONLY === "1" ? await startAuth({ store }) : await startAuthStack({ store });
onShutdown(() => running.close());
