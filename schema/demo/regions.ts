/**
 * Administrative division codes (GB/T 2260) of the notice's 23 contact points: the first six
 * characters of the ID numbers and credit codes of demo people and employers registered there.
 */
export const divisionCodes: Record<string, string> = {
  太原市: "140100", 迎泽区: "140106", 大同市: "140200", 天镇县: "140222", 朔州市: "140600",
  山阴县: "140621", 忻州市: "140900", 原平市: "140981", 吕梁市: "141100", 汾阳市: "141182",
  晋中市: "140700", 榆次区: "140702", 阳泉市: "140300", 盂县: "140322", 长治市: "140400",
  潞城区: "140406", 晋城市: "140500", 高平市: "140581", 临汾市: "141000", 襄汾县: "141023",
  运城市: "140800", 盐湖区: "140802", 省本级: "140000",
};
