/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** NONE = 未申领, IN_PRODUCTION = 制卡中, NOT_ACTIVATED = 已发卡未启用, ACTIVE = 正常, LOST = 挂失, CANCELLED = 注销 */
export type CardStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'IN_PRODUCTION'
  | 'LOST'
  | 'NONE'
  | 'NOT_ACTIVATED';

/** EMPLOYED = 就业登记 in force, UNEMPLOYED = 失业登记 in force, NONE = no registration in force */
export type EmploymentRegistrationStatus =
  | 'EMPLOYED'
  | 'NONE'
  | 'UNEMPLOYED';

/** 人员参保状态 (AAC008): 正常参保, 暂停参保, 终止参保 */
export type EnrolmentStatus =
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'TERMINATED';

/** 险种 (AAE140): 养老, 失业, 医疗, 工伤, 生育 */
export type Insurance =
  | 'MATERNITY'
  | 'MEDICAL'
  | 'PENSION'
  | 'UNEMPLOYMENT'
  | 'WORK_INJURY';

export type CitizenOwnDataQueryVariables = Exact<{
  idNumber: string;
}>;


export type CitizenOwnDataQuery = { person: { name: string | null, region: string | null, socialInsurance: { enrolments: Array<{ insurance: Insurance | null, status: EnrolmentStatus | null, employer: { name: string | null } | null }> } | null, employment: { registration: { status: EmploymentRegistrationStatus, since: string | null } } | null, archive: { keeper: string } | null, socialSecurityCard: { status: CardStatus } | null } | null };

export type EmployerOwnDataQueryVariables = Exact<{
  creditCode: string;
}>;


export type EmployerOwnDataQuery = { employer: { name: string | null, region: string | null, insuredStaff: { totalCount: number } | null } | null };

export type StaffPingQueryVariables = Exact<{ [key: string]: never; }>;


export type StaffPingQuery = { __typename: 'Query' };

export type MyDataAccessQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type MyDataAccessQuery = { myDataAccess: { nodes: Array<{ id: string, at: string, actorKind: string, actor: string, department: string | null, purpose: string | null, caseId: string | null, systems: Array<string>, fields: Array<string> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const CitizenOwnDataDocument = new TypedDocumentString(`
    query CitizenOwnData($idNumber: IdNumber!) {
  person(idNumber: $idNumber) {
    name
    region
    socialInsurance {
      enrolments {
        insurance
        status
        employer {
          name
        }
      }
    }
    employment {
      registration {
        status
        since
      }
    }
    archive {
      keeper
    }
    socialSecurityCard {
      status
    }
  }
}
    `) as unknown as TypedDocumentString<CitizenOwnDataQuery, CitizenOwnDataQueryVariables>;
export const EmployerOwnDataDocument = new TypedDocumentString(`
    query EmployerOwnData($creditCode: CreditCode!) {
  employer(creditCode: $creditCode) {
    name
    region
    insuredStaff(first: 1) {
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<EmployerOwnDataQuery, EmployerOwnDataQueryVariables>;
export const StaffPingDocument = new TypedDocumentString(`
    query StaffPing {
  __typename
}
    `) as unknown as TypedDocumentString<StaffPingQuery, StaffPingQueryVariables>;
export const MyDataAccessDocument = new TypedDocumentString(`
    query MyDataAccess($after: String) {
  myDataAccess(first: 20, after: $after) {
    nodes {
      id
      at
      actorKind
      actor
      department
      purpose
      caseId
      systems
      fields
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<MyDataAccessQuery, MyDataAccessQueryVariables>;