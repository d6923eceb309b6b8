import { type GraphQLSchema, type OperationDefinitionNode, getVariableValues, parse, validate } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../lib/store";
import { buildSubgraph } from "../../lib/subgraph";
import { demoData } from "../../schema/demo";
import type { AgencyId } from "../../schema/catalogue";
import { createCardSubgraph } from "../card/index";
import { createEmploymentSubgraph } from "../employment/index";
import { createLaborRelationsSubgraph } from "../labor-relations/index";
import { createPersonnelSubgraph } from "../personnel/index";
import { createSocialInsuranceSubgraph } from "../social-insurance/index";
import { materials } from "./materials";
import { mutationFor } from "./step-mutations";
import { buildApplication } from "./submission";
import { FACTS } from "./workflow";
import { workflows } from "./workflows";

// Every call the engine can make, checked against the agency subgraphs' real schemas: the
// mutation exists, the document validates and the variables coerce. Nothing is called.

const schemas = {} as Record<AgencyId, GraphQLSchema>;

beforeAll(async () => {
  const store = new MemoryStore();
  const legacyUrl = "http://127.0.0.1:9";
  const defs = {
    "social-insurance": createSocialInsuranceSubgraph({ store, legacyUrl }),
    employment: createEmploymentSubgraph({ store, legacyUrl }),
    personnel: createPersonnelSubgraph({ store, legacyUrl }),
    "labor-relations": createLaborRelationsSubgraph({ store, legacyUrl }),
    card: createCardSubgraph({ store, legacyUrl }),
  };
  for (const [agency, def] of Object.entries(defs)) schemas[agency as AgencyId] = await buildSubgraph(def);
});

describe("step mutations against the agency subgraphs' schemas", () => {
  const person = demoData().people[0]!;
  const employer = demoData().employers[0]!;
  // every fact on and then off, every pension-transfer variant a bundle holds: every step is made at least once
  // and, where the bundle allows, without an employer (the typed mutations that need one give way to the generic one)
  const cases = workflows.flatMap((w) => [true, false].flatMap((on) => ["INTER_REGIONAL", "PUBLIC_INSTITUTION", "URBAN_RURAL", "MILITARY"].flatMap((variant) =>
    (w.parties.creditCode === "REQUIRED" ? [employer.creditCode] : [employer.creditCode, null]).map((creditCode) => ({ w, on, variant, creditCode })))));

  it("validates and coerces every step of every bundle", () => {
    const seen = new Set<string>();
    const mutationsUsed = new Set<string>();
    for (const { w, on, variant, creditCode } of cases) {
      let app;
      try {
        app = buildApplication(
          {
            scenario: w.scenario, idNumber: person.idNumber, creditCode, materials: materials.map((m) => m.id),
            facts: on ? FACTS.filter((f) => f !== "EARLY_RETIREMENT" && f !== "WORK_INJURY_REGISTERED" && f !== "HAS_CARD") : ["EARLY_RETIREMENT", "WORK_INJURY_REGISTERED", "HAS_CARD"],
            details: { pensionTransfer: variant, pensionFromRegion: "北京市" }, idempotencyKey: `schema-${w.scenario}-0001`,
          },
          { idNumber: person.idNumber, creditCode, by: { kind: "staff", subject: "clerk" } },
          "太原市", {}, new Date(),
        ).app;
      } catch {
        continue; // a variant the bundle does not hold
      }
      for (const step of app.steps.filter((s) => s.state.phase === "PENDING")) {
        const call = mutationFor(step, app, step.idempotencyKey);
        const schema = schemas[call.agency];
        const doc = parse(call.document);
        const where = `bundle ${w.scenario} step ${step.id} → ${call.agency}.${call.mutation}`;
        expect(validate(schema, doc).map((e) => e.message), where).toEqual([]);
        const op = doc.definitions[0] as OperationDefinitionNode;
        const coerced = getVariableValues(schema, op.variableDefinitions ?? [], call.variables);
        expect(coerced.errors?.map((e) => e.message) ?? [], where).toEqual([]);
        seen.add(`${w.scenario}:${step.id}`);
        mutationsUsed.add(call.mutation);
      }
    }
    // the typed mutations the agencies were asked for are the ones used
    for (const m of ["enrolEmployee", "changeContributors", "stopUnemploymentBenefit", "transferPensionRelation", "applyForCard", "activateCard", "resetCardPassword", "reportCardLoss", "reissueCard", "cancelCard", "registerEmployment",
      "registerUnemployment", "applyForEmploymentCard", "acceptGraduate", "transferArchive", "transferPartyRelation", "filePublicInstitutionHire", "fileEmployment", "fileTermination"]) {
      expect(mutationsUsed.has(m), m).toBe(true);
    }
    // every step of every bundle was checked
    for (const w of workflows) for (const s of w.stages.flatMap((x) => x.steps)) expect(seen.has(`${w.scenario}:${s.id}`), `${w.scenario}:${s.id}`).toBe(true);
  });
});
