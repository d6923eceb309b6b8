/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Area =
  | 'EMPLOYMENT'
  | 'LABOR_RELATIONS'
  | 'PERSONNEL'
  | 'SOCIAL_INSURANCE';

export type CardStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'IN_PRODUCTION'
  | 'LOST'
  | 'NONE'
  | 'NOT_ACTIVATED';

export type ContactKind =
  | 'EMAIL'
  | 'PHONE';

export type EmploymentRegistrationStatus =
  | 'EMPLOYED'
  | 'NONE'
  | 'UNEMPLOYED';

export type EnrolmentStatus =
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'TERMINATED';

export type GuideChannelKind =
  | 'ONLINE_HALL'
  | 'WINDOW';

export type Insurance =
  | 'MATERNITY'
  | 'MEDICAL'
  | 'PENSION'
  | 'UNEMPLOYMENT'
  | 'WORK_INJURY';

export type GuideLimitTextFragment = { text: string, words: string, rules: Array<{ condition: string | null, words: string }> };

export type ServiceGuideQueryVariables = Exact<{
  code: string;
}>;


export type ServiceGuideQuery = { serviceGuide: { code: string, name: string, area: Area, office: string, who: string, conditions: Array<string>, delivery: Array<string>, feedback: Array<string>, basis: Array<string>, materials: Array<{ id: string, name: string, commitment: boolean }>, channels: Array<{ kind: GuideChannelKind, name: string, detail: string }>, timeLimits: { listed: boolean, seq: number | null, summary: string, counting: Array<string>, statutory: { text: string, words: string, rules: Array<{ condition: string | null, words: string }> } | null, accelerated: { text: string, words: string, rules: Array<{ condition: string | null, words: string }> } | null }, supervision: Array<{ name: string, kind: ContactKind, contact: string }>, scenarios: Array<{ seq: number, name: string }> } };

export type ScenarioGuideQueryVariables = Exact<{
  seq: number;
}>;


export type ScenarioGuideQuery = { scenarioGuide: { seq: number, name: string, agencies: Array<string>, conditions: Array<string>, materialsAsked: number, materialsSumOverItems: number, materialsCut: number, timeLimits: Array<string>, delivery: Array<string>, feedback: Array<string>, remarks: Array<string>, basis: Array<string>, items: Array<{ code: string, name: string, relationText: string | null, when: string | null, timeLimit: string }>, materials: Array<{ id: string, name: string, commitment: boolean, itemCodes: Array<string> }>, channels: Array<{ kind: GuideChannelKind, name: string, detail: string }>, supervision: Array<{ name: string, kind: ContactKind, contact: string }> } };

export type GuideIndexQueryVariables = Exact<{ [key: string]: never; }>;


export type GuideIndexQuery = { scenarioGuides: Array<{ seq: number, name: string }>, serviceGuides: Array<{ code: string, name: string, area: Area }> };

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
export const GuideLimitTextFragmentDoc = new TypedDocumentString(`
    fragment GuideLimitText on GuideLimit {
  text
  words
  rules {
    condition
    words
  }
}
    `, {"fragmentName":"GuideLimitText"}) as unknown as TypedDocumentString<GuideLimitTextFragment, unknown>;
export const ServiceGuideDocument = new TypedDocumentString(`
    query ServiceGuide($code: String!) {
  serviceGuide(code: $code) {
    code
    name
    area
    office
    who
    conditions
    materials {
      id
      name
      commitment
    }
    channels {
      kind
      name
      detail
    }
    timeLimits {
      listed
      seq
      statutory {
        ...GuideLimitText
      }
      accelerated {
        ...GuideLimitText
      }
      summary
      counting
    }
    delivery
    feedback
    supervision {
      name
      kind
      contact
    }
    scenarios {
      seq
      name
    }
    basis
  }
}
    fragment GuideLimitText on GuideLimit {
  text
  words
  rules {
    condition
    words
  }
}`) as unknown as TypedDocumentString<ServiceGuideQuery, ServiceGuideQueryVariables>;
export const ScenarioGuideDocument = new TypedDocumentString(`
    query ScenarioGuide($seq: Int!) {
  scenarioGuide(seq: $seq) {
    seq
    name
    agencies
    conditions
    items {
      code
      name
      relationText
      when
      timeLimit
    }
    materials {
      id
      name
      commitment
      itemCodes
    }
    materialsAsked
    materialsSumOverItems
    materialsCut
    channels {
      kind
      name
      detail
    }
    timeLimits
    delivery
    feedback
    supervision {
      name
      kind
      contact
    }
    remarks
    basis
  }
}
    `) as unknown as TypedDocumentString<ScenarioGuideQuery, ScenarioGuideQueryVariables>;
export const GuideIndexDocument = new TypedDocumentString(`
    query GuideIndex {
  scenarioGuides {
    seq
    name
  }
  serviceGuides {
    code
    name
    area
  }
}
    `) as unknown as TypedDocumentString<GuideIndexQuery, GuideIndexQueryVariables>;
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