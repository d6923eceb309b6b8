import { scenarios } from "../../schema/catalogue";

/**
 * 一套材料: what each item asks for, and the one set a bundle asks for instead. `commitment` marks
 * the certificates that a signed commitment (告知承诺制) may replace: proofs of a circumstance the
 * department can verify afterwards by internal checks or administrative assistance from another
 * department (事中事后核查) — kinship, dependants, hardship, a graduation record — never the
 * identity document, a contract or the bank account a payment goes to.
 */
export interface Material {
  id: string;
  name: string;
  commitment: boolean;
}

const m = (id: string, name: string, commitment = false): Material => ({ id, name, commitment });

export const materials: Material[] = [
  m("ID_CARD", "居民身份证"),
  m("PHOTO", "近期免冠证件照片"),
  m("LABOUR_CONTRACT", "劳动合同"),
  m("BUSINESS_LICENCE", "营业执照"),
  m("BANK_ACCOUNT", "本人银行账户（银行卡或存折）"),
  m("CONTRIBUTOR_CHANGE_FORM", "社会保险缴费人员增减申报表"),
  m("WAGE_RECORDS", "工资发放记录"),
  m("GRADUATION_CERTIFICATE", "毕业证书", true),
  m("EMPLOYMENT_AGREEMENT", "就业协议书"),
  m("TERMINATION_CERTIFICATE", "解除或终止劳动关系证明", true),
  m("RETIREMENT_APPLICATION", "职工退休（职）申报表"),
  m("LABOUR_CAPACITY_CONCLUSION", "劳动能力鉴定结论书"),
  m("PENSION_CONTRIBUTION_CERTIFICATE", "基本养老保险参保缴费凭证"),
  m("DISCHARGE_CERTIFICATE", "退役证明"),
  m("UI_TRANSFER_CERTIFICATE", "失业保险关系转迁证明"),
  m("DEATH_CERTIFICATE", "死亡证明"),
  m("KINSHIP_PROOF", "亲属关系证明", true),
  m("DEPENDANT_PROOF", "供养亲属生活来源证明", true),
  m("BENEFIT_CHANGE_PROOF", "待遇变更事由证明", true),
  m("WORK_INJURY_REGISTRATION_FORM", "工伤登记表"),
  m("MEDICAL_INVOICES", "医疗费用票据及费用清单"),
  m("MEDICAL_RECORDS", "病历及诊断证明"),
  m("DISCHARGE_SUMMARY", "出院小结"),
  m("REFERRAL_CERTIFICATE", "转诊转院证明"),
  m("TRAVEL_RECEIPTS", "交通、食宿费票据"),
  m("TRAINING_CERTIFICATE", "职业培训合格证书"),
  m("EMPLOYMENT_DIFFICULTY_PROOF", "就业困难情况证明", true),
  m("LOW_INCOME_PROOF", "家庭经济困难证明", true),
  m("BUSINESS_PLAN", "创业计划书"),
  m("PUBLIC_INSTITUTION_HIRE_FORM", "事业单位拟聘用人员备案表"),
  m("ARCHIVE_TRANSFER_LETTER", "调档函"),
  m("PARTY_TRANSFER_LETTER", "党员组织关系介绍信"),
  m("SOCIAL_SECURITY_CARD", "社会保障卡"),
];

const byId = new Map(materials.map((x) => [x.id, x]));
export const materialById = (id: string): Material | undefined => byId.get(id);

/** What each item asks for when applied for on its own (its 服务指南). */
const itemMaterials: Record<string, string[]> = {
  "1.1.1": ["ID_CARD", "BUSINESS_LICENCE", "BANK_ACCOUNT"],
  "1.1.5": ["ID_CARD", "LABOUR_CONTRACT"],
  "1.2.3": ["ID_CARD", "BANK_ACCOUNT"],
  "1.2.4": ["ID_CARD", "BANK_ACCOUNT"],
  "1.3.1": ["ID_CARD", "CONTRIBUTOR_CHANGE_FORM", "LABOUR_CONTRACT"],
  "1.3.5": ["ID_CARD", "LABOUR_CONTRACT", "WAGE_RECORDS"],
  "1.4.1": ["ID_CARD", "BANK_ACCOUNT"],
  "1.6.1": ["ID_CARD", "RETIREMENT_APPLICATION", "PHOTO"],
  "1.6.3": ["ID_CARD", "RETIREMENT_APPLICATION", "LABOUR_CAPACITY_CONCLUSION", "PHOTO"],
  "1.6.7": ["ID_CARD", "DEATH_CERTIFICATE", "KINSHIP_PROOF", "BANK_ACCOUNT"],
  "1.6.10": ["ID_CARD", "DEATH_CERTIFICATE", "KINSHIP_PROOF", "BANK_ACCOUNT"],
  "1.6.12": ["ID_CARD", "PENSION_CONTRIBUTION_CERTIFICATE"],
  "1.6.15": ["ID_CARD", "PENSION_CONTRIBUTION_CERTIFICATE"],
  "1.6.16": ["ID_CARD", "PENSION_CONTRIBUTION_CERTIFICATE"],
  "1.6.17": ["ID_CARD", "PENSION_CONTRIBUTION_CERTIFICATE", "DISCHARGE_CERTIFICATE"],
  "1.6.18": ["ID_CARD", "BANK_ACCOUNT"],
  "1.7.2": ["ID_CARD", "WORK_INJURY_REGISTRATION_FORM"],
  "1.7.3": ["ID_CARD", "WORK_INJURY_REGISTRATION_FORM"],
  "1.7.13": ["ID_CARD", "REFERRAL_CERTIFICATE"],
  "1.7.21": ["ID_CARD", "MEDICAL_INVOICES", "MEDICAL_RECORDS"],
  "1.7.22": ["ID_CARD", "DISCHARGE_SUMMARY"],
  "1.7.23": ["ID_CARD", "REFERRAL_CERTIFICATE", "TRAVEL_RECEIPTS"],
  "1.7.27": ["ID_CARD", "DEATH_CERTIFICATE", "KINSHIP_PROOF", "BANK_ACCOUNT"],
  "1.7.28": ["ID_CARD", "DEATH_CERTIFICATE", "KINSHIP_PROOF", "DEPENDANT_PROOF", "BANK_ACCOUNT"],
  "1.7.29": ["ID_CARD", "BENEFIT_CHANGE_PROOF"],
  "1.8.1": ["ID_CARD", "TERMINATION_CERTIFICATE", "BANK_ACCOUNT"],
  "1.8.3": ["ID_CARD", "TRAINING_CERTIFICATE", "BANK_ACCOUNT"],
  "1.8.6": ["ID_CARD"],
  "1.8.7": ["ID_CARD"],
  "1.8.8": ["ID_CARD", "UI_TRANSFER_CERTIFICATE"],
  "1.10.1": ["ID_CARD", "PHOTO"],
  "1.10.2": ["ID_CARD", "SOCIAL_SECURITY_CARD"],
  "1.10.6": ["ID_CARD", "SOCIAL_SECURITY_CARD"],
  "1.10.7": ["ID_CARD"],
  "1.10.8": ["ID_CARD", "PHOTO"],
  "1.10.9": ["ID_CARD", "DEATH_CERTIFICATE"],
  "2.1.1": [],
  "2.1.2": [],
  "2.2.1": ["ID_CARD"],
  "2.2.2": ["ID_CARD"],
  "2.2.3": ["ID_CARD"],
  "2.3.1": [],
  "2.4.1": ["ID_CARD", "TERMINATION_CERTIFICATE"],
  "2.4.2": ["ID_CARD", "LABOUR_CONTRACT"],
  "2.4.3": ["ID_CARD", "PHOTO"],
  "2.5.1": ["ID_CARD", "BUSINESS_LICENCE", "BANK_ACCOUNT"],
  "2.5.2": ["ID_CARD", "BUSINESS_LICENCE", "BUSINESS_PLAN"],
  "2.6.1": ["ID_CARD", "EMPLOYMENT_DIFFICULTY_PROOF"],
  "2.7.1": ["ID_CARD", "GRADUATION_CERTIFICATE", "EMPLOYMENT_AGREEMENT"],
  "2.7.3": ["ID_CARD", "GRADUATION_CERTIFICATE", "LOW_INCOME_PROOF", "BANK_ACCOUNT"],
  "2.7.4": ["ID_CARD", "GRADUATION_CERTIFICATE", "BANK_ACCOUNT"],
  "3.3.3": ["ID_CARD", "PUBLIC_INSTITUTION_HIRE_FORM", "GRADUATION_CERTIFICATE"],
  "3.4.1": ["ID_CARD", "ARCHIVE_TRANSFER_LETTER"],
  "3.4.7": ["ID_CARD", "PARTY_TRANSFER_LETTER"],
  "4.1.1": ["ID_CARD", "LABOUR_CONTRACT"],
};

/** Where a bundle uses an item for a different case than its usual one, the case's materials. */
const bundleOverrides: Record<number, Record<string, string[]>> = {
  // leaving, not joining: the termination proves the change
  2: { "1.3.1": ["ID_CARD", "CONTRIBUTOR_CHANGE_FORM", "TERMINATION_CERTIFICATE"], "4.1.1": ["ID_CARD", "TERMINATION_CERTIFICATE"] },
  7: { "4.1.1": ["ID_CARD", "RETIREMENT_APPLICATION"] },
  // the death certificate is the reason for the change
  9: { "1.7.29": ["ID_CARD", "DEATH_CERTIFICATE"] },
};

/**
 * What an item hands the applicant, so a later item of the same bundle does not ask for it: a
 * card issued in the bundle is activated without the applicant bringing it in first.
 */
const producedBy: Record<string, string[]> = {
  "1.10.1": ["SOCIAL_SECURITY_CARD"],
  "1.10.8": ["SOCIAL_SECURITY_CARD"],
};
export const producedByItem = (code: string): string[] => producedBy[code] ?? [];

/** The materials an item asks for within a bundle. */
export function materialsOfItem(code: string, scenario?: number): string[] {
  const own = (scenario !== undefined ? bundleOverrides[scenario]?.[code] : undefined) ?? itemMaterials[code];
  if (!own) throw new Error(`no materials declared for item ${code}`);
  return own;
}

export interface MaterialSet {
  scenario: number;
  /** The one set, in first-asked order. */
  materials: Material[];
  /** What the bundle asks for once. */
  asked: number;
  /** What its items would ask for one by one. */
  sumOverItems: number;
  /** sumOverItems - asked: the 材料精减数 the notice tracks per locality. */
  cut: number;
}

/**
 * The union of the given items' materials, less what one of them produces for another, and the
 * materials-cut figure against asking per item.
 */
export function materialSetOf(scenario: number, codes: string[]): MaterialSet {
  const ids: string[] = [];
  const produced = new Set(codes.flatMap(producedByItem));
  let sum = 0;
  for (const code of codes) {
    const own = materialsOfItem(code, scenario);
    sum += own.length;
    for (const id of own) if (!ids.includes(id) && !produced.has(id)) ids.push(id);
  }
  return { scenario, materials: ids.map((id) => byId.get(id)!), asked: ids.length, sumOverItems: sum, cut: sum - ids.length };
}

/** A bundle's one material set over all of its items (conditional ones included). */
export function bundleMaterialSet(scenario: number): MaterialSet | undefined {
  const s = scenarios.find((x) => x.seq === scenario);
  return s ? materialSetOf(scenario, s.itemCodes) : undefined;
}
