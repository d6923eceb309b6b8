import type { ServiceItem } from "./types";

// Every code named in 附件1 or 附件2, each once, in code order. Names are the notice's spelling,
// parentheses included as printed (附件2 prints some qualifiers with half-width "(...)").
//
// Where the notice spells one code two ways, the variants differ only by dropped characters
// (补缴 / 欠费补缴, 城镇职工 / 城镇企业职工, 失业保险 / 失业保险金, 拟聘 / 拟聘用, a missing qualifier),
// so the fullest spelling is the name and the shorter ones are aliases. For 1.6.15 the fuller
// spelling is also the one three of the four bundles use.
export const serviceItems: ServiceItem[] = [
  { code: "1.1.1", name: "企业社会保险登记", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.1.5", name: "职工参保登记", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.2.3", name: "养老保险待遇发放账户维护申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.2.4", name: "工伤保险待遇发放账户维护申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.3.1", name: "缴费人员增减申报", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  // 附件1 bundle 7 vs bundle 2.
  { code: "1.3.5", name: "社会保险费欠费补缴申报", aliases: ["社会保险费补缴申报"], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.4.1", name: "社会保险费缴纳", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.1", name: "职工正常退休（职）申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.3", name: "职工提前退休（退职）申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.7", name: "个人账户一次性待遇申领（养老保险）", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.10", name: "遗属待遇申领（养老保险）", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.12", name: "城镇职工基本养老保险关系转移接续申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  // Bundles 5, 6, 7 vs bundle 1.
  {
    code: "1.6.15",
    name: "机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请",
    aliases: ["机关事业单位基本养老保险与城镇职工基本养老保险互转申请"],
    area: "SOCIAL_INSURANCE",
    agency: "social-insurance",
  },
  { code: "1.6.16", name: "城镇职工基本养老保险与城乡居民基本养老保险制度衔接申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.17", name: "军地养老保险关系转移接续申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.6.18", name: "多重养老保险关系个人账户退费", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.2", name: "用人单位办理工伤登记", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.3", name: "变更工伤登记", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.4", name: "工伤认定申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.5", name: "劳动能力鉴定申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.6", name: "劳动能力再次鉴定申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.7", name: "劳动能力复查鉴定申请", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.13", name: "异地工伤就医报告", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.21", name: "工伤医疗（康复）费用申报", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.22", name: "住院伙食补助费申领", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.23", name: "统筹地区以外交通、食宿费申领", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  {
    code: "1.7.27",
    name: "一次性工亡补助金（含生活困难，预支50%确认）、丧葬补助金申领",
    aliases: [],
    area: "SOCIAL_INSURANCE",
    agency: "social-insurance",
  },
  { code: "1.7.28", name: "供养亲属抚恤金申领", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.7.29", name: "工伤保险待遇变更", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  // 附件2 vs 附件1 bundle 3.
  { code: "1.8.1", name: "失业保险金申领", aliases: ["失业保险申领"], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.8.3", name: "职业培训补贴申领（领金失业人员）", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.8.6", name: "代缴基本医疗保险费", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.8.7", name: "价格临时补贴申领", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.8.8", name: "失业保险关系转移接续", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.8.9", name: "稳岗返还（稳岗补贴）申领", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.8.10", name: "技能提升补贴申领（失业人员）", aliases: [], area: "SOCIAL_INSURANCE", agency: "social-insurance" },
  { code: "1.10.1", name: "社会保障卡申领", aliases: [], area: "SOCIAL_INSURANCE", agency: "card" },
  // The （含…） here is part of the item's name, not a list of contained codes.
  { code: "1.10.2", name: "社会保障卡启用（含社会保障卡银行账户激活）", aliases: [], area: "SOCIAL_INSURANCE", agency: "card" },
  { code: "1.10.6", name: "社会保障卡密码修改与重置", aliases: [], area: "SOCIAL_INSURANCE", agency: "card" },
  { code: "1.10.7", name: "社会保障卡挂失与解挂", aliases: [], area: "SOCIAL_INSURANCE", agency: "card" },
  { code: "1.10.8", name: "社会保障卡补领、换领、换发", aliases: [], area: "SOCIAL_INSURANCE", agency: "card" },
  { code: "1.10.9", name: "社会保障卡注销", aliases: [], area: "SOCIAL_INSURANCE", agency: "card" },
  { code: "2.1.1", name: "就业政策法规咨询", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  {
    code: "2.1.2",
    name: "职业供求信息、市场工资指导价信息和职业培训信息发布",
    aliases: [],
    area: "EMPLOYMENT",
    agency: "employment",
  },
  { code: "2.2.1", name: "职业介绍", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.2.2", name: "职业指导", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.2.3", name: "创业开业指导", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.3.1", name: "公共就业服务专项活动", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.4.1", name: "失业登记", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.4.2", name: "就业登记", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.4.3", name: "《就业创业证》申领", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.5.1", name: "创业补贴申领", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.5.2", name: "创业担保贷款申请", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.6.1", name: "就业困难人员认定", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.6.2", name: "就业困难人员社会保险补贴申领", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.6.4", name: "求职创业补贴申领(就业困难人员)", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.7.1", name: "高等学校等毕业生接收手续办理", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.7.2", name: "就业见习补贴申领(高校毕业生等)", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  // 附件2 vs 附件1 bundle 4; the qualifier is what tells it apart from 2.6.4.
  { code: "2.7.3", name: "求职创业补贴申领(高校毕业生)", aliases: ["求职创业补贴申领"], area: "EMPLOYMENT", agency: "employment" },
  { code: "2.7.4", name: "高校毕业生社保补贴申领", aliases: [], area: "EMPLOYMENT", agency: "employment" },
  { code: "3.3.2", name: "事业单位公开招聘工作方案、招聘信息审核备案", aliases: [], area: "PERSONNEL", agency: "personnel" },
  // 附件1 bundle 5 vs 附件2.
  { code: "3.3.3", name: "事业单位拟聘用人员备案", aliases: ["事业单位拟聘人员备案"], area: "PERSONNEL", agency: "personnel" },
  { code: "3.4.1", name: "档案的接收和转递（流动人员）", aliases: [], area: "PERSONNEL", agency: "personnel" },
  { code: "3.4.7", name: "存档人员党员组织关系的接转", aliases: [], area: "PERSONNEL", agency: "personnel" },
  { code: "3.5.2", name: "遗失技能人员职业资格证书补发申请", aliases: [], area: "PERSONNEL", agency: "personnel" },
  { code: "4.1.1", name: "劳动用工备案", aliases: [], area: "LABOR_RELATIONS", agency: "labor-relations" },
];

const byCode = new Map(serviceItems.map((item) => [item.code, item]));

export function itemByCode(code: string): ServiceItem | undefined {
  return byCode.get(code);
}
