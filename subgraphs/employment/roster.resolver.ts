import { rosterResolverFor } from "../../lib/roster.resolver";
import { Employer } from "./person.type";
import { SYSTEM } from "./adapter";

/** The 公共就业服务机构 roster of an employer's staff, kept in step by roster events. */
export const RosterResolver = rosterResolverFor(Employer, "employmentRoster", SYSTEM, "This agency's roster of the employer's staff (人员名单), kept in step with every completed item");
