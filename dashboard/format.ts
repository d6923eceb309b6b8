/** The notice's words for a contact point's level (附件3). */
export const LEVEL_TEXT: Record<string, string> = { PROVINCIAL: "省级联系点", MINISTRY_AND_PROVINCIAL: "部、省共同联系点" };

/** A share 0..1 as a percentage with one decimal; "—" when there is nothing to measure. */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined || !Number.isFinite(share) ? "—" : `${(share * 100).toFixed(1)}%`;

/**
 * A processing time given in days of the item's limit unit (working days for a working-day
 * limit): under an hour in minutes, under a day in hours, else days with one decimal.
 */
export function days(value: number | null | undefined, unit?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value < 1 / 24) return `${Math.max(0, Math.round(value * 1440))}分钟`;
  if (value < 1) return `${(value * 24).toFixed(1)}小时`;
  return `${value.toFixed(1)}${unit === "WORKING_DAYS" ? "个工作日" : "天"}`;
}

/** `2026-12-01 09:30`, Beijing time, whatever the server's zone. */
export function beijingMinute(iso: string | null | undefined): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}
