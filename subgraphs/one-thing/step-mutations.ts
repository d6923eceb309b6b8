import { itemByCode, type AgencyId } from "../../schema/catalogue";
import type { Application, ApplicationStep } from "./application";
import {
  archiveRegionOf, contractTypeOf, endDateOf, partyOrganizationOf, pensionFromRegionOf, positionOf, startDateOf, terminationKindOf,
} from "./details";
import type { Action } from "./workflow";

/**
 * The one table of how a step is performed: which agency subgraph, which mutation, which
 * arguments. Every step goes to the agency that owns its item code: through the typed mutation of
 * its action where the agency has one, else through the agency's generic item mutation.
 */
export interface MutationCall {
  agency: AgencyId;
  mutation: string;
  document: string;
  variables: Record<string, unknown>;
}

export const RECEIPT = "caseNumber itemCode system status acceptedAt completedAt idempotencyKey notes limitCondition";

/** The query each agency answers a case's state with (办件状态), by its case number and the step's key. */
export const caseQuery: Record<AgencyId, string> = {
  "social-insurance": "socialInsuranceCase",
  employment: "employmentCase",
  personnel: "personnelCase",
  "labor-relations": "laborRelationsCase",
  card: "cardCase",
};

export function caseQueryFor(agency: AgencyId, caseNumber: string, idempotencyKey: string): { query: string; document: string; variables: Record<string, unknown> } {
  const query = caseQuery[agency];
  return {
    query,
    document: `query Case($caseNumber: String!, $idempotencyKey: String!) { ${query}(caseNumber: $caseNumber, idempotencyKey: $idempotencyKey) { ${RECEIPT} } }`,
    variables: { caseNumber, idempotencyKey },
  };
}

export const genericMutation: Record<AgencyId, string> = {
  "social-insurance": "acceptSocialInsuranceItem",
  employment: "acceptEmploymentItem",
  personnel: "acceptPersonnelItem",
  "labor-relations": "acceptLaborRelationsItem",
  card: "acceptCardItem",
};

type Args = Record<string, { type: string; value: unknown }>;

interface TypedMutation {
  mutation: string;
  /** When the typed mutation cannot express the step (no employer, a variant it does not take), the generic one is used. */
  applies?: (step: ApplicationStep, app: Application) => boolean;
  args: (step: ApplicationStep, app: Application) => Args;
}

const idNumber = (app: Application): Args => ({ idNumber: { type: "IdNumber!", value: app.idNumber } });
const atEmployer = (app: Application): Args => ({ ...idNumber(app), creditCode: { type: "CreditCode!", value: app.creditCode } });
const hasEmployer = (_: ApplicationStep, app: Application) => app.creditCode !== null;

/**
 * Actions the agencies serve with a typed mutation (each also takes `idempotencyKey: String!`).
 * An action missing here goes through its agency's generic item mutation with the action in
 * `details`.
 */
export const typedMutations: Partial<Record<Action, TypedMutation>> = {
  ENROL_EMPLOYEE: {
    mutation: "enrolEmployee",
    applies: hasEmployer,
    args: (_, app) => ({ ...atEmployer(app), since: { type: "Date", value: startDateOf(app) } }),
  },
  CONTRIBUTORS_INCREASE: {
    mutation: "changeContributors",
    applies: hasEmployer,
    args: (step, app) => ({
      ...atEmployer(app),
      change: { type: "ContributorChange!", value: "INCREASE" },
      insurances: { type: "[Insurance!]", value: step.params.insurances ?? null },
      since: { type: "Date", value: startDateOf(app) },
    }),
  },
  CONTRIBUTORS_DECREASE: {
    mutation: "changeContributors",
    applies: hasEmployer,
    args: (step, app) => ({
      ...atEmployer(app),
      change: { type: "ContributorChange!", value: "DECREASE" },
      insurances: { type: "[Insurance!]", value: step.params.insurances ?? null },
      since: { type: "Date", value: endDateOf(app) },
    }),
  },
  STOP_UNEMPLOYMENT_BENEFIT: { mutation: "stopUnemploymentBenefit", args: (_, app) => idNumber(app) },
  TRANSFER_PENSION_RELATION: {
    mutation: "transferPensionRelation",
    // 1.6.16 (城乡居民制度衔接) is not a relation transfer between regions
    applies: (step) => step.itemCode !== "1.6.16",
    args: (step, app) => ({
      itemCode: { type: "String!", value: step.itemCode },
      ...idNumber(app),
      fromRegion: { type: "String!", value: pensionFromRegionOf(app) },
      toRegion: { type: "String!", value: app.region },
    }),
  },
  APPLY_FOR_CARD: {
    mutation: "applyForCard",
    args: (_, app) => ({ ...idNumber(app), mode: { type: "CardApplicationMode", value: app.details.cardBatch === true ? "BATCH" : "SINGLE" } }),
  },
  ACTIVATE_CARD: { mutation: "activateCard", args: (_, app) => idNumber(app) },
  RESET_CARD_PASSWORD: { mutation: "resetCardPassword", args: (_, app) => idNumber(app) },
  REPORT_CARD_LOSS: { mutation: "reportCardLoss", args: (_, app) => idNumber(app) },
  REISSUE_CARD: { mutation: "reissueCard", args: (_, app) => idNumber(app) },
  CANCEL_CARD: { mutation: "cancelCard", args: (_, app) => ({ ...idNumber(app), reason: { type: "String", value: app.scenario === 9 ? "死亡" : null } }) },
  REGISTER_EMPLOYMENT: {
    mutation: "registerEmployment",
    applies: hasEmployer,
    args: (_, app) => ({
      input: { type: "RegisterEmploymentInput!", value: { idNumber: app.idNumber, employerCreditCode: app.creditCode, startDate: startDateOf(app) } },
    }),
  },
  REGISTER_UNEMPLOYMENT: {
    mutation: "registerUnemployment",
    args: (_, app) => ({ input: { type: "RegisterUnemploymentInput!", value: { idNumber: app.idNumber, registeredOn: startDateOf(app) } } }),
  },
  APPLY_FOR_EMPLOYMENT_CARD: { mutation: "applyForEmploymentCard", args: (_, app) => idNumber(app) },
  ACCEPT_GRADUATE: {
    mutation: "acceptGraduate",
    applies: hasEmployer,
    args: (_, app) => ({
      input: { type: "AcceptGraduateInput!", value: { idNumber: app.idNumber, employerCreditCode: app.creditCode, reportingDate: startDateOf(app) } },
    }),
  },
  TRANSFER_ARCHIVE: { mutation: "transferArchive", args: (_, app) => ({ ...idNumber(app), toRegion: { type: "String!", value: archiveRegionOf(app) } }) },
  TRANSFER_PARTY_RELATION: {
    mutation: "transferPartyRelation",
    args: (_, app) => ({ ...idNumber(app), toOrganization: { type: "String!", value: partyOrganizationOf(app) } }),
  },
  FILE_PUBLIC_INSTITUTION_HIRE: {
    mutation: "filePublicInstitutionHire",
    applies: hasEmployer,
    args: (_, app) => ({
      input: {
        type: "PublicInstitutionHireInput!",
        value: { employerCreditCode: app.creditCode, idNumber: app.idNumber, position: positionOf(app), hireDate: startDateOf(app) },
      },
    }),
  },
  FILE_EMPLOYMENT: {
    mutation: "fileEmployment",
    applies: hasEmployer,
    args: (_, app) => ({
      input: {
        type: "FileEmploymentInput!",
        value: {
          idNumber: app.idNumber, employerCreditCode: app.creditCode, contractType: contractTypeOf(app), startDate: startDateOf(app),
          endDate: typeof app.details.endDate === "string" ? app.details.endDate : null,
        },
      },
    }),
  },
  FILE_TERMINATION: {
    mutation: "fileTermination",
    applies: hasEmployer,
    args: (_, app) => ({
      input: {
        type: "FileTerminationInput!",
        value: { idNumber: app.idNumber, employerCreditCode: app.creditCode, endDate: endDateOf(app), kind: terminationKindOf(app) },
      },
    }),
  },
};

/** The details every call carries: the applicant's details, the step's parameters and where it comes from. */
function detailsOf(step: ApplicationStep, app: Application): Record<string, unknown> {
  return {
    ...app.details,
    ...step.params,
    action: step.action,
    scenario: app.scenario,
    applicationId: app.id,
    stepId: step.id,
    facts: Object.entries(app.facts).filter(([, v]) => v).map(([k]) => k),
  };
}

function render(mutation: string, args: Args): Pick<MutationCall, "document" | "variables"> {
  const names = Object.keys(args);
  const decl = names.map((n) => `$${n}: ${args[n]!.type}`).join(", ");
  const pass = names.map((n) => `${n}: $${n}`).join(", ");
  return {
    document: `mutation Step(${decl}) { ${mutation}(${pass}) { ${RECEIPT} } }`,
    variables: Object.fromEntries(names.map((n) => [n, args[n]!.value])),
  };
}

export function mutationFor(step: ApplicationStep, app: Application, idempotencyKey: string): MutationCall {
  const item = itemByCode(step.itemCode);
  if (!item) throw new Error(`unknown item ${step.itemCode}`);
  const typed = typedMutations[step.action];
  if (typed && (typed.applies?.(step, app) ?? true)) {
    const args = { ...typed.args(step, app), idempotencyKey: { type: "String!", value: idempotencyKey } };
    return { agency: item.agency, mutation: typed.mutation, ...render(typed.mutation, args) };
  }
  const mutation = genericMutation[item.agency];
  const args: Args = {
    itemCode: { type: "String!", value: step.itemCode },
    idNumber: { type: "IdNumber", value: app.idNumber },
    creditCode: { type: "CreditCode", value: app.creditCode },
    details: { type: "JSONObject", value: detailsOf(step, app) },
    idempotencyKey: { type: "String!", value: idempotencyKey },
  };
  return { agency: item.agency, mutation, ...render(mutation, args) };
}
