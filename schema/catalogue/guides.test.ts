import { describe, expect, it } from "vitest";
import { bundleMaterialSet, materialById, materialsOfItem } from "../../subgraphs/one-thing/materials";
import { workflowFor } from "../../subgraphs/one-thing/workflows";
import { scenarioGuide, scenarioGuides, serviceGuide, serviceGuides } from "./guides";
import { onlineByNotice } from "./guides-data";
import { scenarios } from "./scenarios";
import { serviceItems } from "./items";
import { acceleratedItems, limitsByCode } from "./time-limits";
import type { LimitUnit } from "./types";

/** A limit's figure as a guide must show it: the number with its unit. */
const figure = (value: number | null, unit: LimitUnit): string | null =>
  value === null ? (unit === "INSTANT" ? "即时办结" : null)
    : ({ WORKING_DAYS: `${value}个工作日`, CALENDAR_DAYS: `${value}日`, MONTHS: `${value}个月`, MINUTES: `${value}分钟`, QUARTER_OF_YEAR: "季度" } as Record<string, string>)[unit] ?? null;

const declaredMaterials = (code: string): string[] | undefined => {
  try { return materialsOfItem(code); } catch { return undefined; }
};

describe("service guides of every item", () => {
  it("exist for every item of the catalogue, and for nothing else", () => {
    expect(serviceGuides().map((g) => g.code)).toEqual(serviceItems.map((i) => i.code));
    expect(serviceGuide("9.9.9")).toBeUndefined();
    expect(serviceGuide(" 1.7.4 ")?.code).toBe("1.7.4");
  });

  for (const item of serviceItems) {
    it(`${item.code} ${item.name}: every section, from the catalogue's data`, () => {
      const g = serviceGuide(item.code)!;
      expect(g.name).toBe(item.name);
      // 办理条件
      expect(g.conditions[0]).toMatch(/^服务对象：.+/);
      // materials: the one-thing set where there is one; the commitment flags as declared there
      const declared = declaredMaterials(item.code);
      if (declared) expect(g.materials.map((m) => m.id)).toEqual(declared);
      for (const m of g.materials) {
        const known = materialById(m.id);
        if (known) expect(m).toEqual({ id: known.id, name: known.name, commitment: known.commitment });
      }
      expect(g.commitmentMaterials).toEqual(g.materials.filter((m) => m.commitment));
      for (const m of g.commitmentMaterials) expect(g.conditions.join("")).toMatch(new RegExp(`告知承诺.*${m.name.replace(/[()（）]/g, ".")}`));
      // 办理渠道: always a window; online where a bundle carries the item or the notice asks for it
      expect(g.channels[0]!.kind).toBe("WINDOW");
      const bundles = scenarios.filter((s) => s.itemCodes.includes(item.code));
      const online = g.channels.find((c) => c.kind === "ONLINE_HALL");
      expect(Boolean(online)).toBe(bundles.length > 0 || item.code in onlineByNotice);
      for (const b of bundles) expect(online!.detail).toContain(b.name);
      expect(g.scenarios.map((s) => s.seq)).toEqual(bundles.map((b) => b.seq));
      // 办理时限: both limits of 附件2, verbatim and in words with every condition
      const row = limitsByCode(item.code);
      expect(g.timeLimits.listed).toBe(Boolean(row));
      if (row) {
        expect(g.timeLimits.seq).toBe(row.seq);
        for (const [limit, shown] of [[row.statutoryLimit, g.timeLimits.statutory!], [row.acceleratedLimit, g.timeLimits.accelerated!]] as const) {
          expect(shown.text).toBe(limit.text);
          expect(shown.rules).toHaveLength(1 + limit.alternatives.length);
          for (const alt of [limit, ...limit.alternatives]) {
            if (alt.condition) expect(shown.words).toContain(alt.condition);
            const f = figure(alt.value, alt.unit);
            if (f) expect(shown.words).toContain(f);
          }
          expect(g.timeLimits.summary).toContain(shown.words);
        }
        const units = [row.statutoryLimit, row.acceleratedLimit].flatMap((l) => [l.unit, ...l.alternatives.map((a) => a.unit)]);
        if (units.includes("WORKING_DAYS")) expect(g.timeLimits.counting.join("")).toMatch(/法定节假日.*调休/);
        if (units.some((u) => ["WORKING_DAYS", "CALENDAR_DAYS", "MONTHS", "INSTANT"].includes(u))) expect(g.timeLimits.counting.join("")).toContain("补正");
      } else {
        expect(g.timeLimits.summary).toContain("未列入");
      }
      // 结果送达, 反馈方式, 监督渠道
      expect(g.delivery.length).toBeGreaterThan(0);
      if (g.resultName) expect(g.delivery.join("")).toContain(g.resultName);
      expect(g.feedback.join("")).toContain("好差评");
      expect(g.supervision.map((s) => s.contact)).toContain("12333");
      expect(g.basis[0]).toContain("晋人社厅发〔2020〕35号");
    });
  }

  it("gives 工伤认定 its three limits with their conditions: 7, 30 and 60 days", () => {
    const g = serviceGuide("1.7.4")!;
    expect(g.timeLimits.accelerated!.rules).toEqual([
      { condition: null, words: "30日" },
      { condition: "事实清楚、权利义务明确", words: "7日" },
      { condition: "事实不清，权利义务不明确，需要进一步深入工伤认定调查", words: "60日" },
    ]);
    expect(g.timeLimits.statutory!.words).toBe("一般60日；事实清楚、权利义务明确的，15日");
  });

  it("covers every row of 附件2", () => {
    for (const row of acceleratedItems) for (const code of row.codes) expect(serviceGuide(code)?.timeLimits.seq).toBe(row.seq);
  });
});

describe("service guides of every bundle", () => {
  it("exist for the ten bundles and for nothing else", () => {
    expect(scenarioGuides().map((g) => g.seq)).toEqual(scenarios.map((s) => s.seq));
    expect(scenarioGuide(0)).toBeUndefined();
    expect(scenarioGuide(11)).toBeUndefined();
  });

  for (const s of scenarios) {
    it(`${s.seq} ${s.name}: one set of materials, the flow, every section`, () => {
      const g = scenarioGuide(s.seq)!;
      const set = bundleMaterialSet(s.seq)!;
      expect(g.name).toBe(s.name);
      expect(g.agencies).toEqual(s.agencies);
      expect(g.materials.map((m) => m.id)).toEqual(set.materials.map((m) => m.id));
      expect([g.materialsAsked, g.materialsSumOverItems, g.materialsCut]).toEqual([set.asked, set.sumOverItems, set.cut]);
      for (const m of g.materials) {
        expect(m.itemCodes.length).toBeGreaterThan(0);
        for (const code of m.itemCodes) expect(materialsOfItem(code, s.seq)).toContain(m.id);
      }
      expect(g.commitmentMaterials).toEqual(g.materials.filter((m) => m.commitment));
      expect(g.items.map((i) => i.code)).toEqual(s.itemCodes);
      const workflow = workflowFor(s.seq)!;
      for (const stage of workflow.stages) for (const step of stage.steps) for (const code of step.itemCodes) {
        const item = g.items.find((i) => i.code === code)!;
        expect(item.relation).toBeTruthy();
        if (step.when?.length) expect(item.when).toBeTruthy();
      }
      for (const r of s.remarks) {
        expect(g.remarks).toContain(r.text);
        if (r.rule?.kind === "APPLICANT_IN_PERSON") expect(g.conditions.join("")).toContain(`需${r.rule.applicant}`);
      }
      expect(g.channels.map((c) => c.kind)).toEqual(["WINDOW", "ONLINE_HALL"]);
      for (const code of s.itemCodes.filter((c) => limitsByCode(c))) expect(g.timeLimits.join("")).toContain(code);
      expect(g.delivery.length).toBeGreaterThan(0);
      expect(g.feedback.join("")).toContain("好差评");
      expect(g.supervision.map((x) => x.contact)).toContain("12333");
    });
  }
});
