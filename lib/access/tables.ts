import type { AccessTable } from "./requirements";

/**
 * The access every agency subgraph declares, beside its own fields: people are read under the
 * `person` rule, employers' non-public fields under the `employer` rule, and every item operation
 * is staff work under `agency-item`. An employer's name and region are on the public register and
 * need only a credential.
 */
export function agencyAccess(_agency: string, own: AccessTable = {}): AccessTable {
  return {
    // per field, not on the type: another subgraph's root fields (the public catalogue) are not this one's to rule
    "Query.*": { authenticated: true },
    "Mutation.*": { authenticated: true, policies: [["agency-item"]] },
    Person: { authenticated: true, policies: [["person"]] },
    Employer: { authenticated: true },
    ...own,
  };
}

/** An employer's field that holds its staff or its filings: its own operator, staff of its region, partners with the scope. */
export const employerField = (scope: string) => ({ policies: [["employer"]], scopes: [[scope]] });
