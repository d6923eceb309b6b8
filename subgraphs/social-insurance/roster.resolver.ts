import { rosterResolverFor } from "../../lib/roster.resolver";
import { Employer } from "./employer.type";
import { SYSTEM } from "./adapter";

/** The 社保经办机构 roster of an employer's staff, kept in step by roster events. */
export const RosterResolver = rosterResolverFor(Employer, "socialInsuranceRoster", SYSTEM, "社保人员名单 social-insurance roster: 本系统所记该单位职工名单 (人员名单), 随每个办结事项同步更新");
