import type { AccessState } from "../lib/access/enforce";
import type { Principal } from "../lib/principal";
import type { Returned } from "./audit-plugin";

export interface GatewayContext {
  /** Undefined for anonymous requests (the catalogue is public). */
  principal: Principal | undefined;
  requestId: string;
  /** Why staff or a partner read personal data (`X-Purpose`), and the case it is for (`X-Case-Id`). */
  purpose?: string;
  caseId?: string;
  /** This request's access decisions and the people and employers it returned. */
  access?: AccessState;
  /** The people and employers the response contains (for the audit). */
  returned?: Returned;
  /** Signed principals of this request, one per subgraph. */
  signed?: Map<string, string>;
}
