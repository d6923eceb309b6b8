import { rosterResolverFor } from "../../lib/roster.resolver";
import { Employer } from "./person.type";
import { SYSTEM } from "./adapter";

/** The 劳动用工管理部门 roster of an employer's staff, kept in step by roster events. */
export const RosterResolver = rosterResolverFor(Employer, "laborRelationsRoster", SYSTEM, "劳动关系人员名单 labour-relations roster: 劳动关系系统所记该单位职工名单 (人员名单), 随每个办结事项同步更新");
