import type { ContactLevel, ContactPoint } from "./types";

const PROVINCIAL = "省级联系点";
const MINISTRY_AND_PROVINCIAL = "部、省共同联系点";

function point(name: string, levelText: string, parent: string | null = null): ContactPoint {
  const level: ContactLevel = levelText === MINISTRY_AND_PROVINCIAL ? "MINISTRY_AND_PROVINCIAL" : "PROVINCIAL";
  return { name, level, levelText, parent };
}

// 附件3 in order: each city's 市本级 followed by its one county-level point, then 省本级. The
// 部、省共同联系点 are the ministry's five points in Shanxi, which the ministry reviews quarterly.
export const contactPoints: ContactPoint[] = [
  point("太原市", PROVINCIAL),
  point("迎泽区", PROVINCIAL, "太原市"),
  point("大同市", PROVINCIAL),
  point("天镇县", MINISTRY_AND_PROVINCIAL, "大同市"),
  point("朔州市", PROVINCIAL),
  point("山阴县", PROVINCIAL, "朔州市"),
  point("忻州市", PROVINCIAL),
  point("原平市", PROVINCIAL, "忻州市"),
  point("吕梁市", PROVINCIAL),
  point("汾阳市", MINISTRY_AND_PROVINCIAL, "吕梁市"),
  point("晋中市", MINISTRY_AND_PROVINCIAL),
  point("榆次区", PROVINCIAL, "晋中市"),
  point("阳泉市", MINISTRY_AND_PROVINCIAL),
  point("盂县", PROVINCIAL, "阳泉市"),
  point("长治市", PROVINCIAL),
  point("潞城区", PROVINCIAL, "长治市"),
  point("晋城市", PROVINCIAL),
  point("高平市", PROVINCIAL, "晋城市"),
  point("临汾市", PROVINCIAL),
  point("襄汾县", PROVINCIAL, "临汾市"),
  point("运城市", PROVINCIAL),
  point("盐湖区", PROVINCIAL, "运城市"),
  point("省本级", MINISTRY_AND_PROVINCIAL),
];

const names = new Set(contactPoints.map((c) => c.name));
/** Whether a name is one of the 23 contact points (the regions Kuaiban serves). */
export const isContactPoint = (name: string): boolean => names.has(name);
