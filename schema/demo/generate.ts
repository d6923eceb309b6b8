import { defaults } from "../../lib/config";
import { contactPoints } from "../catalogue/contact-points";
import { CREDIT_CODE_ALPHABET, withCreditCodeCheck } from "../scalars/credit-code";
import { withIdNumberCheck } from "../scalars/id-number";
import { divisionCodes } from "./regions";

/**
 * The demo population every stand-in system is seeded from, so the five systems agree with each
 * other (the person an employer insures is the person it filed a contract for) and every machine
 * gets the same people from the same seed.
 */
export type LifeStage = "EMPLOYED" | "UNEMPLOYED" | "GRADUATE" | "RETIRED" | "DECEASED_RETIREE";

export interface DemoEmployer {
  creditCode: string;
  name: string;
  region: string;
  /** 单位编号 (AAB001) in the social-insurance core platform. */
  unitNo: string;
  /** public institution (事业单位) rather than enterprise */
  publicInstitution: boolean;
  registeredOn: string;
}

export interface DemoPerson {
  idNumber: string;
  name: string;
  gender: "MALE" | "FEMALE";
  birthDate: string;
  region: string;
  stage: LifeStage;
  /** 个人编号 (AAC001) in the social-insurance core platform. */
  personNo: string;
  employerCreditCode: string | null;
  hiredOn: string | null;
  /** Unemployed people who draw unemployment insurance benefit (失业保险金). */
  drawsUnemploymentBenefit: boolean;
  partyMember: boolean;
  /** The archive (人事档案) is kept by the talent service centre of this region. */
  archiveRegion: string;
  card: { number: string; status: "ACTIVE" | "NOT_ACTIVATED" | "LOST" | "NONE"; bank: string | null };
}

export interface DemoData {
  employers: DemoEmployer[];
  people: DemoPerson[];
}

/**
 * mulberry32: small, fast, and the same sequence on every machine for the same seed; good enough to
 * spread demo data and to generate test inputs, not for anything secret.
 */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥建国晋文慧宇浩然子涵欣怡梓轩思远雨桐一鸣佳琪俊杰晓东海燕春梅志强丽娟";
const BANKS = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "山西农信", "晋商银行"];
const EMPLOYER_WORDS = ["汾河", "晋阳", "太行", "吕梁山", "黄河", "五台", "恒山", "云冈", "平遥", "壶口", "雁门", "介休", "沁水", "娘子关"];
const EMPLOYER_TRADES = ["煤化工", "机械制造", "物流", "食品", "建筑工程", "软件", "纺织", "新材料", "医药", "文旅", "电力设备", "农业科技"];
const PUBLIC_INSTITUTIONS = ["人民医院", "第一中学", "职业技术学院", "图书馆", "疾病预防控制中心"];

function dateString(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function generateDemoData(opts: { seed?: number; people?: number; employers?: number } = {}): DemoData {
  const r = rng(opts.seed ?? defaults.demoSeed);
  const regions = contactPoints.map((c) => c.name);
  const employers: DemoEmployer[] = [];
  const usedCodes = new Set<string>();
  const employerCount = opts.employers ?? 40;
  for (let i = 0; i < employerCount; i++) {
    const region = regions[i % regions.length]!;
    const publicInstitution = i % 8 === 7;
    let code: string;
    do {
      let org = "";
      for (let k = 0; k < 9; k++) org += r.pick([...CREDIT_CODE_ALPHABET.slice(0, 10), ...CREDIT_CODE_ALPHABET.slice(10)]);
      // 9 1 = market-regulation registered enterprise; 1 2 = public institution registered with the editorial office
      code = withCreditCodeCheck((publicInstitution ? "12" : "91") + divisionCodes[region]! + org);
    } while (usedCodes.has(code));
    usedCodes.add(code);
    const place = region === "省本级" ? "山西省" : region;
    const name = publicInstitution
      ? `${place}${r.pick(PUBLIC_INSTITUTIONS)}`
      : `山西${r.pick(EMPLOYER_WORDS)}${r.pick(EMPLOYER_TRADES)}有限公司`;
    employers.push({
      creditCode: code,
      name: employers.some((e) => e.name === name) ? `${name}（${i + 1}）` : name,
      region,
      unitNo: `14${String(10000000 + i * 7919).slice(-8)}`,
      publicInstitution,
      registeredOn: dateString(r.int(1995, 2019), r.int(1, 12), r.int(1, 28)),
    });
  }

  const people: DemoPerson[] = [];
  const usedIds = new Set<string>();
  const personCount = opts.people ?? 520;
  for (let i = 0; i < personCount; i++) {
    const roll = r.next();
    const stage: LifeStage = roll < 0.72 ? "EMPLOYED" : roll < 0.82 ? "UNEMPLOYED" : roll < 0.89 ? "GRADUATE" : roll < 0.97 ? "RETIRED" : "DECEASED_RETIREE";
    const employer = stage === "EMPLOYED" ? r.pick(employers) : null;
    const region = employer && r.chance(0.8) ? employer.region : r.pick(regions);
    const year =
      stage === "RETIRED" || stage === "DECEASED_RETIREE" ? r.int(1940, 1962)
        : stage === "GRADUATE" ? r.int(2000, 2003)
        : r.int(1965, 2000);
    const birthDate = dateString(year, r.int(1, 12), r.int(1, 28));
    const gender = r.chance(0.5) ? "MALE" : "FEMALE";
    let idNumber: string;
    do {
      // the 17th digit is odd for men and even for women
      const seq = r.int(0, 49) * 2 + (gender === "MALE" ? 1 : 0);
      idNumber = withIdNumberCheck(divisionCodes[region]! + birthDate.replaceAll("-", "") + String(r.int(0, 9)) + String(seq).padStart(2, "0"));
    } while (usedIds.has(idNumber));
    usedIds.add(idNumber);
    const hiredOn = employer ? dateString(r.int(Math.max(year + 18, Number(employer.registeredOn.slice(0, 4))), 2025), r.int(1, 12), r.int(1, 28)) : null;
    const cardRoll = r.next();
    people.push({
      idNumber,
      name: r.pick([...SURNAMES]) + r.pick([...GIVEN]) + (r.chance(0.6) ? r.pick([...GIVEN]) : ""),
      gender,
      birthDate,
      region,
      stage,
      personNo: `14${String(100000000 + i * 104729).slice(-10)}`,
      employerCreditCode: employer?.creditCode ?? null,
      hiredOn,
      drawsUnemploymentBenefit: stage === "UNEMPLOYED" && r.chance(0.6),
      partyMember: r.chance(0.2),
      archiveRegion: stage === "GRADUATE" ? "省本级" : region,
      card: stage === "GRADUATE" && cardRoll < 0.5
        ? { number: "", status: "NONE", bank: null }
        : {
            number: `${divisionCodes[region]!.slice(0, 4)}${String(i).padStart(5, "0")}${String(r.int(0, 999)).padStart(3, "0")}`,
            status: cardRoll < 0.85 ? "ACTIVE" : cardRoll < 0.95 ? "NOT_ACTIVATED" : "LOST",
            bank: r.pick(BANKS),
          },
    });
  }
  return { employers, people };
}

let cached: DemoData | undefined;
/** The default demo population (same seed everywhere). */
export function demoData(): DemoData {
  cached ??= generateDemoData();
  return cached;
}
