import { agencyAccess, employerField } from "../../lib/access/tables";
import type { AccessTable } from "../../lib/access/requirements";

/** Who may read and do what in the personnel subgraph, published in its SDL (see lib/access/tables.ts). */
export const access: AccessTable = agencyAccess("personnel", {
  "Person.archive": { scopes: [["archive:read"]] },
  "Query.personnelCase": { authenticated: true, policies: [["agency-item"]] },
  "Employer.hiringFilings": employerField("archive:read"),
});
