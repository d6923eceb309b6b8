import { onShutdown } from "../../../lib/http";
import { log } from "../../../lib/log";
import { startCardLegacy } from "./index";

// Standalone entry of the stand-in card system (CARD_LEGACY_PORT, CARD_PRODUCTION_MS, CARD_BATCH_PRODUCTION_MS, CARD_INSTANT_REGIONS).
const running = await startCardLegacy();
log.info({ url: running.url }, "card legacy stand-in listening");
onShutdown(() => running.close());
