import { agencyAccess } from "../../lib/access/tables";
import type { AccessTable } from "../../lib/access/requirements";

/** Who may read and do what in the card subgraph, published in its SDL (see lib/access/tables.ts). */
export const access: AccessTable = agencyAccess("card", {
  "Person.socialSecurityCard": { scopes: [["card:read"]] },
  "Query.cardCase": { authenticated: true, policies: [["agency-item"]] },
  // which counties issue cards on the spot (立等可取) is public service information
  "Query.cardInstantIssueRegions": {},
});
