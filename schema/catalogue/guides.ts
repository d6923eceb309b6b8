import { bundleMaterialSet, materialById, materialsOfItem } from "../../subgraphs/one-thing/materials";
import { workflowFor } from "../../subgraphs/one-thing/workflows";
import { INSTANT_MINUTES } from "../calendar/deadline";
import {
  agencyOffice, factText, itemGuideRows, onlineByNotice, supervisionChannels, supplementItemMaterials, supplementMaterials,
  type ResultKind,
} from "./guides-data";
import { itemByCode, serviceItems } from "./items";
import { scenarios } from "./scenarios";
import { limitsByCode } from "./time-limits";
import type { LimitUnit, Scenario, ServiceItem, TimeLimit } from "./types";

// Service guides (办事指南, 四(一)): for every item and every bundle, what the notice asks a guide to
// state — 办理条件、办理渠道、办理时限、反馈方式、监督渠道 — and the materials, with those a
// commitment (告知承诺) replaces. Built from the catalogue (items, bundles, 附件2 limits), the
// one-thing material sets and workflows (read, never changed here) and guides-data.ts.

export const NOTICE = "晋人社厅发〔2020〕35号";

export interface GuideMaterial { id: string; name: string; commitment: boolean }
export type ChannelKind = "WINDOW" | "ONLINE_HALL";
export interface GuideChannel { kind: ChannelKind; name: string; detail: string }
export interface LimitRule { condition: string | null; words: string }
export interface GuideLimit {
  /** The notice's cell, verbatim. */
  text: string;
  /** The limit in words, every condition with its limit. */
  words: string;
  rules: LimitRule[];
}
export interface GuideTimeLimits {
  /** Whether the item is on the 提速办 list (附件2), and its row there. */
  listed: boolean;
  seq: number | null;
  statutory: GuideLimit | null;
  accelerated: GuideLimit | null;
  summary: string;
  /** How the days are counted. */
  counting: string[];
}
export interface GuideContact { name: string; kind: "PHONE" | "EMAIL"; contact: string }
export interface ScenarioRef { seq: number; name: string }

export interface ServiceGuide {
  code: string;
  name: string;
  area: string;
  agency: string;
  /** The office that takes and decides the application. */
  office: string;
  applicant: "PERSON" | "EMPLOYER" | "EITHER";
  who: string;
  conditions: string[];
  materials: GuideMaterial[];
  commitmentMaterials: GuideMaterial[];
  channels: GuideChannel[];
  timeLimits: GuideTimeLimits;
  result: ResultKind;
  resultName: string | null;
  delivery: string[];
  feedback: string[];
  supervision: GuideContact[];
  scenarios: ScenarioRef[];
  basis: string[];
}

export interface ScenarioGuideMaterial extends GuideMaterial {
  /** The bundle's items that ask for it. */
  itemCodes: string[];
}
export type GuideRelation = "PREREQUISITE" | "PARALLEL" | "FOLLOW_UP";
export interface ScenarioGuideItem {
  code: string;
  name: string;
  relation: GuideRelation | null;
  /** 前置 / 并联 / 后置 */
  relationText: string | null;
  /** When the step is done only in some cases, which. */
  when: string | null;
  timeLimit: string;
}
export interface ScenarioGuide {
  seq: number;
  name: string;
  agencies: string[];
  conditions: string[];
  items: ScenarioGuideItem[];
  materials: ScenarioGuideMaterial[];
  commitmentMaterials: ScenarioGuideMaterial[];
  materialsAsked: number;
  materialsSumOverItems: number;
  materialsCut: number;
  channels: GuideChannel[];
  timeLimits: string[];
  delivery: string[];
  feedback: string[];
  supervision: GuideContact[];
  remarks: string[];
  basis: string[];
}

const CHINESE_QUARTER = ["一", "二", "三", "四"];

/** A limit's figure in words: 15个工作日, 30日, 3个月, 即时办结… */
export function limitWords(value: number | null, unit: LimitUnit): string {
  switch (unit) {
    case "WORKING_DAYS": return `${value}个工作日`;
    case "CALENDAR_DAYS": return `${value}日`;
    case "MONTHS": return `${value}个月`;
    case "MINUTES": return `${value}分钟`;
    case "INSTANT": return `即时办结（从接收材料到办结原则上不超过${INSTANT_MINUTES}分钟）`;
    case "NONE": return "未规定办结时限";
    case "LOCAL_TARGET": return "由各市、县结合实际制定提速目标";
    case "STATUTORY": return "按法律法规规定的时限";
    case "QUARTER_OF_YEAR": return `每年第${CHINESE_QUARTER[(value ?? 1) - 1]}季度内完成`;
    default: {
      const unreachable: never = unit;
      throw new Error(`unknown limit unit ${String(unreachable)}`);
    }
  }
}

function guideLimit(limit: TimeLimit): GuideLimit {
  const rules: LimitRule[] = [
    { condition: limit.condition, words: limitWords(limit.value, limit.unit) },
    ...limit.alternatives.map((a) => ({ condition: a.condition, words: limitWords(a.value, a.unit) })),
  ];
  const several = rules.length > 1;
  const words = rules.map((r) => (r.condition ? `${r.condition}的，${r.words}` : several ? `一般${r.words}` : r.words)).join("；");
  return { text: limit.text, words, rules };
}

const units = (limit: TimeLimit | null): LimitUnit[] => (limit ? [limit.unit, ...limit.alternatives.map((a) => a.unit)] : []);

function countingRules(limits: (TimeLimit | null)[]): string[] {
  const all = new Set(limits.flatMap(units));
  const out: string[] = [];
  if (all.has("WORKING_DAYS")) out.push("工作日不含法定节假日和休息日，国务院调休安排的上班日计为工作日（按国务院公布的当年节假日安排计算）。");
  if (all.has("WORKING_DAYS") || all.has("CALENDAR_DAYS") || all.has("MONTHS")) out.push("期限自受理之日的次日起计算，到期限最后一日24时止。");
  if (all.has("CALENDAR_DAYS") || all.has("MONTHS")) out.push("以日、月计算的期限，最后一日为法定节假日或休息日的，顺延至其后的第一个工作日。");
  if (all.has("INSTANT")) out.push(`即时办结事项，从接收材料到办结原则上不超过${INSTANT_MINUTES}分钟。`);
  if (out.length) out.push("需要申请人补正材料的，补正期间不计入办理时限。");
  return out;
}

function timeLimitsOf(code: string): GuideTimeLimits {
  const row = limitsByCode(code);
  if (!row) {
    return {
      listed: false, seq: null, statutory: null, accelerated: null,
      summary: "本事项未列入“提速办”服务事项备选清单（附件2），按《全国人力资源社会保障系统公共服务事项清单》规定的时限办理。",
      counting: [],
    };
  }
  const statutory = guideLimit(row.statutoryLimit);
  const accelerated = guideLimit(row.acceleratedLimit);
  return {
    listed: true,
    seq: row.seq,
    statutory,
    accelerated,
    summary: `原规定办结时限：${statutory.words}。提速后承诺办结时限：${accelerated.words}。`,
    counting: countingRules([row.statutoryLimit, row.acceleratedLimit]),
  };
}

const supplementById = new Map(supplementMaterials.map((m) => [m.id, m]));
function materialOf(id: string): GuideMaterial {
  const m = materialById(id) ?? supplementById.get(id);
  if (!m) throw new Error(`unknown material ${id}`);
  return { id: m.id, name: m.name, commitment: m.commitment };
}

/** The item's own materials: its one-thing set where a bundle carries it, else the supplement. */
export function itemMaterialIds(code: string): string[] {
  const supplement = supplementItemMaterials[code];
  if (supplement) return supplement;
  return materialsOfItem(code);
}

const scenariosOf = (code: string): Scenario[] => scenarios.filter((s) => s.itemCodes.includes(code));

const FEEDBACK = [
  "受理时出具受理凭证（办件编号），可凭办件编号在网上服务大厅或受理窗口查询办理进度。",
  "材料不齐全或不符合要求的，一次性告知需要补正的全部材料。",
  "办理进度和结果通过网上服务大厅“我的办件”实时推送。",
  "办结后可对本次服务作出评价（“好差评”，一事一评）；差评在1个工作日内回访、15个工作日内整改。",
];

function commitmentCondition(materials: GuideMaterial[]): string[] {
  const replaced = materials.filter((m) => m.commitment);
  if (!replaced.length) return [];
  return [`实行告知承诺制：申请人书面承诺符合条件的，无需提交${replaced.map((m) => m.name).join("、")}；经办机构事后通过内部核查、部门间行政协助等方式核实，承诺不实的依法处理。`];
}

function deliveryOf(result: ResultKind, resultName: string | undefined, code: string): string[] {
  const instantCard = limitsByCode(code)?.acceleratedLimit.unit === "INSTANT" && result === "CERTIFICATE";
  switch (result) {
    case "REGISTRATION":
      return ["办结后登记（备案）信息记入业务系统，结果推送至网上服务大厅“我的办件”，也可到受理窗口查询。"];
    case "CERTIFICATE":
      return [
        `${resultName ?? "证件"}在受理窗口或申请时选定的服务网点领取。${instantCard ? "具备条件的区县立等可取。" : ""}`,
        "办结（可领取）时通过网上服务大厅通知申请人。",
      ];
    case "DECISION":
      return [`${resultName ?? "书面决定"}依法送达申请人（直接送达或邮寄送达），电子结果同步推送至网上服务大厅。`];
    case "PAYMENT":
      return [`核定后，${resultName ?? "待遇"}发放至申请人提供的银行账户；核定结果推送至网上服务大厅。`];
    case "TRANSFER":
      return ["转移接续办结后，由转入地接续，结果推送至网上服务大厅并告知申请人。"];
    case "SERVICE":
      return ["当场提供服务或答复；相关信息在网上服务大厅、网站等渠道公开发布。"];
    default: {
      const unreachable: never = result;
      throw new Error(`unknown result ${String(unreachable)}`);
    }
  }
}

function remarkConditions(code: string): string[] {
  const out: string[] = [];
  for (const s of scenariosOf(code)) {
    for (const r of s.remarks) {
      const rule = r.rule;
      if (!rule) continue;
      if (rule.kind === "MERGED_INTO_BUSINESS_REGISTRATION" && rule.itemCode === code) out.push(`按照“${rule.basis}”要求，并入企业新办工商登记环节统一办理。`);
      if (rule.kind === "PUSH_WORK_INJURY_DETERMINATION" && rule.thenItemCode === code) out.push(`${rule.from}作出工伤认定后，将认定结论推送${rule.to}办理，无需另行提交申请。`);
      if (rule.kind === "APPLICANT_IN_PERSON") out.push(`在“${s.name}”一件事中，需${rule.applicant}${rule.when ?? ""}本人办理。`);
    }
  }
  return [...new Set(out)];
}

function windowChannel(office: string, alsoBundles: boolean): GuideChannel {
  return {
    kind: "WINDOW",
    name: "窗口办理",
    detail: `${office}受理窗口${alsoBundles ? "，或各级人社综合服务窗口（一窗受理、集成服务）" : ""}。`,
  };
}

function itemChannels(code: string, office: string): GuideChannel[] {
  const bundles = scenariosOf(code);
  const channels: GuideChannel[] = [windowChannel(office, bundles.length > 0)];
  const online: string[] = [];
  if (bundles.length) online.push(`统一身份认证登录后，随“一件事”打包申请：${bundles.map((b) => `${b.name}（第${b.seq}项）`).join("、")}，提交一套材料`);
  if (onlineByNotice[code]) online.push(`网上申领（${onlineByNotice[code]}）`);
  if (online.length) channels.push({ kind: "ONLINE_HALL", name: "网上服务大厅", detail: `${online.join("；")}。` });
  return channels;
}

function buildServiceGuide(item: ServiceItem): ServiceGuide {
  const row = itemGuideRows[item.code];
  if (!row) throw new Error(`no guide row for item ${item.code}`);
  const materials = itemMaterialIds(item.code).map(materialOf);
  const office = row.handler ?? agencyOffice[item.agency] ?? item.agency;
  const limits = timeLimitsOf(item.code);
  const inBundles = scenariosOf(item.code);
  const conditions = [
    `服务对象：${row.who}。`,
    ...(materials.length ? ["申请材料齐全、符合法定形式的，一次受理。"] : ["无需提交申请材料。"]),
    ...remarkConditions(item.code),
    ...commitmentCondition(materials),
  ];
  return {
    code: item.code,
    name: item.name,
    area: item.area,
    agency: item.agency,
    office,
    applicant: row.applicant,
    who: row.who,
    conditions,
    materials,
    commitmentMaterials: materials.filter((m) => m.commitment),
    channels: itemChannels(item.code, office),
    timeLimits: limits,
    result: row.result,
    resultName: row.resultName ?? null,
    delivery: deliveryOf(row.result, row.resultName, item.code),
    feedback: FEEDBACK,
    supervision: supervisionChannels.map((c) => ({ ...c })),
    scenarios: inBundles.map((s) => ({ seq: s.seq, name: s.name })),
    basis: [
      `${NOTICE}《关于全省开展“人社服务快办行动”的通知》`,
      ...(limits.listed ? [`附件2“提速办”服务事项备选清单第${limits.seq}项`] : []),
      ...inBundles.map((s) => `附件1 人社服务10个“打包一件事”清单第${s.seq}项（${s.name}）`),
      ...(row.basis ? [row.basis] : []),
    ],
  };
}

const RELATION_TEXT: Record<GuideRelation, string> = { PREREQUISITE: "前置", PARALLEL: "并联", FOLLOW_UP: "后置" };
const SUBMITTER_TEXT: Record<string, string> = { citizen: "本人（统一身份认证登录）", employer: "用人单位经办人", staff: "综合窗口（工作人员代为录入）" };

function whenWords(when: { fact: string; is: boolean }[] | undefined): string | null {
  if (!when?.length) return null;
  return when.map((c) => {
    const t = factText[c.fact] ?? c.fact;
    return c.is ? `${t}的办理` : `${t}的无需办理`;
  }).join("，");
}

function itemLimitShort(code: string): string {
  const row = limitsByCode(code);
  return row ? `承诺时限：${guideLimit(row.acceleratedLimit).words}` : "按事项清单规定时限";
}

function buildScenarioGuide(s: Scenario): ScenarioGuide {
  const workflow = workflowFor(s.seq);
  const stepOf = (code: string) => {
    for (const stage of workflow?.stages ?? []) {
      const step = stage.steps.find((st) => st.itemCodes.includes(code));
      if (step) return { relation: stage.relation as GuideRelation, when: step.when };
    }
    return undefined;
  };
  const items: ScenarioGuideItem[] = s.itemCodes.map((code) => {
    const found = stepOf(code);
    return {
      code,
      name: itemByCode(code)?.name ?? code,
      relation: found?.relation ?? null,
      relationText: found ? RELATION_TEXT[found.relation] : null,
      when: whenWords(found?.when),
      timeLimit: itemLimitShort(code),
    };
  });
  const set = bundleMaterialSet(s.seq);
  if (!set) throw new Error(`no material set for bundle ${s.seq}`);
  const materials: ScenarioGuideMaterial[] = set.materials.map((m) => ({
    id: m.id, name: m.name, commitment: m.commitment,
    itemCodes: s.itemCodes.filter((code) => materialsOfItem(code, s.seq).includes(m.id)),
  }));
  const conditions = [
    ...(workflow ? [`可由${workflow.submitters.map((x) => SUBMITTER_TEXT[x] ?? x).join("、")}申请。`] : []),
    "通过“一个窗口”或“一个平台”提交“一套材料”，即可一次办理所涉服务事项。",
    ...s.remarks.flatMap((r) => {
      if (r.rule?.kind === "APPLICANT_IN_PERSON") return [`需${r.rule.applicant}${r.rule.when ?? ""}本人办理。`];
      if (r.rule?.kind === "ALSO_APPLICABLE_TO") return [`也适用于：${r.rule.cases.join("、")}。`];
      if (r.rule?.kind === "MERGED_INTO_BUSINESS_REGISTRATION") return [r.text];
      return [];
    }),
    ...(items.some((i) => i.when) ? ["标明“办理情形”的事项，仅在申请人符合该情形时办理，其余不必办理。"] : []),
    ...commitmentCondition(materials),
  ];
  const kinds = [...new Set(s.itemCodes.map((code) => itemGuideRows[code]!.result))];
  const listed = s.itemCodes.filter((code) => limitsByCode(code));
  return {
    seq: s.seq,
    name: s.name,
    agencies: s.agencies,
    conditions,
    items,
    materials,
    commitmentMaterials: materials.filter((m) => m.commitment),
    materialsAsked: set.asked,
    materialsSumOverItems: set.sumOverItems,
    materialsCut: set.cut,
    channels: [
      { kind: "WINDOW", name: "窗口办理", detail: `各级人社综合服务窗口“一窗通办”：一个窗口受理，${s.agencies.join("、")}后台并联办理。` },
      { kind: "ONLINE_HALL", name: "网上服务大厅", detail: "统一身份认证登录后，在“一件事”中提交一套材料，办理进度实时推送。" },
    ],
    timeLimits: [
      "前置事项办结后，并联事项同时办理，后置事项随后办理；一件事的办结时间取决于其中用时最长的环节。",
      ...listed.map((code) => `${code} ${itemByCode(code)!.name}：${guideLimit(limitsByCode(code)!.acceleratedLimit).words}（原规定：${guideLimit(limitsByCode(code)!.statutoryLimit).words}）`),
      ...countingRules(listed.flatMap((code) => [limitsByCode(code)!.statutoryLimit, limitsByCode(code)!.acceleratedLimit])),
    ],
    delivery: [
      "各事项的办理进度和结果逐项推送至网上服务大厅“我的办件”，全部办结后通知申请人。",
      ...kinds.flatMap((k) => {
        switch (k) {
          case "CERTIFICATE": return [`需领取的证件（${[...new Set(s.itemCodes.filter((c) => itemGuideRows[c]!.result === "CERTIFICATE").map((c) => itemGuideRows[c]!.resultName))].join("、")}）在受理窗口或选定的服务网点领取。`];
          case "PAYMENT": return ["核定的待遇、补贴发放至申请人提供的银行账户。"];
          case "DECISION": return ["书面决定、结论依法送达申请人。"];
          case "TRANSFER": return ["关系和档案的转移接续由转入地办结后告知申请人。"];
          default: return [];
        }
      }),
    ],
    feedback: FEEDBACK,
    supervision: supervisionChannels.map((c) => ({ ...c })),
    remarks: s.remarks.map((r) => r.text),
    basis: [`${NOTICE}《关于全省开展“人社服务快办行动”的通知》附件1 人社服务10个“打包一件事”清单第${s.seq}项`],
  };
}

const itemGuides = new Map(serviceItems.map((item) => [item.code, buildServiceGuide(item)]));
const bundleGuides = new Map(scenarios.map((s) => [s.seq, buildScenarioGuide(s)]));

/** The guide of one item by its code (undefined when the catalogue has no such item). */
export const serviceGuide = (code: string): ServiceGuide | undefined => itemGuides.get(code.trim());
/** The guide of one bundle by its 序号 (1–10). */
export const scenarioGuide = (seq: number): ScenarioGuide | undefined => bundleGuides.get(seq);
export const serviceGuides = (): ServiceGuide[] => [...itemGuides.values()];
export const scenarioGuides = (): ScenarioGuide[] => [...bundleGuides.values()];
