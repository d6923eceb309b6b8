import type { Principal } from "../../lib/principal";

/**
 * A window clerk, for tests of the agency systems through the gateway: item operations are staff
 * work. How a real request becomes this principal (hub tokens) is tested by the hub's own tests.
 */
export const clerk: Principal = { kind: "staff", subject: "test-clerk", roles: ["clerk"], agency: "social-insurance", region: "太原市" };
export const asClerk = async (): Promise<Principal> => clerk;
