import { rosterResolverFor } from "../../lib/roster.resolver";
import { Employer } from "./person.type";
import { SYSTEM } from "./adapter";

/** The 劳动用工管理部门 roster of an employer's staff, kept in step by roster events. */
export const RosterResolver = rosterResolverFor(Employer, "laborRelationsRoster", SYSTEM, "This agency's roster of the employer's staff (人员名单), kept in step with every completed item");
