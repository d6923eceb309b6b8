import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { subjectRef } from "../lib/audit";
import { listDataAccess, sealDataAccess } from "../lib/data-access";
import { forbidden, unauthenticated } from "../lib/errors";
import type { Principal } from "../lib/principal";
import type { Store } from "../lib/store";
import { DateScalar, DateTimeScalar, IdNumberScalar } from "../schema/scalars/graphql";
import type { GatewayContext } from "./context";

/**
 * The citizen's data tracker (我的数据被谁查看) as a schema of the gateway's own, stitched in beside
 * the subgraphs: a person pages through every audited read of her, newest first; auditors page
 * through anyone's and seal a read under investigation until a date. The auth directives document
 * the rules in the SDL; the resolvers enforce them.
 */
export const dataAccessTypeDefs = /* GraphQL */ `
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM

  scalar IdNumber
  scalar Date
  scalar DateTime

  """分页信息 page info: 是否还有下一页，以及继续翻页用的游标 (pass endCursor as \`after\`)"""
  type PageInfo {
    """本页最后一项的游标 end cursor, 作为 \`after\` 取下一页; 空页为 null"""
    endCursor: String
    """还有下一页 has next page"""
    hasNextPage: Boolean!
  }

  """数据查看记录 (data-access entry): one audited read that returned this person's data"""
  type DataAccessEntry {
    """记录标识 (entry id), what an auditor seals"""
    id: ID!
    """查看时间 (when the data was read)"""
    at: DateTime!
    """查看者类别 (actor kind): citizen, employer, staff or partner"""
    actorKind: String!
    """查看者 (actor): staff by role and office, partners by department; never a name or login"""
    actor: String!
    """所属部门 (department): the staff member's agency or the partner department"""
    department: String
    """查看事由 (purpose), as stated in X-Purpose"""
    purpose: String
    """案件编号 (case id), as stated in X-Case-Id"""
    caseId: String
    """涉及系统 (systems) that served the data"""
    systems: [String!]!
    """涉及字段 (fields): Type.field names of the personal data returned"""
    fields: [String!]!
    """封存至 (sealed until): an investigation's seal; the person sees the entry from this date"""
    sealedUntil: Date
  }

  """数据查看记录的分页边 (data-access edge)"""
  type DataAccessEdge {
    """游标 (cursor) to page on after this entry"""
    cursor: String!
    """数据查看记录 data-access entry"""
    node: DataAccessEntry!
  }

  """数据查看记录分页 (data-access connection), newest first"""
  type DataAccessConnection {
    """本页记录 nodes (edges 中 node 的简写)"""
    nodes: [DataAccessEntry!]!
    """本页各项 edges, 每项带游标"""
    edges: [DataAccessEdge!]!
    """分页信息 page info"""
    pageInfo: PageInfo!
  }

  type Query {
    """我的数据被谁查看 (my data access): every read of the signed-in resident's data, newest first"""
    myDataAccess(
      """每页条数 page size"""
      first: Int = 20
      """游标 cursor: 上一页 pageInfo.endCursor, 从其后取"""
      after: String
    ): DataAccessConnection! @authenticated @policy(policies: [["data-access-self"]])
    """某人的数据查看记录 (data access of a person), for auditors, sealed entries included"""
    dataAccess(
      """被查看人的公民身份号码 resident ID number of the person whose data was read"""
      idNumber: IdNumber!
      """每页条数 page size"""
      first: Int = 20
      """游标 cursor: 上一页 pageInfo.endCursor, 从其后取"""
      after: String
    ): DataAccessConnection! @authenticated @policy(policies: [["auditor"]])
  }

  type Mutation {
    """封存查看记录 (seal a data-access record) under investigation until a date; the reason is kept for auditors"""
    sealDataAccess(
      """记录标识 entry id"""
      recordId: ID!
      """封存至 sealed until: 此日起本人可见"""
      until: Date!
      """封存原因 reason, 仅审计人员可见"""
      reason: String!
    ): DataAccessEntry! @authenticated @policy(policies: [["auditor"]])
  }
`;

function citizen(principal: Principal | undefined) {
  if (!principal) throw unauthenticated();
  if (principal.kind !== "citizen") throw forbidden("Only a resident signed in as herself sees her data-access record");
  return principal;
}

function auditor(principal: Principal | undefined) {
  if (!principal) throw unauthenticated();
  if (principal.kind !== "staff" || !principal.roles.includes("auditor")) throw forbidden("Only auditors see or seal data-access records");
  return principal;
}

interface PageArgs { first?: number; after?: string | null }

export function dataAccessSchema(deps: { store: Store; now?: () => Date }): GraphQLSchema {
  const now = () => deps.now?.() ?? new Date();
  return makeExecutableSchema<GatewayContext>({
    typeDefs: dataAccessTypeDefs,
    resolvers: {
      IdNumber: IdNumberScalar,
      Date: DateScalar,
      DateTime: DateTimeScalar,
      Query: {
        myDataAccess: (_: unknown, args: PageArgs, ctx: GatewayContext) => {
          const me = citizen(ctx.principal);
          return listDataAccess(deps.store, subjectRef(me.idNumber), { ...args, audience: "citizen", now: now() });
        },
        dataAccess: (_: unknown, args: PageArgs & { idNumber: string }, ctx: GatewayContext) => {
          auditor(ctx.principal);
          return listDataAccess(deps.store, subjectRef(args.idNumber), { first: args.first, after: args.after, audience: "auditor", now: now() });
        },
      },
      Mutation: {
        sealDataAccess: (_: unknown, args: { recordId: string; until: string; reason: string }, ctx: GatewayContext) => {
          const by = auditor(ctx.principal);
          return sealDataAccess(deps.store, { id: args.recordId, until: args.until, reason: args.reason, by: by.subject, now: now() });
        },
      },
    },
  });
}
