import { createHash } from "node:crypto";
import { currentTraceparent } from "../../lib/tracing";
import { ErrorCode, KuaibanError, badInput, forbidden, unauthenticated } from "../../lib/errors";
import { regionCovers } from "../../lib/access/scopes";
import { legacyKeyFor } from "../../lib/idempotency";
import type { Principal } from "../../lib/principal";
import { itemByCode } from "../../schema/catalogue";
import { divisionCodes } from "../../schema/demo/regions";
import { checkCreditCode } from "../../schema/scalars/credit-code";
import { checkIdNumber } from "../../schema/scalars/id-number";
import type { Application, ApplicationStep, SubmittedBy } from "./application";
import { checkDetails } from "./details";
import type { ApplicationSubmittedFact } from "./figures/sink";
import { log } from "../../lib/log";
import { isContactPoint } from "../../schema/catalogue/contact-points";
import { materialById, materialsOfItem, producedByItem } from "./materials";
import type { StandingSource } from "./standing";
import { FACTS, type Fact, type Facts, conditionHolds, needsOf, performedCode, stepsOf } from "./workflow";
import { workflowFor } from "./workflows";
import { deadlineFields } from "./deadlines";

export interface CommitmentInput {
  material: string;
  statement?: string | null;
}

export interface SubmitInput {
  scenario: number;
  idNumber?: string | null;
  creditCode?: string | null;
  materials: string[];
  commitments?: CommitmentInput[] | null;
  /** Facts the applicant states (有无社保卡, 是否领取失业保险金 …); anything not stated is false. */
  facts?: Fact[] | null;
  details?: Record<string, unknown> | null;
  idempotencyKey: string;
}

const KEY_RE = /^[A-Za-z0-9._:-]{8,128}$/;
const regionByDivision = new Map(Object.entries(divisionCodes).map(([region, code]) => [code, region]));

/** The contact point an application belongs to: the window's for staff, else where the person (or employer) is registered. */
export function regionOf(principal: Principal | null, idNumber: string | null, creditCode: string | null): string {
  if (principal?.kind === "staff") return principal.region;
  const division = idNumber ? idNumber.slice(0, 6) : creditCode ? creditCode.slice(2, 8) : "";
  return regionByDivision.get(division) ?? regionByDivision.get(division.slice(0, 4) + "00") ?? "省本级";
}

/**
 * The office (one of the 23 contact points) that handles an application: the window clerk's own
 * for a window submission; online, the applicant's 参保地 as the social-insurance record holds it
 * (the employer's for an employer's submission, else the person's). Only when the record has none
 * (or cannot be read: the submission goes on, the office is a figure, not a permission) is it
 * derived from the ID number's or credit code's division prefix.
 */
export async function officeFor(
  principal: Principal,
  parties: { idNumber: string | null; creditCode: string | null },
  standing: StandingSource | undefined,
): Promise<string> {
  if (principal.kind === "staff") return principal.region;
  const byEmployer = principal.kind === "employer" && !!parties.creditCode;
  const fallback = byEmployer ? regionOf(null, null, parties.creditCode) : regionOf(null, parties.idNumber, parties.creditCode);
  if (!standing) return fallback;
  try {
    const known = byEmployer
      ? await standing({ idNumber: null, creditCode: parties.creditCode })
      : await standing({ idNumber: parties.idNumber, creditCode: null });
    const place = byEmployer ? known.employerRegion : known.personRegion;
    return place && isContactPoint(place) ? place : fallback;
  } catch (err) {
    log.warn({ err: String(err) }, "one-thing could not read the applicant's 参保地; the office follows the ID prefix");
    return fallback;
  }
}

/** What the statistics learn of a new application. */
export function submittedFact(app: Application): ApplicationSubmittedFact {
  return {
    applicationId: app.id,
    scenario: app.scenario,
    office: app.office ?? app.region,
    channel: app.submittedBy.kind === "staff" ? "WINDOW" : "ONLINE",
    submittedAt: app.submittedAt,
    materialsAsked: app.materialsAsked,
    materialsSumOverItems: app.materialsSumOverItems,
    itemsApplying: app.steps.filter((s) => s.itemCodes.length > 0 && s.state.phase !== "SKIPPED").length,
    commitments: app.commitments.length,
  };
}

/**
 * Who may submit for whom, as far as the principal alone tells: a citizen for herself, an employer's
 * operator for her enterprise, a window clerk (role \`clerk\`) on someone's behalf. The submitter's
 * standing towards the person is checked next (\`checkStanding\`), before any fact is read.
 */
export function authorizeSubmission(principal: Principal | undefined, input: SubmitInput): { idNumber: string | null; creditCode: string | null; by: SubmittedBy } {
  if (!principal) throw unauthenticated();
  const idNumber = input.idNumber ?? null;
  const creditCode = input.creditCode ?? null;
  switch (principal.kind) {
    case "citizen":
      if (idNumber && idNumber !== principal.idNumber) throw forbidden("A resident may apply only for herself");
      return { idNumber: principal.idNumber, creditCode, by: { kind: "citizen", subject: principal.subject } };
    case "employer":
      if (creditCode && creditCode !== principal.creditCode) throw forbidden("An employer's operator may apply only for her own enterprise");
      return { idNumber, creditCode: principal.creditCode, by: { kind: "employer", subject: principal.subject } };
    case "staff":
      if (!principal.roles.includes("clerk")) throw forbidden("Only a window clerk submits applications on someone's behalf");
      return { idNumber, creditCode, by: { kind: "staff", subject: principal.subject } };
    case "partner":
      throw forbidden("Partner departments cannot submit applications");
    default: {
      const never: never = principal;
      throw forbidden(`unknown principal ${String(never)}`);
    }
  }
}

function validIds(idNumber: string | null, creditCode: string | null): void {
  if (idNumber) {
    const r = checkIdNumber(idNumber);
    if (!r.ok) throw new KuaibanError(ErrorCode.INVALID_ID_NUMBER, `Invalid IdNumber: ${r.message}`, { problem: r.problem });
  }
  if (creditCode) {
    const r = checkCreditCode(creditCode);
    if (!r.ok) throw new KuaibanError(ErrorCode.INVALID_CREDIT_CODE, `Invalid CreditCode: ${r.message}`, { problem: r.problem });
  }
}

/**
 * Deterministic, so two concurrent submissions with one key race for the same id; the key is the
 * submitter's own (\`legacyKeyFor\`), so two submitters choosing the same key get two applications.
 */
export function applicationIdFor(idempotencyKey: string, submitter: Principal | undefined): string {
  return "ot-" + createHash("sha256").update(legacyKeyFor(submitter, idempotencyKey)).digest("hex").slice(0, 24);
}

/**
 * Bundles whose purpose is to start the relation between the employer and the person (hiring,
 * graduate employment, public-institution hiring, a founder joining her new enterprise). Their
 * employer has no standing towards the person yet: she may submit for anyone, and gets an answer
 * that no record of the person shapes, because none is read (only what she states decides the
 * steps and the materials); the agencies' own checks apply when the steps run.
 */
export const STARTS_RELATION: ReadonlySet<number> = new Set([1, 4, 5, 6]);

const NO_STANDING = "An employer's operator may apply only for the people her enterprise insures";
const OTHER_REGION = "A window clerk accepts applications of people and employers of her own region";

/**
 * The submitter's standing towards the person and employer, decided before any fact of them is
 * read: a citizen has it for herself; an employer's operator for the people her enterprise actively
 * insures, or for anyone in a bundle that starts that relation, but then no fact is read; a window
 * clerk for people or employers registered in her region (as the social-insurance system knows
 * them). Every refusal is FORBIDDEN with one message whatever the person's records. Returns whether
 * the agencies' facts may shape the application.
 */
export async function checkStanding(
  principal: Principal,
  scenario: number,
  parties: { idNumber: string | null; creditCode: string | null },
  standing: StandingSource | undefined,
): Promise<{ readFacts: boolean }> {
  switch (principal.kind) {
    case "citizen":
      return { readFacts: true };
    case "employer": {
      if (STARTS_RELATION.has(scenario)) return { readFacts: false };
      if (!parties.idNumber) return { readFacts: true };
      const known = standing ? await standing({ idNumber: parties.idNumber, creditCode: null }) : null;
      if (!known?.insurers.includes(principal.creditCode)) throw forbidden(NO_STANDING);
      return { readFacts: true };
    }
    case "staff": {
      if (principal.region === "省本级") return { readFacts: true };
      const known = standing ? await standing(parties) : null;
      const personPlace = parties.idNumber ? known?.personRegion ?? regionOf(null, parties.idNumber, null) : null;
      const employerPlace = parties.creditCode ? known?.employerRegion ?? regionOf(null, null, parties.creditCode) : null;
      if (!regionCovers(principal.region, personPlace) && !regionCovers(principal.region, employerPlace)) throw forbidden(OTHER_REGION);
      return { readFacts: true };
    }
    case "partner":
      throw forbidden("Partner departments cannot submit applications");
    default: {
      const never: never = principal;
      throw forbidden(`unknown principal ${String(never)}`);
    }
  }
}

/** The checks of a submission that need nothing but the input: bundle, submitter kind, key, IDs, parties. */
export function checkInput(input: SubmitInput, parties: { idNumber: string | null; creditCode: string | null; by: SubmittedBy }): void {
  const workflow = workflowFor(input.scenario);
  if (!workflow) throw badInput(`There is no bundle ${input.scenario}; bundles are numbered 1 to 10`, { field: "scenario" });
  if (!workflow.submitters.includes(parties.by.kind)) {
    throw forbidden(`A ${parties.by.kind} cannot apply for bundle ${workflow.scenario}; ${workflow.submitters.join(" or ")} may`);
  }
  if (!KEY_RE.test(input.idempotencyKey)) {
    throw badInput("idempotencyKey must be 8-128 characters of letters, digits, '.', '_', ':' or '-'", { field: "idempotencyKey" });
  }
  validIds(parties.idNumber, parties.creditCode);
  if (workflow.parties.idNumber === "REQUIRED" && !parties.idNumber) throw badInput("This bundle needs the person's idNumber", { field: "idNumber" });
  if (workflow.parties.creditCode === "REQUIRED" && !parties.creditCode) throw badInput("This bundle needs the employer's creditCode", { field: "creditCode" });
}

/** What makes two submissions "the same request" for the idempotency check. */
export function fingerprintOf(input: SubmitInput, idNumber: string | null, creditCode: string | null): string {
  const canonical = {
    scenario: input.scenario,
    idNumber,
    creditCode,
    materials: [...input.materials].sort(),
    commitments: [...(input.commitments ?? [])].map((c) => c.material).sort(),
    facts: [...(input.facts ?? [])].sort(),
    details: input.details ?? {},
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url");
}

export interface Built {
  app: Application;
  /** Commitments actually relied on (a material asked for and not supplied). */
  commitments: CommitmentInput[];
}

/**
 * Everything is checked before anything is written: the bundle, the parties and their IDs, the
 * variant details, and the materials against what the applicable steps ask for. Throws a coded
 * error; returns the application ready to store.
 */
export function buildApplication(
  input: SubmitInput,
  parties: { idNumber: string | null; creditCode: string | null; by: SubmittedBy },
  region: string,
  extraFacts: Facts,
  now: Date,
  submitter?: Principal,
  office: string = region,
): Built {
  checkInput(input, parties);
  const workflow = workflowFor(input.scenario)!;
  const { idNumber, creditCode } = parties;

  const unknownMaterials = [...input.materials, ...(input.commitments ?? []).map((c) => c.material)].filter((id) => !materialById(id));
  if (unknownMaterials.length) throw badInput(`Unknown materials: ${unknownMaterials.join(", ")}`, { field: "materials", unknownMaterials });
  const unknownFacts = (input.facts ?? []).filter((f) => !(FACTS as readonly string[]).includes(f));
  if (unknownFacts.length) throw badInput(`Unknown facts: ${unknownFacts.join(", ")}`, { field: "facts" });

  const details = { ...(input.details ?? {}) };
  // what the agencies' systems know wins over what the applicant states
  const facts: Facts = {};
  for (const f of input.facts ?? []) facts[f] = true;
  Object.assign(facts, extraFacts);
  if (details.pensionTransfer !== undefined) facts.PENSION_ELSEWHERE = true;

  const id = applicationIdFor(input.idempotencyKey, submitter);
  const at = now.toISOString();
  const defs = stepsOf(workflow);
  const steps: ApplicationStep[] = defs.map((def) => {
    const applies = conditionHolds(def.when, facts);
    const itemCode = applies ? performedCode(def, details) : def.itemCodes[0] ?? def.performedAs!;
    const ownMaterials = def.itemCodes.length ? materialsOfItem(itemCode, input.scenario) : [];
    return {
      id: def.id,
      stage: def.stage,
      relation: def.relation,
      action: def.action,
      itemCodes: def.itemCodes,
      itemCode,
      needs: needsOf(workflow, def.id),
      params: def.params ?? {},
      rule: def.rule ?? null,
      materials: applies ? ownMaterials : [],
      idempotencyKey: `${id}.${def.id}`,
      // provisional, from the submission; counted again from the agency's 受理
      ...(applies ? deadlineFields({ submittedBy: parties.by, idNumber, creditCode, details, region }, itemCode, now, null) : { deadline: null, deadlineStatus: "NONE" as const }),
      attempts: 0,
      state: applies
        ? { phase: "PENDING" as const }
        : { phase: "SKIPPED" as const, reason: (def.when ?? []).map((c) => `${c.is ? "" : "not "}${c.fact}`).join(" and ") },
      updatedAt: at,
    };
  });

  // what an applicable earlier step produces (a card issued in the bundle) is not asked of the applicant
  const required: string[] = [];
  let sumOverItems = 0;
  for (const s of steps) {
    sumOverItems += s.materials.length;
    const produced = new Set(steps.filter((p) => p.stage < s.stage && p.state.phase === "PENDING").flatMap((p) => producedByItem(p.itemCode)));
    for (const mId of s.materials) if (!required.includes(mId) && !produced.has(mId)) required.push(mId);
  }
  const supplied = new Set(input.materials);
  const committed = new Map((input.commitments ?? []).map((c) => [c.material, c]));
  const missing: string[] = [];
  const notCommitmentEligible: string[] = [];
  const relied: CommitmentInput[] = [];
  for (const mId of required) {
    if (supplied.has(mId)) continue;
    const c = committed.get(mId);
    if (c && materialById(mId)!.commitment) { relied.push(c); continue; }
    missing.push(mId);
    if (c) notCommitmentEligible.push(mId);
  }
  if (missing.length) {
    throw new KuaibanError(ErrorCode.MISSING_MATERIAL, `Missing materials: ${missing.map((x) => `${x} (${materialById(x)!.name})`).join(", ")}`, {
      missing,
      notCommitmentEligible,
    });
  }
  for (const s of steps) if (s.itemCodes.length && !itemByCode(s.itemCode)) throw new Error(`unknown item ${s.itemCode}`);
  checkDetails(details, steps.filter((s) => s.state.phase === "PENDING"));

  const app: Application = {
    id,
    scenario: input.scenario,
    idNumber,
    creditCode,
    region,
    office,
    submittedBy: parties.by,
    materials: required.filter((x) => supplied.has(x)),
    commitments: relied.map((c) => ({ material: c.material, statement: c.statement ?? null, verificationTaskId: `${id}.vt.${c.material}` })),
    facts,
    details,
    idempotencyKey: input.idempotencyKey,
    materialsAsked: required.length,
    materialsSumOverItems: sumOverItems,
    caseNumber: `YJS${at.slice(0, 10).replaceAll("-", "")}${id.slice(3, 11).toUpperCase()}`,
    submittedAt: at,
    revocations: [],
    stepOrder: steps.map((s) => s.id),
    ...(currentTraceparent() ? { traceparent: currentTraceparent() } : {}),
    steps,
  };
  return { app, commitments: relied };
}
