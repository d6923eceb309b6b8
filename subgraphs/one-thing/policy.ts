import type { AccessTable } from "../../lib/access/requirements";

/**
 * Who may read and do what in the one-thing subgraph, published in its SDL. Whose application
 * this is (the applicant, her employer, the window of its region, the agencies with a step in it)
 * is not a rule the named policies decide, so those fields need a credential here and the
 * resolvers decide the rest (see access.ts); people are read under the same `person` rule as in
 * the agency systems.
 */
export const access: AccessTable = {
  "Query.*": { authenticated: true },
  // the one material set of each bundle is public service information (一次告知)
  "Query.materialsFor": {},
  // the statistics: the province's supervisor and administrator, a city's staff (lib/access/figures.ts)
  "Query.contactPointStats": { authenticated: true, policies: [["figures"]] },
  "Query.officeStats": { authenticated: true, policies: [["figures"]] },
  "Query.itemPerformance": { authenticated: true, policies: [["figures"]] },
  "Query.noticeTargets": { authenticated: true, policies: [["figures"]] },
  "Query.monthlyTrend": { authenticated: true, policies: [["figures"]] },
  "Mutation.*": { authenticated: true },
  "Subscription.*": { authenticated: true },
  Person: { authenticated: true, policies: [["person"]] },
  Employer: { authenticated: true },
  Application: { authenticated: true },
  VerificationTask: { authenticated: true },
  ApplicantRecordEntry: { authenticated: true },
  OfficeFigures: { authenticated: true },
  ItemPerformance: { authenticated: true },
  NoticeTargets: { authenticated: true },
  MonthFigures: { authenticated: true },
  Rating: { authenticated: true },
  RatingFollowUp: { authenticated: true },
  // the agency's staff; which steps each one sees is decided with data (access.ts riskScope)
  StepAtRisk: { authenticated: true },
};
