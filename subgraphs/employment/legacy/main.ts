import { onShutdown } from "../../../lib/http";
import { log } from "../../../lib/log";
import { startEmploymentLegacy } from "./index";

// Standalone entry of the stand-in (EMPLOYMENT_LEGACY_PORT); the WSDL is at /?wsdl.
const running = await startEmploymentLegacy();
log.info({ url: running.url }, "employment legacy stand-in listening");
onShutdown(() => running.close());
