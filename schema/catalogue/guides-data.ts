// What a service guide (办事指南) says beyond the notice's own tables: who applies for each item,
// what its result is and how it reaches the applicant, and the materials of the items that no
// bundle carries (the one-thing material sets cover the others). The notice (四(一)) asks every
// guide to state 办理条件、办理渠道、办理时限、反馈方式、监督渠道; these rows are the parts of that
// which the notice leaves to the item's own rules (《全国人力资源社会保障系统公共服务事项清单》, the
// regulations named in the row's `basis`).

/** Who submits the item: a person, an employer, or either. */
export type Applicant = "PERSON" | "EMPLOYER" | "EITHER";

/**
 * What the applicant gets at the end, which decides how it is delivered:
 * REGISTRATION (a record in the system), CERTIFICATE (a card or certificate to collect),
 * DECISION (a written decision or conclusion served on the applicant), PAYMENT (money to an
 * account), TRANSFER (a relation or file moved to another office), SERVICE (advice, information).
 */
export type ResultKind = "REGISTRATION" | "CERTIFICATE" | "DECISION" | "PAYMENT" | "TRANSFER" | "SERVICE";

export interface ItemGuideRow {
  applicant: Applicant;
  /** 服务对象: who may apply, and when, in the words of the item's rules. */
  who: string;
  result: ResultKind;
  /** The document or thing the applicant receives, where there is one. */
  resultName?: string;
  /** The office that decides, where it is not the agency's 经办机构 (工伤认定, 劳动能力鉴定). */
  handler?: string;
  /** The rule a statement of `who` rests on, when it is a regulation's article. */
  basis?: string;
}

const row = (applicant: Applicant, who: string, result: ResultKind, more: Partial<ItemGuideRow> = {}): ItemGuideRow => ({ applicant, who, result, ...more });

export const itemGuideRows: Record<string, ItemGuideRow> = {
  "1.1.1": row("EMPLOYER", "新设立的用人单位", "REGISTRATION"),
  "1.1.5": row("EMPLOYER", "招用职工的用人单位，自用工之日起30日内为职工申请办理", "REGISTRATION", { basis: "《中华人民共和国社会保险法》第五十八条" }),
  "1.2.3": row("PERSON", "领取基本养老保险待遇的人员，或其代理人", "REGISTRATION"),
  "1.2.4": row("PERSON", "领取工伤保险待遇的人员（含供养亲属），或其代理人", "REGISTRATION"),
  "1.3.1": row("EMPLOYER", "参保单位，职工增加或减少时", "REGISTRATION"),
  "1.3.5": row("EMPLOYER", "欠缴社会保险费、需补缴的参保单位", "REGISTRATION"),
  "1.4.1": row("EITHER", "参保单位及以个人身份参保的灵活就业人员", "REGISTRATION"),
  "1.6.1": row("EITHER", "达到法定退休年龄、累计缴费年限符合规定的参保职工，由所在单位或本人申请", "PAYMENT", { resultName: "基本养老金" }),
  "1.6.3": row("EITHER", "符合提前退休（退职）条件的参保职工（特殊工种，因病或非因工致残完全丧失劳动能力等），由所在单位或本人申请", "PAYMENT", { resultName: "基本养老金" }),
  "1.6.7": row("PERSON", "参保人员死亡后，其个人账户余额的继承人或受益人", "PAYMENT", { resultName: "个人账户一次性待遇" }),
  "1.6.10": row("PERSON", "参保人员因病或非因工死亡后的遗属", "PAYMENT", { resultName: "丧葬补助金和抚恤金" }),
  "1.6.12": row("PERSON", "跨统筹地区流动就业的城镇职工基本养老保险参保人员", "TRANSFER"),
  "1.6.15": row("PERSON", "在机关事业单位与城镇企业之间流动就业的参保人员", "TRANSFER"),
  "1.6.16": row("PERSON", "参加过城镇职工基本养老保险和城乡居民基本养老保险、需要制度衔接的人员", "TRANSFER"),
  "1.6.17": row("PERSON", "退出现役、参加基本养老保险的军人", "TRANSFER"),
  "1.6.18": row("PERSON", "同时存续多重养老保险关系、需清理并退还个人账户的参保人员", "PAYMENT", { resultName: "个人账户退费" }),
  "1.7.2": row("EMPLOYER", "职工被认定为工伤的用人单位", "REGISTRATION"),
  "1.7.3": row("EMPLOYER", "工伤登记事项发生变化的用人单位", "REGISTRATION"),
  "1.7.4": row("EITHER", "职工发生事故伤害或被诊断、鉴定为职业病的，所在单位自事故伤害发生之日或被诊断、鉴定为职业病之日起30日内提出；单位未提出的，工伤职工或其近亲属、工会组织在1年内提出", "DECISION", {
    resultName: "《认定工伤决定书》或《不予认定工伤决定书》", handler: "社会保险行政部门", basis: "《工伤保险条例》第十七条",
  }),
  "1.7.5": row("EITHER", "工伤职工经治疗伤情相对稳定后存在残疾、影响劳动能力的，由用人单位、工伤职工或其近亲属提出", "DECISION", {
    resultName: "劳动能力鉴定结论", handler: "劳动能力鉴定委员会", basis: "《工伤保险条例》第二十一条、第二十三条",
  }),
  "1.7.6": row("EITHER", "对设区的市级劳动能力鉴定委员会的鉴定结论不服的单位或个人，自收到鉴定结论之日起15日内提出", "DECISION", {
    resultName: "劳动能力再次鉴定结论", handler: "省级劳动能力鉴定委员会", basis: "《工伤保险条例》第二十六条",
  }),
  "1.7.7": row("EITHER", "自劳动能力鉴定结论作出之日起1年后，认为伤残情况发生变化的工伤职工或其近亲属、所在单位或经办机构", "DECISION", {
    resultName: "劳动能力复查鉴定结论", handler: "劳动能力鉴定委员会", basis: "《工伤保险条例》第二十八条",
  }),
  "1.7.13": row("EITHER", "需在统筹地区以外就医的工伤职工，或其所在单位", "REGISTRATION"),
  "1.7.21": row("EITHER", "发生工伤医疗（康复）费用的工伤职工，或其所在单位", "PAYMENT", { resultName: "工伤医疗（康复）费用" }),
  "1.7.22": row("EITHER", "住院治疗工伤的职工，或其所在单位", "PAYMENT", { resultName: "住院伙食补助费" }),
  "1.7.23": row("EITHER", "经批准到统筹地区以外就医的工伤职工，或其所在单位", "PAYMENT", { resultName: "交通、食宿费" }),
  "1.7.27": row("PERSON", "因工死亡职工的近亲属", "PAYMENT", { resultName: "一次性工亡补助金、丧葬补助金" }),
  "1.7.28": row("PERSON", "因工死亡职工生前提供主要生活来源、无劳动能力的亲属", "PAYMENT", { resultName: "供养亲属抚恤金" }),
  "1.7.29": row("EITHER", "享受工伤保险待遇的人员情况发生变化（含死亡）时，本人、亲属或所在单位", "REGISTRATION"),
  "1.8.1": row("PERSON", "非因本人意愿中断就业、已办理失业登记并有求职要求，失业前用人单位和本人已缴纳失业保险费满1年的失业人员", "PAYMENT", {
    resultName: "失业保险金", basis: "《失业保险条例》第十四条",
  }),
  "1.8.3": row("PERSON", "领取失业保险金期间参加职业培训的失业人员", "PAYMENT", { resultName: "职业培训补贴" }),
  "1.8.6": row("PERSON", "领取失业保险金的失业人员（基本医疗保险费由失业保险基金代缴）", "REGISTRATION"),
  "1.8.7": row("PERSON", "价格临时补贴联动机制启动期间领取失业保险金的失业人员", "PAYMENT", { resultName: "价格临时补贴" }),
  "1.8.8": row("PERSON", "跨统筹地区流动的失业保险参保人员", "TRANSFER"),
  "1.8.9": row("EMPLOYER", "依法参加失业保险、足额缴纳失业保险费并符合稳岗返还条件的企业", "PAYMENT", { resultName: "稳岗返还资金（拨付至单位账户）" }),
  "1.8.10": row("PERSON", "取得职业资格证书或职业技能等级证书、符合条件的失业保险参保人员", "PAYMENT", { resultName: "技能提升补贴" }),
  "1.10.1": row("EITHER", "未持有社会保障卡的参保人员，本人零星申领或由单位批量申领", "CERTIFICATE", { resultName: "社会保障卡" }),
  "1.10.2": row("PERSON", "已领取社会保障卡、尚未启用的持卡人", "REGISTRATION"),
  "1.10.6": row("PERSON", "社会保障卡持卡人本人", "REGISTRATION"),
  "1.10.7": row("PERSON", "社会保障卡持卡人本人，或其代理人", "REGISTRATION"),
  "1.10.8": row("PERSON", "社会保障卡遗失、损坏或有效期届满的持卡人", "CERTIFICATE", { resultName: "社会保障卡" }),
  "1.10.9": row("PERSON", "持卡人死亡等情形下的亲属或代理人", "REGISTRATION"),
  "2.1.1": row("EITHER", "有咨询需求的劳动者和用人单位", "SERVICE"),
  "2.1.2": row("EITHER", "劳动者和用人单位", "SERVICE"),
  "2.2.1": row("EITHER", "有求职需求的劳动者和有招聘需求的用人单位", "SERVICE"),
  "2.2.2": row("PERSON", "有职业指导需求的劳动者", "SERVICE"),
  "2.2.3": row("PERSON", "有创业意愿的劳动者", "SERVICE"),
  "2.3.1": row("EITHER", "劳动者和用人单位", "SERVICE"),
  "2.4.1": row("PERSON", "法定劳动年龄内、有劳动能力和就业要求、处于无业状态的城乡劳动者", "REGISTRATION"),
  "2.4.2": row("EITHER", "招用劳动者的用人单位，或实现灵活就业、自主创业的劳动者", "REGISTRATION"),
  "2.4.3": row("PERSON", "办理就业登记或失业登记的劳动者", "CERTIFICATE", { resultName: "《就业创业证》" }),
  "2.5.1": row("PERSON", "符合当地规定条件的创业人员", "PAYMENT", { resultName: "创业补贴" }),
  "2.5.2": row("PERSON", "符合条件的创业人员和小微企业", "DECISION", { resultName: "创业担保贷款审核意见（经办银行据此放款）" }),
  "2.6.1": row("PERSON", "因身体状况、技能水平、家庭因素、失去土地等原因难以实现就业的登记失业人员", "DECISION", { resultName: "就业困难人员认定结果" }),
  "2.6.2": row("EITHER", "招用就业困难人员的单位，或灵活就业的就业困难人员", "PAYMENT", { resultName: "社会保险补贴" }),
  "2.6.4": row("PERSON", "符合条件的就业困难人员", "PAYMENT", { resultName: "求职创业补贴" }),
  "2.7.1": row("EITHER", "高等学校等毕业生，或接收毕业生的单位", "REGISTRATION"),
  "2.7.2": row("EMPLOYER", "组织高校毕业生等青年参加就业见习的见习单位", "PAYMENT", { resultName: "就业见习补贴（拨付至见习单位账户）" }),
  "2.7.3": row("PERSON", "毕业年度内有就业创业意愿、符合条件的困难高校毕业生", "PAYMENT", { resultName: "求职创业补贴" }),
  "2.7.4": row("EITHER", "符合条件的高校毕业生及招用其的单位", "PAYMENT", { resultName: "社会保险补贴" }),
  "3.3.2": row("EMPLOYER", "拟公开招聘工作人员的事业单位", "REGISTRATION"),
  "3.3.3": row("EMPLOYER", "拟聘用人员公示期满的事业单位", "REGISTRATION"),
  "3.4.1": row("PERSON", "档案存放在人社部门所属人才服务机构的流动人员", "TRANSFER"),
  "3.4.7": row("PERSON", "档案存放在人才服务机构的流动党员", "TRANSFER"),
  "3.5.2": row("PERSON", "技能人员职业资格证书遗失的持证人", "CERTIFICATE", { resultName: "补发的职业资格证书" }),
  "4.1.1": row("EMPLOYER", "招用职工或与职工解除、终止劳动合同的用人单位", "REGISTRATION"),
};

/**
 * Materials of the items no bundle carries (the one-thing material sets declare the others).
 * Where one of those sets already has the material, its id is reused; `commitment` as there.
 */
export interface SupplementMaterial { id: string; name: string; commitment: boolean }
export const supplementMaterials: SupplementMaterial[] = [
  { id: "WORK_INJURY_APPLICATION_FORM", name: "工伤认定申请表", commitment: false },
  { id: "EMPLOYMENT_RELATION_PROOF", name: "与用人单位存在劳动关系（包括事实劳动关系）的证明材料", commitment: false },
  { id: "DIAGNOSIS_CERTIFICATE", name: "医疗诊断证明或者职业病诊断证明书（职业病诊断鉴定书）", commitment: false },
  { id: "CAPACITY_APPLICATION_FORM", name: "劳动能力鉴定申请表", commitment: false },
  { id: "WORK_INJURY_DECISION", name: "认定工伤决定书", commitment: false },
  { id: "JOB_STABILISATION_APPLICATION", name: "稳岗返还申请表", commitment: false },
  { id: "EMPLOYER_BANK_ACCOUNT", name: "单位银行账户信息", commitment: false },
  { id: "SKILL_CERTIFICATE", name: "职业资格证书或职业技能等级证书", commitment: false },
  { id: "INTERNSHIP_AGREEMENT", name: "就业见习协议及见习人员名册", commitment: false },
  { id: "RECRUITMENT_PLAN", name: "公开招聘工作方案", commitment: false },
  { id: "RECRUITMENT_NOTICE", name: "招聘公告（招聘信息）", commitment: false },
  { id: "INSTITUTION_CERTIFICATE", name: "事业单位法人证书", commitment: false },
  { id: "LOSS_STATEMENT", name: "证书遗失声明", commitment: true },
];

export const supplementItemMaterials: Record<string, string[]> = {
  "1.7.4": ["ID_CARD", "WORK_INJURY_APPLICATION_FORM", "EMPLOYMENT_RELATION_PROOF", "DIAGNOSIS_CERTIFICATE"],
  "1.7.5": ["ID_CARD", "CAPACITY_APPLICATION_FORM", "WORK_INJURY_DECISION", "MEDICAL_RECORDS"],
  "1.7.6": ["ID_CARD", "CAPACITY_APPLICATION_FORM", "LABOUR_CAPACITY_CONCLUSION", "MEDICAL_RECORDS"],
  "1.7.7": ["ID_CARD", "CAPACITY_APPLICATION_FORM", "LABOUR_CAPACITY_CONCLUSION", "MEDICAL_RECORDS"],
  "1.8.9": ["BUSINESS_LICENCE", "JOB_STABILISATION_APPLICATION", "EMPLOYER_BANK_ACCOUNT"],
  "1.8.10": ["ID_CARD", "SKILL_CERTIFICATE", "BANK_ACCOUNT"],
  "2.6.2": ["ID_CARD", "EMPLOYMENT_DIFFICULTY_PROOF", "PENSION_CONTRIBUTION_CERTIFICATE", "BANK_ACCOUNT"],
  "2.6.4": ["ID_CARD", "EMPLOYMENT_DIFFICULTY_PROOF", "BANK_ACCOUNT"],
  "2.7.2": ["BUSINESS_LICENCE", "INTERNSHIP_AGREEMENT", "EMPLOYER_BANK_ACCOUNT"],
  "3.3.2": ["INSTITUTION_CERTIFICATE", "RECRUITMENT_PLAN", "RECRUITMENT_NOTICE"],
  "3.5.2": ["ID_CARD", "PHOTO", "LOSS_STATEMENT"],
};

/**
 * Items the notice asks to be handled online (二(二), 附件2): 失业保险金 加快推进网上申领, 稳岗返还
 * 加快实现全程网办, 技能提升补贴 加快实现网上申领. Every bundle is applied for online too (一个平台).
 */
export const onlineByNotice: Record<string, string> = {
  "1.8.1": "加快推进网上申领",
  "1.8.9": "加快实现全程网办",
  "1.8.10": "加快实现网上申领",
};

/** 监督渠道: the national HR & social-security hotline, and the department's 行风办 as the notice prints it (附件3). */
export const supervisionChannels = [
  { name: "12333 人力资源社会保障服务热线", kind: "PHONE", contact: "12333" },
  { name: "山西省人力资源和社会保障厅行风办", kind: "PHONE", contact: "0351-3083583" },
  { name: "山西省人力资源和社会保障厅行风办邮箱", kind: "EMAIL", contact: "sxsrsthfb@163.com" },
] as const;

/** The office that handles each agency's items, as residents know them. */
export const agencyOffice: Record<string, string> = {
  "social-insurance": "社会保险经办机构",
  employment: "公共就业人才服务机构",
  personnel: "人才服务机构（事业单位人事管理部门）",
  "labor-relations": "劳动用工管理部门",
  card: "社会保障卡服务网点（信息化管理机构）",
};

/** Facts a bundle's step may depend on, in the words of a guide (the engine's FACTS). */
export const factText: Record<string, string> = {
  HAS_CARD: "已持有社会保障卡",
  CARD_LOST: "社会保障卡遗失尚未挂失",
  HAS_EMPLOYMENT_CARD: "已持有《就业创业证》",
  DRAWS_UNEMPLOYMENT_BENEFIT: "正在领取失业保险金",
  PARTY_MEMBER: "是存档党员",
  GRADUATE: "是毕业年度内的高校毕业生",
  PENSION_ELSEWHERE: "在其他地区或制度有养老保险关系",
  UNEMPLOYMENT_INSURANCE_ELSEWHERE: "在其他统筹地区有失业保险关系",
  ARCHIVE_ELSEWHERE: "人事档案存放在其他地方",
  CONTRIBUTION_ARREARS: "有欠缴的社会保险费",
  EARLY_RETIREMENT: "申请提前退休（退职）",
  MULTIPLE_PENSION_RELATIONS: "存在多重养老保险关系",
  WORK_INJURY_BENEFICIARY: "享受工伤保险待遇",
  WORK_INJURY_TOP_UP: "有工伤保险待遇补差",
  WORK_INJURY_REGISTERED: "单位已办理工伤登记",
  HOSPITALISED: "住院治疗",
  TREATED_OUTSIDE_REGION: "在统筹地区以外就医",
  HAS_DEPENDANTS: "有供养亲属",
  EMPLOYMENT_DIFFICULTY: "申请认定为就业困难人员",
  IN_TRAINING: "参加职业培训",
  FLEXIBLE_EMPLOYMENT: "以灵活就业人员身份参保缴费",
  LOW_INCOME_FAMILY: "是困难家庭毕业生",
  NEEDS_STARTUP_LOAN: "申请创业担保贷款",
};
