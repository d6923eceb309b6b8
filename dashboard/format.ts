/** The notice's words for a contact point's level (附件3). */
export const LEVEL_TEXT: Record<string, string> = { PROVINCIAL: "省级联系点", MINISTRY_AND_PROVINCIAL: "部、省共同联系点" };

/** A share 0..1 as a percentage with one decimal; "—" when there is nothing to measure. */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined || !Number.isFinite(share) ? "—" : `${(share * 100).toFixed(1)}%`;

export const days = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? "—" : `${value.toFixed(1)}天`;

/** `2026-12-01 09:30`, Beijing time, whatever the server's zone. */
export function beijingMinute(iso: string | null | undefined): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}
