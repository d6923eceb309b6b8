import type { Principal } from "../lib/principal";

export interface GatewayContext {
  /** Undefined for anonymous requests (the catalogue is public). */
  principal: Principal | undefined;
  requestId: string;
}
