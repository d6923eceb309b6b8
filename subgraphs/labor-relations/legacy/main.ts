import { onShutdown } from "../../../lib/http";
import { log } from "../../../lib/log";
import { startLaborRelationsLegacy } from "./index";

// Standalone entry of the stand-in (LABOR_RELATIONS_LEGACY_PORT); REST/JSON.
const running = await startLaborRelationsLegacy();
log.info({ url: running.url }, "labor-relations legacy stand-in listening");
onShutdown(() => running.close());
