/**
 * The names people read for the codes programs use: staff roles and the agencies (经办机构) an
 * account belongs to. One table for every page (hub, portals, guides, dashboard), so that a code
 * such as `social-insurance` or `operator` is never shown as it is.
 */

/** Staff roles (`roles` claim). */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  clerk: "综合窗口受理人员",
  operator: "业务经办人员",
  supervisor: "行风监督人员",
  auditor: "审计人员",
  admin: "系统管理员",
  system: "系统服务账号",
};

/** Agencies and offices (`agency` claim) and the agency systems behind the gateway. */
export const AGENCY_LABELS: Readonly<Record<string, string>> = {
  "social-insurance": "社会保险经办机构",
  employment: "公共就业服务机构",
  personnel: "人事档案管理机构",
  "labor-relations": "劳动关系（劳动保障监察与争议调解仲裁）机构",
  card: "社会保障卡服务机构",
  window: "政务服务综合受理窗口",
  "conduct-office": "行风建设办公室（行风办）",
  "audit-office": "内部审计机构",
  kuaiban: "快办平台",
  "one-thing": "“一件事”联办",
  catalogue: "政务服务事项目录",
};

/** Account kinds (`kind` claim). */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  citizen: "个人用户",
  employer: "单位经办人",
  staff: "工作人员",
  partner: "合作部门",
};

const norm = (code: string) => code.trim().toLowerCase().replace(/_/g, "-");

/** The role's name; an unknown role reads 其他角色 (never the code itself). */
export const roleLabel = (code: string | undefined | null): string => (code ? ROLE_LABELS[norm(code)] ?? "其他角色" : "—");

/** The agency's name; an unknown agency reads 其他机构 (never the code itself). */
export const agencyLabel = (code: string | undefined | null): string => (code ? AGENCY_LABELS[norm(code)] ?? "其他机构" : "—");

export const kindLabel = (code: string | undefined | null): string => (code ? KIND_LABELS[norm(code)] ?? "其他用户" : "—");

export const rolesLabel = (codes: readonly string[] | undefined | null): string => (codes?.length ? codes.map(roleLabel).join("、") : "—");

/** The personal data a read touched (the gateway's schema coordinates, as `myDataAccess.fields` gives them). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  "Person.name": "姓名", "Person.idNumber": "身份证号", "Person.gender": "性别", "Person.birthDate": "出生日期",
  "Person.region": "所在地区", "Person.socialInsurance": "参保信息", "Person.employment": "就业登记",
  "Person.archive": "人事档案", "Person.socialSecurityCard": "社会保障卡", "Person.laborFilings": "劳动用工备案",
  "Person.applications": "办事申请",
  "Employer.name": "单位名称", "Employer.creditCode": "统一社会信用代码", "Employer.region": "单位所在地区",
  "Employer.unitNo": "单位编号", "Employer.insuredStaff": "在保职工", "Employer.applications": "单位办事申请",
  "Employer.filings": "用工备案", "Employer.hiringFilings": "招用备案", "Employer.employmentRoster": "就业人员名册",
  "Employer.laborRelationsRoster": "劳动关系名册", "Employer.socialInsuranceRoster": "参保人员名册",
};

/** The data's name; a coordinate not in the table reads 其他信息 (never the coordinate). */
export const fieldLabel = (coordinate: string): string => FIELD_LABELS[coordinate.trim()] ?? "其他信息";

/** Names for a list of coordinates, each once, in the order given. */
export const fieldsLabel = (coordinates: readonly string[] | undefined | null): string => [...new Set((coordinates ?? []).map(fieldLabel))].join("、");

/** Every code of the tables above, for pages' tests that no code shows through. */
export const ALL_LABELLED_CODES: readonly string[] = [...Object.keys(ROLE_LABELS), ...Object.keys(AGENCY_LABELS)];

/**
 * A value another module formatted for display that may still hold codes (`operator`,
 * `social-insurance`, `clerk,operator@太原市`, `a、b`): each role or agency code becomes its name,
 * everything else is left as it is.
 */
export function humanize(value: string): string {
  return value.replace(/[A-Za-z][A-Za-z_-]*/g, (word) => {
    const key = norm(word);
    return ROLE_LABELS[key] ?? AGENCY_LABELS[key] ?? word;
  }).replace(/(?<=[\u4e00-\u9fff）]),(?=[\u4e00-\u9fff])/g, "、");
}
