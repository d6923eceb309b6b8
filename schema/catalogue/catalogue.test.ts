import { describe, it, expect } from "vitest";
import {
  acceleratedItems,
  contactPoints,
  itemByCode,
  limitsByCode,
  scenarios,
  serviceItems,
  type LimitUnit,
  type TimeLimit,
} from "./index";

// Expected values are transcribed from 晋人社厅发〔2020〕35号 on their own, not derived from the data.

const EXPECTED_NAMES: Record<string, string> = {
  "1.1.1": "企业社会保险登记",
  "1.1.5": "职工参保登记",
  "1.2.3": "养老保险待遇发放账户维护申请",
  "1.2.4": "工伤保险待遇发放账户维护申请",
  "1.3.1": "缴费人员增减申报",
  "1.3.5": "社会保险费欠费补缴申报",
  "1.4.1": "社会保险费缴纳",
  "1.6.1": "职工正常退休（职）申请",
  "1.6.3": "职工提前退休（退职）申请",
  "1.6.7": "个人账户一次性待遇申领（养老保险）",
  "1.6.10": "遗属待遇申领（养老保险）",
  "1.6.12": "城镇职工基本养老保险关系转移接续申请",
  "1.6.15": "机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请",
  "1.6.16": "城镇职工基本养老保险与城乡居民基本养老保险制度衔接申请",
  "1.6.17": "军地养老保险关系转移接续申请",
  "1.6.18": "多重养老保险关系个人账户退费",
  "1.7.2": "用人单位办理工伤登记",
  "1.7.3": "变更工伤登记",
  "1.7.4": "工伤认定申请",
  "1.7.5": "劳动能力鉴定申请",
  "1.7.6": "劳动能力再次鉴定申请",
  "1.7.7": "劳动能力复查鉴定申请",
  "1.7.13": "异地工伤就医报告",
  "1.7.21": "工伤医疗（康复）费用申报",
  "1.7.22": "住院伙食补助费申领",
  "1.7.23": "统筹地区以外交通、食宿费申领",
  "1.7.27": "一次性工亡补助金（含生活困难，预支50%确认）、丧葬补助金申领",
  "1.7.28": "供养亲属抚恤金申领",
  "1.7.29": "工伤保险待遇变更",
  "1.8.1": "失业保险金申领",
  "1.8.3": "职业培训补贴申领（领金失业人员）",
  "1.8.6": "代缴基本医疗保险费",
  "1.8.7": "价格临时补贴申领",
  "1.8.8": "失业保险关系转移接续",
  "1.8.9": "稳岗返还（稳岗补贴）申领",
  "1.8.10": "技能提升补贴申领（失业人员）",
  "1.10.1": "社会保障卡申领",
  "1.10.2": "社会保障卡启用（含社会保障卡银行账户激活）",
  "1.10.6": "社会保障卡密码修改与重置",
  "1.10.7": "社会保障卡挂失与解挂",
  "1.10.8": "社会保障卡补领、换领、换发",
  "1.10.9": "社会保障卡注销",
  "2.1.1": "就业政策法规咨询",
  "2.1.2": "职业供求信息、市场工资指导价信息和职业培训信息发布",
  "2.2.1": "职业介绍",
  "2.2.2": "职业指导",
  "2.2.3": "创业开业指导",
  "2.3.1": "公共就业服务专项活动",
  "2.4.1": "失业登记",
  "2.4.2": "就业登记",
  "2.4.3": "《就业创业证》申领",
  "2.5.1": "创业补贴申领",
  "2.5.2": "创业担保贷款申请",
  "2.6.1": "就业困难人员认定",
  "2.6.2": "就业困难人员社会保险补贴申领",
  "2.6.4": "求职创业补贴申领(就业困难人员)",
  "2.7.1": "高等学校等毕业生接收手续办理",
  "2.7.2": "就业见习补贴申领(高校毕业生等)",
  "2.7.3": "求职创业补贴申领(高校毕业生)",
  "2.7.4": "高校毕业生社保补贴申领",
  "3.3.2": "事业单位公开招聘工作方案、招聘信息审核备案",
  "3.3.3": "事业单位拟聘用人员备案",
  "3.4.1": "档案的接收和转递（流动人员）",
  "3.4.7": "存档人员党员组织关系的接转",
  "3.5.2": "遗失技能人员职业资格证书补发申请",
  "4.1.1": "劳动用工备案",
};

const EXPECTED_ALIASES: Record<string, string[]> = {
  "1.3.5": ["社会保险费补缴申报"],
  "1.6.15": ["机关事业单位基本养老保险与城镇职工基本养老保险互转申请"],
  "1.8.1": ["失业保险申领"],
  "2.7.3": ["求职创业补贴申领"],
  "3.3.3": ["事业单位拟聘人员备案"],
};

describe("service items", () => {
  it("has the 66 distinct codes of the notice, each once", () => {
    const codes = serviceItems.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(66);
    expect(new Set(codes)).toEqual(new Set(Object.keys(EXPECTED_NAMES)));
  });

  it.each(Object.entries(EXPECTED_NAMES))("%s is named %s", (code, name) => {
    expect(itemByCode(code)?.name).toBe(name);
  });

  it("keeps the notice's other spellings as aliases, and only those", () => {
    for (const item of serviceItems) {
      expect(item.aliases, item.code).toEqual(EXPECTED_ALIASES[item.code] ?? []);
    }
  });

  it("never repeats the name among the aliases", () => {
    for (const item of serviceItems) {
      expect(item.aliases, item.code).not.toContain(item.name);
      expect(new Set(item.aliases).size, item.code).toBe(item.aliases.length);
    }
  });

  it("puts every code in the area and agency its prefix implies", () => {
    const areaByPrefix = { "1": "SOCIAL_INSURANCE", "2": "EMPLOYMENT", "3": "PERSONNEL", "4": "LABOR_RELATIONS" };
    const agencyByPrefix = { "1": "social-insurance", "2": "employment", "3": "personnel", "4": "labor-relations" };
    for (const item of serviceItems) {
      const prefix = item.code.split(".")[0] as keyof typeof areaByPrefix;
      expect(areaByPrefix[prefix], item.code).toBe(item.area);
      const agency = item.code.startsWith("1.10.") ? "card" : agencyByPrefix[prefix];
      expect(item.agency, item.code).toBe(agency);
    }
  });

  it("keeps codes well-formed and in code order", () => {
    const key = (code: string) => code.split(".").map(Number);
    for (const item of serviceItems) expect(item.code).toMatch(/^[1-4]\.\d+\.\d+$/);
    for (let i = 1; i < serviceItems.length; i++) {
      const [a, b] = [key(serviceItems[i - 1]!.code), key(serviceItems[i]!.code)];
      const cmp = a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
      expect(cmp, serviceItems[i]!.code).toBeLessThan(0);
    }
  });

  it("returns undefined for a code the notice does not name", () => {
    expect(itemByCode("1.7.1")).toBeUndefined();
  });
});

const EXPECTED_BUNDLES: [string, string[], string[]][] = [
  [
    "企业招用工",
    ["1.1.5", "1.3.1", "1.6.12", "1.6.15", "1.6.17", "1.8.8", "1.10.1", "2.4.2", "2.4.3", "2.7.1", "3.4.1", "3.4.7", "4.1.1"],
    ["社保经办机构", "公共就业服务机构", "劳动保障事务机构", "劳动用工管理部门"],
  ],
  [
    "企业与员工解除终止劳动合同",
    ["1.3.1", "4.1.1", "1.3.5", "1.8.8", "3.4.1", "3.4.7"],
    ["社保经办机构", "公共就业服务机构", "劳动用工管理部门"],
  ],
  [
    "失业",
    ["2.4.1", "2.4.3", "2.2.1", "1.8.1", "1.8.6", "1.8.3", "1.8.7", "2.6.1"],
    ["公共就业人才服务机构", "社保经办机构"],
  ],
  [
    "高校毕业生就业 (含灵活就业)",
    ["2.1.1", "2.1.2", "2.2.1", "2.2.2", "2.3.1", "2.4.2", "2.4.3", "2.7.1", "2.7.3", "2.7.4", "3.4.1", "3.4.7", "1.1.5", "1.4.1", "1.10.1"],
    ["公共就业人才服务机构", "社保经办机构", "信息化管理机构"],
  ],
  [
    "事业单位聘用人员",
    ["3.3.3", "3.4.1", "3.4.7", "1.1.5", "1.3.1", "1.6.12", "1.6.15", "1.6.17", "1.8.8", "1.10.1", "2.7.1"],
    ["事业单位管理部门", "社保经办机构", "公共就业服务机构", "信息化管理机构"],
  ],
  [
    "创业",
    [
      "2.2.3", "2.4.2", "2.4.3", "2.5.1", "2.5.2", "2.7.1", "3.4.1", "3.4.7", "1.1.1",
      "1.1.5", "1.3.1", "1.6.12", "1.6.15", "1.6.17", "1.8.8", "1.10.1", "4.1.1",
    ],
    ["公共就业人才服务机构", "社保经办机构", "信息化管理机构", "劳动用工管理部门"],
  ],
  [
    "职工退休",
    ["1.6.1", "1.6.3", "4.1.1", "1.3.5", "1.6.12", "1.6.15", "1.6.16", "1.6.18", "1.2.3"],
    ["社保经办机构", "社会保险行政部门", "劳动保障行政部门", "用工管理部门"],
  ],
  [
    "申领工亡人员有关待遇",
    ["1.7.2", "1.7.3", "1.7.21", "1.7.22", "1.7.13", "1.7.23", "1.7.27", "1.7.28", "1.2.4"],
    ["社保经办机构", "社会保险行政部门"],
  ],
  [
    "退休人员过世",
    ["1.6.7", "1.6.10", "1.7.29", "1.10.9", "1.2.3", "1.2.4"],
    ["社保经办机构", "社会保险行政部门", "信息化管理机构"],
  ],
  [
    "申领社会保障卡",
    ["1.10.1", "1.10.2", "1.10.6", "1.10.7", "1.10.8"],
    ["信息化管理机构", "社保经办机构", "公共就业人才服务机构"],
  ],
];

describe("scenarios", () => {
  it("has the 10 bundles numbered 1..10", () => {
    expect(scenarios.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each(EXPECTED_BUNDLES.map((b, i) => [i + 1, ...b] as const))(
    "bundle %i %s lists the notice's items and agencies in order",
    (seq, name, codes, agencies) => {
      const scenario = scenarios[seq - 1]!;
      expect(scenario.name).toBe(name);
      expect(scenario.itemCodes).toEqual(codes);
      expect(scenario.agencies).toEqual(agencies);
    },
  );

  it("refers only to codes in serviceItems, none twice in a bundle", () => {
    for (const s of scenarios) {
      for (const code of s.itemCodes) expect(itemByCode(code), `${s.seq} ${code}`).toBeDefined();
      expect(new Set(s.itemCodes).size, String(s.seq)).toBe(s.itemCodes.length);
    }
  });

  it("splits remarks into the notice's numbered sentences", () => {
    expect(scenarios.map((s) => s.remarks.length)).toEqual([3, 1, 2, 3, 3, 5, 1, 2, 0, 0]);
    for (const s of scenarios) {
      for (const r of s.remarks) {
        expect(r.text).not.toMatch(/^\d/);
        expect(r.text).toMatch(/。$/);
      }
    }
  });

  it("structures the remarks that are rules", () => {
    const kinds = scenarios.map((s) => s.remarks.map((r) => r.rule?.kind ?? null));
    expect(kinds).toEqual([
      ["SYNC_CONTRIBUTOR_INCREASE", "STOP_UNEMPLOYMENT_BENEFIT", "SYNC_ROSTER"],
      ["SYNC_ROSTER"],
      ["APPLICANT_IN_PERSON", "SYNC_ROSTER"],
      ["APPLICANT_IN_PERSON", "SYNC_ROSTER", "ALSO_APPLICABLE_TO"],
      ["SYNC_CONTRIBUTOR_INCREASE", "STOP_UNEMPLOYMENT_BENEFIT", "SYNC_ROSTER"],
      [
        "APPLICANT_IN_PERSON",
        "MERGED_INTO_BUSINESS_REGISTRATION",
        "SYNC_CONTRIBUTOR_INCREASE",
        "STOP_UNEMPLOYMENT_BENEFIT",
        "SYNC_ROSTER",
      ],
      ["ALL_OF"],
      ["PUSH_WORK_INJURY_DETERMINATION", "ALSO_APPLICABLE_TO"],
      [],
      [],
    ]);
  });

  it("names the agencies each roster sync binds", () => {
    const rosters = scenarios.map((s) =>
      s.remarks.flatMap((r) => (r.rule?.kind === "SYNC_ROSTER" ? [r.rule.agencies] : [])),
    );
    const three = ["社保经办机构", "公共就业服务机构", "劳动用工管理部门"];
    const two = ["社保经办机构", "公共就业人才服务机构"];
    expect(rosters).toEqual([
      [three],
      [three],
      [two],
      [two],
      [two],
      [["社保经办机构", "公共就业人才服务机构", "劳动用工管理部门"]],
      [],
      [],
      [],
      [],
    ]);
  });

  it("gives rules the parameters the remarks state", () => {
    expect(scenarios[0]!.remarks[0]!.rule).toEqual({
      kind: "SYNC_CONTRIBUTOR_INCREASE",
      insurances: ["PENSION", "WORK_INJURY", "UNEMPLOYMENT"],
    });
    expect(scenarios[3]!.remarks[0]!.rule).toEqual({ kind: "APPLICANT_IN_PERSON", applicant: "高校毕业生", when: "离校后" });
    expect(scenarios[5]!.remarks[1]!.rule).toEqual({
      kind: "MERGED_INTO_BUSINESS_REGISTRATION",
      itemCode: "1.1.1",
      basis: "多证合一",
    });
    expect(scenarios[6]!.remarks[0]!.rule).toEqual({
      kind: "ALL_OF",
      rules: [{ kind: "WORK_INJURY_BENEFIT_TOP_UP" }, { kind: "STOP_UNEMPLOYMENT_BENEFIT" }],
    });
    expect(scenarios[7]!.remarks[0]!.rule).toEqual({
      kind: "PUSH_WORK_INJURY_DETERMINATION",
      from: "社会保险行政部门",
      to: "社保经办机构",
      thenItemCode: "1.7.2",
    });
  });

  it("points rule item codes at bundle members", () => {
    for (const s of scenarios) {
      for (const { rule } of s.remarks) {
        if (rule?.kind === "MERGED_INTO_BUSINESS_REGISTRATION") expect(s.itemCodes).toContain(rule.itemCode);
        if (rule?.kind === "PUSH_WORK_INJURY_DETERMINATION") expect(s.itemCodes).toContain(rule.thenItemCode);
      }
    }
  });

  it("reads bundle 5's stray English 'and' as 和", () => {
    const texts = scenarios.flatMap((s) => s.remarks.map((r) => r.text));
    for (const t of texts) expect(t).not.toMatch(/[A-Za-z]/);
    expect(scenarios[4]!.remarks[2]!.text).toBe("社保经办机构和公共就业人才服务机构要同步人员名单信息。");
  });
});

type Expect = [value: number | null, unit: LimitUnit, condition: string | null, alternatives?: [number | null, LimitUnit, string][]];

const NONE: Expect = [null, "NONE", null];
const LOCAL: Expect = [null, "LOCAL_TARGET", null];
const wd = (n: number): Expect => [n, "WORKING_DAYS", null];

// seq, codes, statutory, accelerated
const EXPECTED_LIMITS: [number, string[], Expect, Expect][] = [
  [1, ["1.6.1"], NONE, [null, "INSTANT", "申报材料完整"]],
  [2, ["1.6.12"], wd(45), wd(15)],
  [3, ["1.8.8"], NONE, wd(15)],
  [
    4,
    ["1.7.4"],
    [60, "CALENDAR_DAYS", null, [[15, "CALENDAR_DAYS", "事实清楚、权利义务明确"]]],
    [
      30,
      "CALENDAR_DAYS",
      null,
      [
        [7, "CALENDAR_DAYS", "事实清楚、权利义务明确"],
        [60, "CALENDAR_DAYS", "事实不清，权利义务不明确，需要进一步深入工伤认定调查"],
      ],
    ],
  ],
  [
    5,
    ["1.7.5", "1.7.6", "1.7.7"],
    [60, "CALENDAR_DAYS", null, [[90, "CALENDAR_DAYS", "必要时可延长30日"]]],
    [30, "CALENDAR_DAYS", null, [[60, "CALENDAR_DAYS", "伤情复杂"]]],
  ],
  [6, ["1.8.1"], [10, "CALENDAR_DAYS", null], [5, "WORKING_DAYS", "现场办理"]],
  [7, ["1.8.9"], [3, "MONTHS", null], [1, "MONTHS", "现场办理"]],
  [8, ["1.8.10"], NONE, [5, "WORKING_DAYS", "现场办理"]],
  [
    9,
    ["1.10.1"],
    [5, "WORKING_DAYS", "零星制发", [[30, "WORKING_DAYS", "批量制发"]]],
    [null, "INSTANT", "70%以上区县零星制发", [[30, "WORKING_DAYS", "批量制发"]]],
  ],
  [10, ["2.4.1"], wd(7), wd(3)],
  [11, ["2.4.2"], wd(10), wd(5)],
  [12, ["2.4.3"], wd(7), wd(3)],
  [13, ["2.5.1"], NONE, LOCAL],
  [14, ["2.5.2"], NONE, wd(13)],
  [15, ["2.6.1"], NONE, [5, "WORKING_DAYS", "提供相关证明材料齐全"]],
  [16, ["2.6.2"], NONE, [null, "LOCAL_TARGET", "各市、县", [[1, "QUARTER_OF_YEAR", "省本级"]]]],
  [17, ["2.6.4"], NONE, LOCAL],
  [18, ["2.7.1"], NONE, [null, "INSTANT", "符合条件"]],
  [19, ["2.7.2"], NONE, [null, "LOCAL_TARGET", "各市、县", [[15, "WORKING_DAYS", "省本级，提供相关证明材料齐全"]]]],
  [20, ["2.7.3"], NONE, LOCAL],
  [21, ["2.7.4"], NONE, LOCAL],
  [22, ["3.3.2"], NONE, wd(10)],
  [23, ["3.3.3"], NONE, wd(5)],
  [24, ["3.4.7"], NONE, [null, "INSTANT", "办理接收手续，符合条件", [[null, "INSTANT", "办理转出手续，符合条件"]]]],
  [25, ["3.5.2"], NONE, wd(3)],
];

function shape(limit: TimeLimit): Expect {
  const alternatives = limit.alternatives.map((a): [number | null, LimitUnit, string] => [a.value, a.unit, a.condition]);
  return alternatives.length
    ? [limit.value, limit.unit, limit.condition, alternatives]
    : [limit.value, limit.unit, limit.condition];
}

describe("accelerated items", () => {
  it("has the 25 rows numbered 1..25", () => {
    expect(acceleratedItems.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it.each(EXPECTED_LIMITS)("row %i (%j) parses both limits", (seq, codes, statutory, accelerated) => {
    const row = acceleratedItems[seq - 1]!;
    expect(row.seq).toBe(seq);
    expect(row.codes).toEqual(codes);
    expect(shape(row.statutoryLimit)).toEqual(statutory);
    expect(shape(row.acceleratedLimit)).toEqual(accelerated);
    for (const code of codes) expect(limitsByCode(code)).toBe(row);
  });

  it("keeps the cell text verbatim for the irregular cells", () => {
    expect(limitsByCode("1.6.1")!.statutoryLimit.text).toBe("无");
    expect(limitsByCode("1.6.12")!.statutoryLimit.text).toBe("45个工作日");
    expect(limitsByCode("2.5.1")!.acceleratedLimit.text).toBe("各市、县结合实际制定提速目标");
    expect(limitsByCode("2.6.1")!.acceleratedLimit.text).toBe("提供相关证明材料齐全,5个工作日办结");
    expect(limitsByCode("2.6.2")!.acceleratedLimit.text).toBe("省本级在每年一季度完成拨付,各市、县结合实际制定提速目标");
    expect(limitsByCode("2.7.2")!.acceleratedLimit.text).toBe(
      "省本级提供相关证明材料齐全,15个工作日内提交财政部门;各市、县结合实际制定提速目标",
    );
    expect(limitsByCode("1.10.1")!.statutoryLimit.text).toBe("批量制发30个工作日；零星制发5个工作日。");
    expect(limitsByCode("3.4.7")!.acceleratedLimit.text).toBe(
      "办理接收手续,符合条件的即时办结;办理转出手续,符合条件的即时办结(收到组织关系介绍信回执后及时存档)。",
    );
  });

  it("states every duration's figure in its cell text", () => {
    const durations: LimitUnit[] = ["WORKING_DAYS", "CALENDAR_DAYS", "MONTHS"];
    for (const row of acceleratedItems) {
      for (const l of [row.statutoryLimit, row.acceleratedLimit]) {
        for (const x of [{ value: l.value, unit: l.unit, condition: l.condition ?? "" }, ...l.alternatives]) {
          if (x.value === null || !durations.includes(x.unit)) continue;
          // An extension is printed as its increment; the data carries the total.
          const printed = x.condition.includes("延长") ? x.value - (l.value ?? 0) : x.value;
          expect(l.text, `${row.seq}`).toContain(`${printed}`);
        }
      }
    }
  });

  it("never makes an accelerated general limit longer than the statutory one in the same unit", () => {
    for (const row of acceleratedItems) {
      const s = row.statutoryLimit;
      const a = row.acceleratedLimit;
      if (s.unit === a.unit && s.value !== null && a.value !== null) expect(a.value, `${row.seq}`).toBeLessThanOrEqual(s.value);
    }
  });

  it("uses null as the value of every INSTANT, NONE and LOCAL_TARGET limit", () => {
    for (const row of acceleratedItems) {
      for (const l of [row.statutoryLimit, row.acceleratedLimit]) {
        const all = [{ value: l.value, unit: l.unit }, ...l.alternatives];
        for (const x of all) {
          if (x.unit === "INSTANT" || x.unit === "NONE" || x.unit === "LOCAL_TARGET") expect(x.value).toBeNull();
        }
      }
    }
  });

  it("refers only to codes in serviceItems, each in one row", () => {
    const codes = acceleratedItems.flatMap((r) => r.codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(27);
    for (const code of codes) expect(itemByCode(code), code).toBeDefined();
    expect(limitsByCode("1.1.1")).toBeUndefined();
  });

  it("names each single-code row with one of its item's spellings", () => {
    for (const row of acceleratedItems) {
      if (row.codes.length !== 1) continue;
      const item = itemByCode(row.codes[0]!)!;
      expect([item.name, ...item.aliases], `${row.seq}`).toContain(row.name);
    }
  });
});

describe("contact points", () => {
  const EXPECTED: [string, "P" | "MP", string | null][] = [
    ["太原市", "P", null],
    ["迎泽区", "P", "太原市"],
    ["大同市", "P", null],
    ["天镇县", "MP", "大同市"],
    ["朔州市", "P", null],
    ["山阴县", "P", "朔州市"],
    ["忻州市", "P", null],
    ["原平市", "P", "忻州市"],
    ["吕梁市", "P", null],
    ["汾阳市", "MP", "吕梁市"],
    ["晋中市", "MP", null],
    ["榆次区", "P", "晋中市"],
    ["阳泉市", "MP", null],
    ["盂县", "P", "阳泉市"],
    ["长治市", "P", null],
    ["潞城区", "P", "长治市"],
    ["晋城市", "P", null],
    ["高平市", "P", "晋城市"],
    ["临汾市", "P", null],
    ["襄汾县", "P", "临汾市"],
    ["运城市", "P", null],
    ["盐湖区", "P", "运城市"],
    ["省本级", "MP", null],
  ];

  it("lists the 23 points of 附件3 in order with level, level text and parent", () => {
    expect(
      contactPoints.map((p) => [p.name, p.level === "MINISTRY_AND_PROVINCIAL" ? "MP" : "P", p.parent]),
    ).toEqual(EXPECTED);
    for (const p of contactPoints) {
      expect(p.levelText).toBe(p.level === "MINISTRY_AND_PROVINCIAL" ? "部、省共同联系点" : "省级联系点");
    }
  });

  it("has the ministry's 5 shared points", () => {
    expect(contactPoints.filter((p) => p.level === "MINISTRY_AND_PROVINCIAL").map((p) => p.name)).toEqual([
      "天镇县",
      "汾阳市",
      "晋中市",
      "阳泉市",
      "省本级",
    ]);
  });

  it("has 11 cities and 11 county-level points, each county under a listed city", () => {
    const cities = contactPoints.filter((p) => p.parent === null && p.name !== "省本级").map((p) => p.name);
    const counties = contactPoints.filter((p) => p.parent !== null);
    expect(cities).toHaveLength(11);
    expect(counties).toHaveLength(11);
    for (const c of counties) expect(cities).toContain(c.parent);
    expect(new Set(counties.map((c) => c.parent)).size).toBe(11);
  });
});
