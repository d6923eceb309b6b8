import { agencyAccess, employerField } from "../../lib/access/tables";
import type { AccessTable } from "../../lib/access/requirements";

/** Who may read and do what in the labor-relations subgraph, published in its SDL (see lib/access/tables.ts). */
export const access: AccessTable = agencyAccess("labor-relations", {
  "Person.laborFilings": { scopes: [["labor:read"]] },
  "Query.laborRelationsCase": { authenticated: true, policies: [["agency-item"]] },
  "Employer.laborRelationsRoster": employerField("labor:read"),
  "Employer.filings": employerField("labor:read"),
});
