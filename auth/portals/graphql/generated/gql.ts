/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query CitizenOwnData($idNumber: IdNumber!) {\n  person(idNumber: $idNumber) {\n    name\n    region\n    socialInsurance {\n      enrolments {\n        insurance\n        status\n        employer {\n          name\n        }\n      }\n    }\n    employment {\n      registration {\n        status\n        since\n      }\n    }\n    archive {\n      keeper\n    }\n    socialSecurityCard {\n      status\n    }\n  }\n}\n\nquery EmployerOwnData($creditCode: CreditCode!) {\n  employer(creditCode: $creditCode) {\n    name\n    region\n    insuredStaff(first: 1) {\n      totalCount\n    }\n  }\n}\n\nquery StaffPing {\n  __typename\n}\n\nquery MyDataAccess($after: String) {\n  myDataAccess(first: 20, after: $after) {\n    nodes {\n      id\n      at\n      actorKind\n      actor\n      department\n      purpose\n      caseId\n      systems\n      fields\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}": typeof types.CitizenOwnDataDocument,
};
const documents: Documents = {
    "query CitizenOwnData($idNumber: IdNumber!) {\n  person(idNumber: $idNumber) {\n    name\n    region\n    socialInsurance {\n      enrolments {\n        insurance\n        status\n        employer {\n          name\n        }\n      }\n    }\n    employment {\n      registration {\n        status\n        since\n      }\n    }\n    archive {\n      keeper\n    }\n    socialSecurityCard {\n      status\n    }\n  }\n}\n\nquery EmployerOwnData($creditCode: CreditCode!) {\n  employer(creditCode: $creditCode) {\n    name\n    region\n    insuredStaff(first: 1) {\n      totalCount\n    }\n  }\n}\n\nquery StaffPing {\n  __typename\n}\n\nquery MyDataAccess($after: String) {\n  myDataAccess(first: 20, after: $after) {\n    nodes {\n      id\n      at\n      actorKind\n      actor\n      department\n      purpose\n      caseId\n      systems\n      fields\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}": types.CitizenOwnDataDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CitizenOwnData($idNumber: IdNumber!) {\n  person(idNumber: $idNumber) {\n    name\n    region\n    socialInsurance {\n      enrolments {\n        insurance\n        status\n        employer {\n          name\n        }\n      }\n    }\n    employment {\n      registration {\n        status\n        since\n      }\n    }\n    archive {\n      keeper\n    }\n    socialSecurityCard {\n      status\n    }\n  }\n}\n\nquery EmployerOwnData($creditCode: CreditCode!) {\n  employer(creditCode: $creditCode) {\n    name\n    region\n    insuredStaff(first: 1) {\n      totalCount\n    }\n  }\n}\n\nquery StaffPing {\n  __typename\n}\n\nquery MyDataAccess($after: String) {\n  myDataAccess(first: 20, after: $after) {\n    nodes {\n      id\n      at\n      actorKind\n      actor\n      department\n      purpose\n      caseId\n      systems\n      fields\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}"): typeof import('./graphql').CitizenOwnDataDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
