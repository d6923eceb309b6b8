import { agencyAccess, employerField } from "../../lib/access/tables";
import type { AccessTable } from "../../lib/access/requirements";

/** Who may read and do what in the social-insurance subgraph, published in its SDL (see lib/access/tables.ts). */
export const access: AccessTable = agencyAccess("social-insurance", {
  "Person.name": { scopes: [["person:read"]] },
  "Person.gender": { scopes: [["person:read"]] },
  "Person.birthDate": { scopes: [["person:read"]] },
  "Person.region": { scopes: [["person:read"]] },
  "Person.socialInsurance": { scopes: [["insurance:read"]] },
  "Query.persons": { authenticated: true, policies: [["person-list"]] },
  "Query.socialInsuranceCase": { authenticated: true, policies: [["agency-item"]] },
  "Employer.unitNo": { scopes: [["employer:read"]] },
  "Employer.insuredStaff": employerField("insurance:read"),
  "Employer.socialInsuranceRoster": employerField("insurance:read"),
});
