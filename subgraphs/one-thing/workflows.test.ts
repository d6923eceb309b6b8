import { describe, expect, it } from "vitest";
import { itemByCode, scenarios } from "../../schema/catalogue";
import { materials, materialsOfItem } from "./materials";
import { genericMutation, mutationFor } from "./step-mutations";
import { buildApplication } from "./submission";
import { PENSION_TRANSFER_VARIANTS, needsOf, stepsOf } from "./workflow";
import { workflowFor, workflows } from "./workflows";
import { parse } from "graphql";

describe("bundle workflows", () => {
  it("has one workflow per bundle of the notice", () => {
    expect(workflows.map((w) => w.scenario).sort((a, b) => a - b)).toEqual(scenarios.map((s) => s.seq).sort((a, b) => a - b));
  });

  for (const scenario of scenarios) {
    describe(`bundle ${scenario.seq} ${scenario.name}`, () => {
      const workflow = workflowFor(scenario.seq)!;
      const steps = stepsOf(workflow);

      it("covers exactly the bundle's item codes, each once", () => {
        const covered = steps.flatMap((s) => s.itemCodes);
        expect(new Set(covered).size).toBe(covered.length);
        expect([...covered].sort()).toEqual([...scenario.itemCodes].sort());
      });

      it("groups only the pension-transfer family, whose variants the details choose", () => {
        for (const s of steps.filter((x) => x.itemCodes.length > 1)) {
          expect(s.action).toBe("TRANSFER_PENSION_RELATION");
          for (const code of s.itemCodes) expect(Object.values(PENSION_TRANSFER_VARIANTS)).toContain(code);
        }
      });

      it("names extra effects by the remark rule they carry out and the item they run under", () => {
        for (const s of steps.filter((x) => x.itemCodes.length === 0)) {
          expect(s.rule).toBeTruthy();
          expect(itemByCode(s.performedAs!)).toBeDefined();
        }
      });

      it("has unique step ids, and steps build only on steps before them", () => {
        const ids = steps.map((s) => s.id);
        expect(new Set(ids).size).toBe(ids.length);
        steps.forEach((s, i) => {
          for (const n of needsOf(workflow, s.id)) expect(ids.indexOf(n), `${s.id} needs ${n}`).toBeLessThan(i);
        });
      });

      it("starts with a prerequisite stage and declares materials for every item", () => {
        expect(workflow.stages[0]!.relation).toBe("PREREQUISITE");
        for (const code of scenario.itemCodes) expect(() => materialsOfItem(code, scenario.seq)).not.toThrow();
      });
    });
  }

  it("hiring: enrolment first, then contributors for the three insurances, employment registration and filing, card, benefit stop in parallel, then follow-ups", () => {
    const w = workflowFor(1)!;
    expect(w.stages.map((s) => s.relation)).toEqual(["PREREQUISITE", "PARALLEL", "FOLLOW_UP"]);
    expect(w.stages[0]!.steps.map((s) => s.itemCodes)).toEqual([["1.1.5"]]);
    const parallel = w.stages[1]!.steps;
    expect(parallel.find((s) => s.id === "contributors")!.params).toEqual({ insurances: ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"] });
    expect(parallel.find((s) => s.id === "stop-unemployment-benefit")!.when).toEqual([{ fact: "DRAWS_UNEMPLOYMENT_BENEFIT", is: true }]);
    expect(parallel.find((s) => s.id === "card")!.when).toEqual([{ fact: "HAS_CARD", is: false }]);
    expect(w.stages[2]!.steps.find((s) => s.id === "party-relation")!.when).toEqual([{ fact: "PARTY_MEMBER", is: true }]);
  });

  it("a retiree's death settles pension, work injury and the card together", () => {
    const parallel = workflowFor(9)!.stages.find((s) => s.relation === "PARALLEL")!;
    expect(parallel.steps.flatMap((s) => s.itemCodes).sort()).toEqual(["1.10.9", "1.6.10", "1.6.7", "1.7.29"]);
  });
});

describe("step mutations", () => {
  it("routes every applicable step of every bundle to the agency owning its item, with a parseable document and the step's own key", () => {
    for (const w of workflows) {
      const { app } = buildApplication(
        {
          scenario: w.scenario,
          idNumber: "11010519491231002X",
          creditCode: "91350100M000100Y43",
          materials: materials.map((m) => m.id),
          facts: ["DRAWS_UNEMPLOYMENT_BENEFIT", "WORK_INJURY_TOP_UP", "PARTY_MEMBER", "ARCHIVE_ELSEWHERE"],
          details: { pensionTransfer: "PUBLIC_INSTITUTION", pensionFromRegion: "北京市" },
          idempotencyKey: `unit-${w.scenario}-0001`,
        },
        { idNumber: "11010519491231002X", creditCode: "91350100M000100Y43", by: { kind: "staff", subject: "clerk" } },
        "太原市",
        {},
        new Date(),
      );
      for (const step of app.steps.filter((s) => s.state.phase === "PENDING")) {
        const call = mutationFor(step, app, step.idempotencyKey);
        expect(call.agency).toBe(itemByCode(step.itemCode)!.agency);
        expect(() => parse(call.document)).not.toThrow();
        if (call.mutation === genericMutation[call.agency]) expect(call.variables.itemCode).toBe(step.itemCode);
        expect(call.variables.idempotencyKey).toBe(`${app.id}.${step.id}`);
      }
      expect(app.steps.find((s) => s.id === "pension-transfer")?.itemCode ?? "1.6.15").toBe("1.6.15");
    }
  });
});
