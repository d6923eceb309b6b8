import type { Principal } from "../../lib/principal";

/**
 * A clerk of the provincial window (省本级 covers the province), for tests of the agency systems
 * through the gateway: item operations are staff work. How a real request becomes this principal
 * (hub tokens) is tested by the hub's own tests; region scoping by tests/integration/access-layer.test.ts.
 * Staff state a purpose for reading people: `purpose` is the header the harnesses send.
 */
export const clerk: Principal = { kind: "staff", subject: "test-clerk", roles: ["clerk"], agency: "window", region: "省本级" };
export const purpose = { "x-purpose": "test" };
export const asClerk = async (): Promise<Principal> => clerk;

/**
 * Takes the principal from an `x-test-principal` header: lets one gateway in a test serve a
 * citizen, an employer operator and a clerk side by side.
 */
export const fromTestHeader = async (headers: Record<string, string | string[] | undefined>): Promise<Principal | undefined> => {
  const raw = headers["x-test-principal"];
  return typeof raw === "string" ? (JSON.parse(decodeURIComponent(raw)) as Principal) : undefined;
};
// header values are bytes: the principal's Chinese region names travel percent-encoded
export const as = (principal: Principal) => ({ "x-test-principal": encodeURIComponent(JSON.stringify(principal)) });
