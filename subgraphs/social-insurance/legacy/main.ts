import { onShutdown } from "../../../lib/http";
import { log } from "../../../lib/log";
import { startSocialInsuranceLegacy } from "./index";

// Standalone entry of the stand-in core platform (SOCIAL_INSURANCE_LEGACY_PORT).
const running = await startSocialInsuranceLegacy();
log.info({ url: running.url }, "social-insurance legacy stand-in listening");
onShutdown(() => running.close());
