import { onShutdown } from "../../../lib/http";
import { log } from "../../../lib/log";
import { startPersonnelLegacy } from "./index";

// Standalone entry of the stand-in (PERSONNEL_LEGACY_PORT); POST /rsda/api/<verb>.
const running = await startPersonnelLegacy();
log.info({ url: running.url }, "personnel legacy stand-in listening");
onShutdown(() => running.close());
