import type { RatingLevel } from "../figures/figures";
import { GOOD_LEVELS } from "../figures/figures";

/**
 * The fixed tags an applicant picks with a rating, after the national 好差评 practice (政务服务
 * “好差评” 评价标签): 好评 tags go with the top three levels, 差评 tags with the last two.
 */
export const GOOD_TAGS = {
  WARM_SERVICE: "服务热情",
  EFFICIENT: "办事高效",
  DONE_IN_ONE_VISIT: "一次办好",
  FEWER_MATERIALS: "材料精简",
  CLEAR_GUIDANCE: "指引清晰",
  CONVENIENT_CHANNELS: "渠道便捷",
} as const;
export const POOR_TAGS = {
  POOR_ATTITUDE: "态度不好",
  TOOK_TOO_LONG: "办理超时",
  MANY_VISITS: "多次跑动",
  TOO_MANY_MATERIALS: "材料繁琐",
  UNCLEAR_GUIDANCE: "指引不清",
  SYSTEM_FAULTS: "系统故障",
} as const;
export type RatingTag = keyof typeof GOOD_TAGS | keyof typeof POOR_TAGS;
export const RATING_TAGS = [...Object.keys(GOOD_TAGS), ...Object.keys(POOR_TAGS)] as RatingTag[];

/** The tags that may go with a level. */
export const tagsFor = (level: RatingLevel): RatingTag[] => Object.keys(GOOD_LEVELS.has(level) ? GOOD_TAGS : POOR_TAGS) as RatingTag[];
