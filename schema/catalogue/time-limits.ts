import type { AcceleratedItem, LimitAlternative, LimitConditionKey, LimitUnit, TimeLimit } from "./types";

function limit(
  text: string,
  value: number | null,
  unit: LimitUnit,
  condition: string | null = null,
  alternatives: LimitAlternative[] = [],
): TimeLimit {
  return { text, value, unit, condition, alternatives };
}

function none(): TimeLimit {
  return limit("无", null, "NONE");
}

function workingDays(n: number): TimeLimit {
  return limit(`${n}个工作日`, n, "WORKING_DAYS");
}

const LOCAL = "各市、县结合实际制定提速目标";

// 附件2 row by row. `text` is the cell as printed, punctuation included (some cells use half-width
// commas and semicolons).
export const acceleratedItems: AcceleratedItem[] = [
  {
    seq: 1,
    name: "职工正常退休（职）申请",
    codes: ["1.6.1"],
    statutoryLimit: none(),
    acceleratedLimit: limit("申报材料完整，即时办理", null, "INSTANT", "申报材料完整"),
  },
  {
    seq: 2,
    name: "城镇职工基本养老保险关系转移接续申请",
    codes: ["1.6.12"],
    statutoryLimit: workingDays(45),
    acceleratedLimit: workingDays(15),
  },
  {
    seq: 3,
    name: "失业保险关系转移接续",
    codes: ["1.8.8"],
    statutoryLimit: none(),
    acceleratedLimit: workingDays(15),
  },
  {
    seq: 4,
    name: "工伤认定申请",
    codes: ["1.7.4"],
    statutoryLimit: limit(
      "自受理工伤认定申请之日起60日内作出工伤认定的决定。对受理的事实清楚、权利义务明确的工伤认定申请，应当在15日内作出工伤认定的决定。",
      60,
      "CALENDAR_DAYS",
      null,
      [{ value: 15, unit: "CALENDAR_DAYS", condition: "事实清楚、权利义务明确" }],
    ),
    // 原则上 marks the 30 days as the norm, not as a condition.
    acceleratedLimit: limit(
      "原则上自受理工伤认定申请之日起30日内作出工伤认定的决定，对受理的事实清楚、权利义务明确的工伤认定申请，原则上应当在7日内作出工伤认定决定。对于事实不清，权利义务不明确，需要进一步深入工伤认定调查的工伤认定申请，可在60日内作出工伤认定决定。",
      30,
      "CALENDAR_DAYS",
      null,
      [
        { value: 7, unit: "CALENDAR_DAYS", condition: "事实清楚、权利义务明确" },
        { value: 60, unit: "CALENDAR_DAYS", condition: "事实不清，权利义务不明确，需要进一步深入工伤认定调查" },
      ],
    ),
  },
  {
    seq: 5,
    name: "劳动能力鉴定申请",
    codes: ["1.7.5", "1.7.6", "1.7.7"],
    // The extension is stated as +30日; the alternative carries the resulting total, 90 days from receipt.
    statutoryLimit: limit(
      "自收到劳动能力鉴定申请之日起60日内作出劳动能力鉴定结论，必要时可延长30日。",
      60,
      "CALENDAR_DAYS",
      null,
      [{ value: 90, unit: "CALENDAR_DAYS", condition: "必要时可延长30日" }],
    ),
    acceleratedLimit: limit(
      "原则上自收到劳动能力鉴定申请之日起30日内作出劳动能力鉴定结论，伤情复杂的应在60日内作出劳动能力鉴定结论。",
      30,
      "CALENDAR_DAYS",
      null,
      [{ value: 60, unit: "CALENDAR_DAYS", condition: "伤情复杂" }],
    ),
  },
  {
    seq: 6,
    name: "失业保险金申领",
    codes: ["1.8.1"],
    statutoryLimit: limit(
      "自受理失业人员领取失业保险金申请之日起10日内，对申领者的资格进行审核认定。",
      10,
      "CALENDAR_DAYS",
    ),
    // 网上申领 is encouraged but given no limit; only the in-person channel has one.
    acceleratedLimit: limit("加快推进网上申领；现场办理5个工作日。", 5, "WORKING_DAYS", "现场办理"),
  },
  {
    seq: 7,
    name: "稳岗返还（稳岗补贴）申领",
    codes: ["1.8.9"],
    statutoryLimit: limit("自企业申请到审核通过，最长不得超过3个月。", 3, "MONTHS"),
    acceleratedLimit: limit("加快实现全程网办；现场办理不超过1个月。", 1, "MONTHS", "现场办理"),
  },
  {
    seq: 8,
    name: "技能提升补贴申领（失业人员）",
    codes: ["1.8.10"],
    statutoryLimit: none(),
    acceleratedLimit: limit("加快实现网上申领；现场办理5个工作日。", 5, "WORKING_DAYS", "现场办理"),
  },
  {
    seq: 9,
    name: "社会保障卡申领",
    codes: ["1.10.1"],
    // 零星制发 (one applicant's card) is the general limit: it is what a person applying at a window
    // gets; 批量制发 is the employer-driven bulk run.
    statutoryLimit: limit("批量制发30个工作日；零星制发5个工作日。", 5, "WORKING_DAYS", "零星制发", [
      { value: 30, unit: "WORKING_DAYS", condition: "批量制发" },
    ]),
    // “70%以上区县” is a province-wide coverage target, not something the applicant controls; it stays
    // in the condition because the notice promises 立等可取 only there, not in every county.
    acceleratedLimit: limit("批量制发30个工作日；70%以上区县零星制发实现立等可取。", null, "INSTANT", "70%以上区县零星制发", [
      { value: 30, unit: "WORKING_DAYS", condition: "批量制发" },
    ]),
  },
  {
    seq: 10,
    name: "失业登记",
    codes: ["2.4.1"],
    statutoryLimit: workingDays(7),
    acceleratedLimit: workingDays(3),
  },
  {
    seq: 11,
    name: "就业登记",
    codes: ["2.4.2"],
    statutoryLimit: workingDays(10),
    acceleratedLimit: workingDays(5),
  },
  {
    seq: 12,
    name: "《就业创业证》申领",
    codes: ["2.4.3"],
    statutoryLimit: workingDays(7),
    acceleratedLimit: workingDays(3),
  },
  {
    seq: 13,
    name: "创业补贴申领",
    codes: ["2.5.1"],
    statutoryLimit: none(),
    acceleratedLimit: limit(LOCAL, null, "LOCAL_TARGET"),
  },
  {
    seq: 14,
    name: "创业担保贷款申请",
    codes: ["2.5.2"],
    statutoryLimit: none(),
    acceleratedLimit: workingDays(13),
  },
  {
    seq: 15,
    name: "就业困难人员认定",
    codes: ["2.6.1"],
    statutoryLimit: none(),
    acceleratedLimit: limit("提供相关证明材料齐全,5个工作日办结", 5, "WORKING_DAYS", "提供相关证明材料齐全"),
  },
  {
    seq: 16,
    name: "就业困难人员社会保险补贴申领",
    codes: ["2.6.2"],
    statutoryLimit: none(),
    // Most applications are handled by cities and counties, so their (local) target is the general
    // limit and the provincial level's own deadline is the alternative.
    acceleratedLimit: limit(`省本级在每年一季度完成拨付,${LOCAL}`, null, "LOCAL_TARGET", "各市、县", [
      { value: 1, unit: "QUARTER_OF_YEAR", condition: "省本级" },
    ]),
  },
  {
    seq: 17,
    name: "求职创业补贴申领(就业困难人员)",
    codes: ["2.6.4"],
    statutoryLimit: none(),
    acceleratedLimit: limit(LOCAL, null, "LOCAL_TARGET"),
  },
  {
    seq: 18,
    name: "高等学校等毕业生接收手续办理",
    codes: ["2.7.1"],
    statutoryLimit: none(),
    acceleratedLimit: limit("符合条件的即时办结", null, "INSTANT", "符合条件"),
  },
  {
    seq: 19,
    name: "就业见习补贴申领(高校毕业生等)",
    codes: ["2.7.2"],
    statutoryLimit: none(),
    // The provincial 15 working days run until the file reaches the finance department, not until
    // the subsidy is paid.
    acceleratedLimit: limit(
      `省本级提供相关证明材料齐全,15个工作日内提交财政部门;${LOCAL}`,
      null,
      "LOCAL_TARGET",
      "各市、县",
      [{ value: 15, unit: "WORKING_DAYS", condition: "省本级，提供相关证明材料齐全" }],
    ),
  },
  {
    seq: 20,
    name: "求职创业补贴申领(高校毕业生)",
    codes: ["2.7.3"],
    statutoryLimit: none(),
    acceleratedLimit: limit(LOCAL, null, "LOCAL_TARGET"),
  },
  {
    seq: 21,
    name: "高校毕业生社保补贴申领",
    codes: ["2.7.4"],
    statutoryLimit: none(),
    acceleratedLimit: limit(LOCAL, null, "LOCAL_TARGET"),
  },
  {
    seq: 22,
    name: "事业单位公开招聘工作方案、招聘信息审核备案",
    codes: ["3.3.2"],
    statutoryLimit: none(),
    acceleratedLimit: workingDays(10),
  },
  {
    seq: 23,
    name: "事业单位拟聘人员备案",
    codes: ["3.3.3"],
    statutoryLimit: none(),
    acceleratedLimit: workingDays(5),
  },
  {
    seq: 24,
    name: "存档人员党员组织关系的接转",
    codes: ["3.4.7"],
    statutoryLimit: none(),
    // Both directions are instant; the bracketed filing step follows completion and sets no limit.
    acceleratedLimit: limit(
      "办理接收手续,符合条件的即时办结;办理转出手续,符合条件的即时办结(收到组织关系介绍信回执后及时存档)。",
      null,
      "INSTANT",
      "办理接收手续，符合条件",
      [{ value: null, unit: "INSTANT", condition: "办理转出手续，符合条件" }],
    ),
  },
  {
    seq: 25,
    name: "遗失技能人员职业资格证书补发申请",
    codes: ["3.5.2"],
    statutoryLimit: none(),
    acceleratedLimit: workingDays(3),
  },
];

/**
 * The conditions of 附件2 a case can be tested for, by their wording. Conditions not listed
 * (申报材料完整, 符合条件, 提供相关证明材料齐全 …) are what acceptance itself establishes: the window
 * accepts only complete applications that qualify.
 */
export const conditionKeys: Record<string, LimitConditionKey> = {
  "事实清楚、权利义务明确": "CLEAR",
  "事实不清，权利义务不明确，需要进一步深入工伤认定调查": "INVESTIGATION",
  "伤情复杂": "COMPLEX",
  "必要时可延长30日": "EXTENDED",
  "现场办理": "ON_SITE",
  "零星制发": "SINGLE",
  "批量制发": "BATCH",
  "70%以上区县零星制发": "INSTANT_COUNTY",
  "省本级": "PROVINCIAL",
  "省本级，提供相关证明材料齐全": "PROVINCIAL",
  "各市、县": "LOCAL",
};

for (const row of acceleratedItems) {
  for (const l of [row.statutoryLimit, row.acceleratedLimit]) {
    const key = l.condition ? conditionKeys[l.condition] : undefined;
    if (key) l.conditionKey = key;
    for (const a of l.alternatives) {
      const k = conditionKeys[a.condition];
      if (k) a.key = k;
    }
  }
}

/**
 * Contact points whose windows issue a single social security card on the spot (1.10.1 零星制发
 * 立等可取). The notice asks this of 70% of counties; which ones can is local data, kept here. The
 * demo list: every county-level point but two, and the cities' own service halls.
 */
export const instantCardOffices: readonly string[] = [
  "太原市", "迎泽区", "大同市", "天镇县", "朔州市", "忻州市", "原平市", "吕梁市", "汾阳市", "晋中市", "榆次区",
  "阳泉市", "长治市", "潞城区", "晋城市", "高平市", "临汾市", "运城市", "盐湖区",
];

const byCode = new Map(acceleratedItems.flatMap((row) => row.codes.map((code) => [code, row] as const)));

export function limitsByCode(code: string): AcceleratedItem | undefined {
  return byCode.get(code);
}
