import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { hasRole } from "../../lib/access/scopes";
import { forbidden, unauthenticated } from "../../lib/errors";
import type { Store } from "../../lib/store";
import { DateTimeScalar } from "../../schema/scalars/graphql";
import type { GatewayContext } from "../context";
import { ApiKeyStore, type ApiKeyRecord } from "./store";

/**
 * The admin's API for partner keys, as a local subschema the gateway stitches beside the subgraphs.
 * Access is declared with the Federation auth directives (for readers of the SDL and for routers
 * that enforce them; defined as the gateway's other local schemas define them, so they stitch
 * together) and enforced here in every resolver, so the schema is safe on its own.
 */
export const apiKeysTypeDefs = /* GraphQL */ `
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  scalar DateTime

  """
  合作部门接口密钥 (partner API key): a partner department's credential, sent as \`X-API-Key\`.
  Only its hash is kept; the key itself is shown once, when issued or rotated.
  """
  type ApiKey @authenticated @policy(policies: [["admin"]]) {
    """密钥记录标识 key id: 轮换与吊销时用"""
    id: ID!
    """使用部门 (department): the partner department the key belongs to"""
    department: String!
    """授权范围 (scopes): what the key may read, e.g. person:read; without pii:read personal fields are masked"""
    scopes: [String!]!
    """密钥前缀 (prefix): the non-secret start of the current key, kb_<prefix>_…, to tell keys apart"""
    prefix: String!
    """签发时间 (created at)"""
    createdAt: DateTime!
    """失效时间 (expires at); null for a key without an end date"""
    expiresAt: DateTime
    """最近使用 (last used), to within a minute"""
    lastUsedAt: DateTime
    """吊销时间 (revoked at)"""
    revokedAt: DateTime
    """每分钟请求上限 (rate per minute): the key's own rate limit"""
    ratePerMinute: Int!
  }

  """新签发的密钥 (issued key): the key in full, shown this once, and its record"""
  type IssuedApiKey @authenticated @policy(policies: [["admin"]]) {
    """完整密钥 (key): store it now; Kuaiban keeps only its hash"""
    key: String!
    """密钥记录 the key's record"""
    apiKey: ApiKey!
  }

  """签发接口密钥 (issue API key)"""
  input IssueApiKeyInput {
    """使用部门 (department)"""
    department: String!
    """授权范围 (scopes): person:read, insurance:read, employment:read, archive:read, labor:read, card:read, employer:read, pii:read"""
    scopes: [String!]!
    """失效时间 (expires at), in the future; omitted: no end date"""
    expiresAt: DateTime
    """每分钟请求上限 (rate per minute), 1 to 60000; omitted: 600"""
    ratePerMinute: Int
  }

  type Query {
    """全部接口密钥 (API keys), newest first; administrators only"""
    apiKeys: [ApiKey!]! @authenticated @policy(policies: [["admin"]])
  }

  type Mutation {
    """签发接口密钥 (issue an API key); administrators only"""
    issueApiKey(
      """签发内容 what to issue"""
      input: IssueApiKeyInput!
    ): IssuedApiKey! @authenticated @policy(policies: [["admin"]])
    """
    轮换接口密钥 (rotate an API key): a new key for the same record; the old one keeps working for
    graceSeconds (0 to 2592000), then not
    """
    rotateApiKey(
      """密钥记录标识 key id"""
      id: ID!
      """旧密钥继续有效的秒数 grace seconds, 0 至 2592000"""
      graceSeconds: Int = 3600
    ): IssuedApiKey! @authenticated @policy(policies: [["admin"]])
    """吊销接口密钥 (revoke an API key), at once"""
    revokeApiKey(
      """密钥记录标识 key id"""
      id: ID!
    ): ApiKey! @authenticated @policy(policies: [["admin"]])
  }
`;

function requireAdmin(ctx: GatewayContext): void {
  if (!ctx?.principal) throw unauthenticated("Sign in at the hub to manage API keys");
  if (!hasRole(ctx.principal, "admin")) throw forbidden("Only administrators manage API keys");
}

type IssueArgs = { input: { department: string; scopes: string[]; expiresAt?: Date | null; ratePerMinute?: number | null } };

export function apiKeysSchema(deps: { store: Store; keys?: ApiKeyStore }): GraphQLSchema {
  const keys = deps.keys ?? new ApiKeyStore(deps.store);
  const admin =
    <A, R>(fn: (args: A) => Promise<R>) =>
    (_: unknown, args: A, ctx: GatewayContext): Promise<R> => {
      requireAdmin(ctx);
      return fn(args);
    };
  return makeExecutableSchema({
    typeDefs: apiKeysTypeDefs,
    resolvers: {
      DateTime: DateTimeScalar,
      Query: {
        apiKeys: admin<Record<string, never>, ApiKeyRecord[]>(() => keys.list()),
      },
      Mutation: {
        issueApiKey: admin<IssueArgs, unknown>(({ input }) => keys.issue(input)),
        rotateApiKey: admin<{ id: string; graceSeconds?: number | null }, unknown>(({ id, graceSeconds }) => keys.rotate(id, graceSeconds ?? 3600)),
        revokeApiKey: admin<{ id: string }, ApiKeyRecord>(({ id }) => keys.revoke(id)),
      },
    },
  });
}
