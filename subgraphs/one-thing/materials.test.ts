import { describe, expect, it } from "vitest";
import { scenarios } from "../../schema/catalogue";
import { bundleMaterialSet, materialById, materials, materialsOfItem, producedByItem } from "./materials";

/**
 * The materials-cut figure of every bundle: the one set asked for against the sum of what its items
 * ask for one by one. Pinned, so a change to any item's materials shows up here.
 */
const expected: Record<number, { asked: number; sumOverItems: number; cut: number }> = {
  1: { asked: 11, sumOverItems: 29, cut: 18 }, // 企业招用工 (13 items)
  2: { asked: 8, sumOverItems: 14, cut: 6 }, // 企业与员工解除终止劳动合同 (6 items)
  3: { asked: 6, sumOverItems: 15, cut: 9 }, // 失业 (8 items)
  4: { asked: 9, sumOverItems: 26, cut: 17 }, // 高校毕业生就业 (含灵活就业) (15 items)
  5: { asked: 12, sumOverItems: 26, cut: 14 }, // 事业单位聘用人员 (11 items)
  6: { asked: 14, sumOverItems: 39, cut: 25 }, // 创业 (17 items)
  7: { asked: 8, sumOverItems: 22, cut: 14 }, // 职工退休 (9 items)
  8: { asked: 11, sumOverItems: 25, cut: 14 }, // 申领工亡人员有关待遇 (9 items)
  9: { asked: 4, sumOverItems: 16, cut: 12 }, // 退休人员过世 (6 items)
  10: { asked: 2, sumOverItems: 9, cut: 7 }, // 申领社会保障卡 (5 items): the card the bundle issues is not asked for
};

describe("one set of materials", () => {
  it("every material named by an item exists, and only proofs of circumstance accept a commitment", () => {
    for (const s of scenarios) for (const code of s.itemCodes) for (const id of materialsOfItem(code, s.seq)) expect(materialById(id), `${code}: ${id}`).toBeDefined();
    const eligible = materials.filter((m) => m.commitment).map((m) => m.id);
    expect(eligible).not.toContain("ID_CARD");
    expect(eligible).not.toContain("LABOUR_CONTRACT");
    expect(eligible).not.toContain("BANK_ACCOUNT");
    expect(eligible).toContain("KINSHIP_PROOF");
  });

  it("computes the materials-cut figure for every bundle", () => {
    const table: string[] = [];
    for (const s of scenarios) {
      const set = bundleMaterialSet(s.seq)!;
      const sum = s.itemCodes.reduce((n, code) => n + materialsOfItem(code, s.seq).length, 0);
      const produced = new Set(s.itemCodes.flatMap(producedByItem));
      const union = new Set(s.itemCodes.flatMap((code) => materialsOfItem(code, s.seq)).filter((id) => !produced.has(id)));
      expect(set.sumOverItems).toBe(sum);
      expect(set.asked).toBe(union.size);
      expect(set.cut).toBe(sum - union.size);
      expect({ asked: set.asked, sumOverItems: set.sumOverItems, cut: set.cut }, s.name).toEqual(expected[s.seq]);
      table.push(`${s.seq}\t${s.name}\titems ${s.itemCodes.length}\tasked ${set.asked}\tsum ${set.sumOverItems}\tcut ${set.cut}`);
    }
    console.log(`materials cut per bundle:\n${table.join("\n")}`);
  });

  it("asks for an ID card copy once however many items need it", () => {
    const set = bundleMaterialSet(1)!;
    expect(set.materials.filter((m) => m.id === "ID_CARD")).toHaveLength(1);
  });
});
