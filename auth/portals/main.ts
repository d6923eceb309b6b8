import { onShutdown } from "../../lib/http";
import { announceStore, createStore } from "../../lib/store";
import { startDemoPortals } from "./index";

// The two demo portals alone: `npm run start:portals`.
process.env.KUAIBAN_COMPONENT ??= "portals";
const store = createStore();
announceStore(store);
onShutdown(() => store.close());
const portals = await startDemoPortals({ store });
onShutdown(() => portals.close());
