import { rosterResolverFor } from "../../lib/roster.resolver";
import { Employer } from "./person.type";
import { SYSTEM } from "./adapter";

/** The 公共就业服务机构 roster of an employer's staff, kept in step by roster events. */
export const RosterResolver = rosterResolverFor(Employer, "employmentRoster", SYSTEM, "就业人员名单 employment roster: 就业系统所记该单位职工名单 (人员名单), 随每个办结事项同步更新");
