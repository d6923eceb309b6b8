import { rosterResolverFor } from "../../lib/roster.resolver";
import { Employer } from "./employer.type";
import { SYSTEM } from "./adapter";

/** The 社保经办机构 roster of an employer's staff, kept in step by roster events. */
export const RosterResolver = rosterResolverFor(Employer, "socialInsuranceRoster", SYSTEM, "This agency's roster of the employer's staff (人员名单), kept in step with every completed item");
