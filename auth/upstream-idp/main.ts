import { onShutdown } from "../../lib/http";
import { startUpstreamIdp } from "./index";

// The national platform stand-in alone (development only): `npm run start:upstream-idp`.
process.env.KUAIBAN_COMPONENT ??= "upstream-idp";
const idp = await startUpstreamIdp();
onShutdown(() => idp.close());
