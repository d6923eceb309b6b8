import { agencyAccess, employerField } from "../../lib/access/tables";
import type { AccessTable } from "../../lib/access/requirements";

/** Who may read and do what in the employment subgraph, published in its SDL (see lib/access/tables.ts). */
export const access: AccessTable = agencyAccess("employment", {
  "Person.employment": { scopes: [["employment:read"]] },
  "Query.employmentCase": { authenticated: true, policies: [["agency-item"]] },
  "Employer.employmentRoster": employerField("employment:read"),
});
