import type { AccessTable } from "../../lib/access/requirements";

/**
 * Who may read and do what in the catalogue, published in its SDL. Everything it reads out is
 * public service information (items, bundles, time limits, service guides, the calendar, contact
 * points): no entry, anonymous callers get it. Changing the calendar is an administrator's.
 */
export const access: AccessTable = {
  "Mutation.addCalendarYear": { authenticated: true, policies: [["admin"]] },
};
