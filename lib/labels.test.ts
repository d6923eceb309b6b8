import { describe, expect, it } from "vitest";
import { agencyLabel, ALL_LABELLED_CODES, fieldsLabel, humanize, roleLabel, rolesLabel } from "./labels";

describe("labels", () => {
  it("names every role and agency the hub issues, and never falls back to the code", () => {
    for (const role of ["clerk", "operator", "supervisor", "auditor", "admin"]) expect(roleLabel(role)).toMatch(/^[\u4e00-\u9fff（）]+$/);
    for (const agency of ["social-insurance", "employment", "personnel", "labor-relations", "card", "window", "conduct-office", "audit-office"]) {
      expect(agencyLabel(agency)).toMatch(/^[\u4e00-\u9fff（）“”]+$/);
    }
    expect(roleLabel("new-role")).toBe("其他角色");
    expect(agencyLabel("SOCIAL_INSURANCE")).toBe("社会保险经办机构");
    expect(rolesLabel(["clerk", "operator"])).toBe("综合窗口受理人员、业务经办人员");
  });

  it("turns codes inside formatted text into names and leaves the rest", () => {
    expect(humanize("clerk,operator@太原市")).toBe("综合窗口受理人员、业务经办人员@太原市");
    expect(humanize("social-insurance")).toBe("社会保险经办机构");
    expect(humanize("太原市")).toBe("太原市");
    expect(humanize("Kb-Note 12")).toBe("Kb-Note 12");
    for (const code of ALL_LABELLED_CODES) expect(humanize(code)).not.toBe(code);
  });

  it("names the personal data a read touched", () => {
    expect(fieldsLabel(["Person.name", "Person.socialInsurance", "Person.name", "Thing.x"])).toBe("姓名、参保信息、其他信息");
  });
});

describe("the data-access page's reader", () => {
  it("drops the repeated kind words and names codes", async () => {
    const { readerText } = await import("../auth/portals/views");
    expect(readerText("合作部门 partner · 省医疗保障局", "省医疗保障局")).toBe("省医疗保障局");
    expect(readerText("业务经办人员 · 太原市", "social-insurance")).toBe("业务经办人员 · 太原市（社会保险经办机构）");
    expect(readerText("operator@太原市", "employment")).toBe("业务经办人员@太原市（公共就业服务机构）");
  });
});
