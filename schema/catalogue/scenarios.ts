import type { Insurance, Remark, RemarkRule, Scenario } from "./types";

// The notice groups some items under a label (养老保险关系转移接续, 工伤备案登记, 工伤医疗费用申报,
// 一次性及长期待遇申领); only the contained codes are kept, in place. The same label does not always
// hold the same codes: bundle 7's 养老保险关系转移接续 has 1.6.16 where the others have 1.6.17.
const PENSION_TRANSFER_WITH_MILITARY = ["1.6.12", "1.6.15", "1.6.17"];
const PENSION_TRANSFER_FOR_RETIREMENT = ["1.6.12", "1.6.15", "1.6.16"];

const ALL_THREE: Insurance[] = ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"];

const syncContributorIncrease: Remark = {
  text: "要同步办理养老保险、工伤保险、失业保险缴费人员增加。",
  rule: { kind: "SYNC_CONTRIBUTOR_INCREASE", insurances: ALL_THREE },
};

const stopUnemploymentBenefit: Remark = {
  text: "如涉及失业保险金停发，应一并办理。",
  rule: { kind: "STOP_UNEMPLOYMENT_BENEFIT" },
};

function syncRoster(text: string, agencies: string[]): Remark {
  const rule: RemarkRule = { kind: "SYNC_ROSTER", agencies };
  return { text, rule };
}

export const scenarios: Scenario[] = [
  {
    seq: 1,
    name: "企业招用工",
    itemCodes: [
      "1.1.5",
      "1.3.1",
      ...PENSION_TRANSFER_WITH_MILITARY,
      "1.8.8",
      "1.10.1",
      "2.4.2",
      "2.4.3",
      "2.7.1",
      "3.4.1",
      "3.4.7",
      "4.1.1",
    ],
    agencies: ["社保经办机构", "公共就业服务机构", "劳动保障事务机构", "劳动用工管理部门"],
    remarks: [
      syncContributorIncrease,
      stopUnemploymentBenefit,
      syncRoster("社保经办机构、公共就业服务机构和劳动用工管理部门，要同步更新人员名单信息。", [
        "社保经办机构",
        "公共就业服务机构",
        "劳动用工管理部门",
      ]),
    ],
  },
  {
    seq: 2,
    name: "企业与员工解除终止劳动合同",
    itemCodes: ["1.3.1", "4.1.1", "1.3.5", "1.8.8", "3.4.1", "3.4.7"],
    agencies: ["社保经办机构", "公共就业服务机构", "劳动用工管理部门"],
    remarks: [
      syncRoster("社保经办机构、公共就业服务机构和劳动用工管理部门，要同步更新人员名单信息。", [
        "社保经办机构",
        "公共就业服务机构",
        "劳动用工管理部门",
      ]),
    ],
  },
  {
    seq: 3,
    name: "失业",
    itemCodes: ["2.4.1", "2.4.3", "2.2.1", "1.8.1", "1.8.6", "1.8.3", "1.8.7", "2.6.1"],
    agencies: ["公共就业人才服务机构", "社保经办机构"],
    remarks: [
      {
        text: "需失业人员本人办理的事项。",
        rule: { kind: "APPLICANT_IN_PERSON", applicant: "失业人员", when: null },
      },
      syncRoster("社保经办机构、公共就业人才服务机构要同步人员名单信息。", ["社保经办机构", "公共就业人才服务机构"]),
    ],
  },
  {
    seq: 4,
    // Printed with a space and half-width parentheses in the notice.
    name: "高校毕业生就业 (含灵活就业)",
    itemCodes: [
      "2.1.1",
      "2.1.2",
      "2.2.1",
      "2.2.2",
      "2.3.1",
      "2.4.2",
      "2.4.3",
      "2.7.1",
      "2.7.3",
      "2.7.4",
      "3.4.1",
      "3.4.7",
      "1.1.5",
      "1.4.1",
      "1.10.1",
    ],
    agencies: ["公共就业人才服务机构", "社保经办机构", "信息化管理机构"],
    remarks: [
      {
        text: "需高校毕业生离校后本人办理的事项。",
        rule: { kind: "APPLICANT_IN_PERSON", applicant: "高校毕业生", when: "离校后" },
      },
      syncRoster("社保经办机构、公共就业人才服务机构要同步人员名单信息。", ["社保经办机构", "公共就业人才服务机构"]),
      {
        text: "其他劳动者就业，也可参考此场景所列的服务事项打包。",
        rule: { kind: "ALSO_APPLICABLE_TO", cases: ["其他劳动者就业"] },
      },
    ],
  },
  {
    seq: 5,
    name: "事业单位聘用人员",
    itemCodes: [
      "3.3.3",
      "3.4.1",
      "3.4.7",
      "1.1.5",
      "1.3.1",
      ...PENSION_TRANSFER_WITH_MILITARY,
      "1.8.8",
      "1.10.1",
      "2.7.1",
    ],
    // 涉及机构 says 公共就业服务机构 while remark 3 says 公共就业人才服务机构; both kept as printed.
    agencies: ["事业单位管理部门", "社保经办机构", "公共就业服务机构", "信息化管理机构"],
    remarks: [
      syncContributorIncrease,
      stopUnemploymentBenefit,
      // The notice prints "社保经办机构 and 公共就业人才服务机构": a stray English "and" where every
      // sibling remark has 和, normalised here so the text reads as the notice intends.
      syncRoster("社保经办机构和公共就业人才服务机构要同步人员名单信息。", ["社保经办机构", "公共就业人才服务机构"]),
    ],
  },
  {
    seq: 6,
    name: "创业",
    itemCodes: [
      "2.2.3",
      "2.4.2",
      "2.4.3",
      "2.5.1",
      "2.5.2",
      "2.7.1",
      "3.4.1",
      "3.4.7",
      "1.1.1",
      "1.1.5",
      "1.3.1",
      ...PENSION_TRANSFER_WITH_MILITARY,
      "1.8.8",
      "1.10.1",
      "4.1.1",
    ],
    agencies: ["公共就业人才服务机构", "社保经办机构", "信息化管理机构", "劳动用工管理部门"],
    remarks: [
      {
        text: "需创业人员本人办理的事项。",
        rule: { kind: "APPLICANT_IN_PERSON", applicant: "创业人员", when: null },
      },
      {
        text: "企业社会保险登记，按照“多证合一”要求，并入企业新办工商登记环节统一办理。",
        rule: { kind: "MERGED_INTO_BUSINESS_REGISTRATION", itemCode: "1.1.1", basis: "多证合一" },
      },
      syncContributorIncrease,
      stopUnemploymentBenefit,
      syncRoster("社保经办机构、公共就业人才服务机构和劳动用工管理部门，要同步人员名单信息。", [
        "社保经办机构",
        "公共就业人才服务机构",
        "劳动用工管理部门",
      ]),
    ],
  },
  {
    seq: 7,
    name: "职工退休",
    itemCodes: ["1.6.1", "1.6.3", "4.1.1", "1.3.5", ...PENSION_TRANSFER_FOR_RETIREMENT, "1.6.18", "1.2.3"],
    agencies: ["社保经办机构", "社会保险行政部门", "劳动保障行政部门", "用工管理部门"],
    remarks: [
      {
        text: "如涉及工伤保险待遇补差或失业保险金停发，应一并办理。",
        // “A或B，应一并办理”: each applies on its own when its case arises.
        rule: {
          kind: "ALL_OF",
          rules: [{ kind: "WORK_INJURY_BENEFIT_TOP_UP" }, { kind: "STOP_UNEMPLOYMENT_BENEFIT" }],
        },
      },
    ],
  },
  {
    seq: 8,
    name: "申领工亡人员有关待遇",
    itemCodes: [
      // 工伤备案登记
      "1.7.2",
      "1.7.3",
      // 工伤医疗费用申报
      "1.7.21",
      "1.7.22",
      "1.7.13",
      "1.7.23",
      // 一次性及长期待遇申领
      "1.7.27",
      "1.7.28",
      "1.2.4",
    ],
    agencies: ["社保经办机构", "社会保险行政部门"],
    remarks: [
      {
        text: "行政部门作出工伤认定后，及时将认定结论推送社保经办机构，办理用人单位工伤登记。",
        // The notice says only 行政部门; 工伤认定 is made by the 社会保险行政部门 (工伤保险条例第二十条),
        // the one 行政部门 this bundle lists. 用人单位工伤登记 is 1.7.2.
        rule: {
          kind: "PUSH_WORK_INJURY_DETERMINATION",
          from: "社会保险行政部门",
          to: "社保经办机构",
          thenItemCode: "1.7.2",
        },
      },
      {
        text: "发生停工留薪期内因工伤导致死亡、一至四级停工留薪期满后死亡、下落不明等情形，需申领有关待遇的，可视情况打包到此场景中。",
        rule: {
          kind: "ALSO_APPLICABLE_TO",
          cases: ["停工留薪期内因工伤导致死亡", "一至四级停工留薪期满后死亡", "下落不明"],
        },
      },
    ],
  },
  {
    seq: 9,
    name: "退休人员过世",
    itemCodes: ["1.6.7", "1.6.10", "1.7.29", "1.10.9", "1.2.3", "1.2.4"],
    agencies: ["社保经办机构", "社会保险行政部门", "信息化管理机构"],
    remarks: [],
  },
  {
    seq: 10,
    name: "申领社会保障卡",
    itemCodes: ["1.10.1", "1.10.2", "1.10.6", "1.10.7", "1.10.8"],
    agencies: ["信息化管理机构", "社保经办机构", "公共就业人才服务机构"],
    remarks: [],
  },
];
