import type { OfficeFigures } from "./figures";
import { LEVEL_TEXT, percent } from "./format";

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; formula starts neutralised for spreadsheets. */
function field(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ["联系点", "层级", "申请件数", "一件事办结数", "整合事项数", "精简材料数", "按时办结率", "提速幅度（中位）", "告知承诺件数", "承诺已核查数", "评价数", "满意率"];

/**
 * The 23 contact points' table as CSV: UTF-8 with a byte-order mark, which is what makes Excel on
 * Windows read the Chinese as Chinese; CRLF line ends as RFC 4180 has them.
 */
export function contactPointsCsv(rows: OfficeFigures[]): string {
  const lines = [CSV_HEADER, ...rows.map((r) => [
    r.contactPoint.name, LEVEL_TEXT[r.contactPoint.level] ?? r.contactPoint.level, r.applications, r.bundlesCompleted, r.itemsIntegrated,
    r.materialsCut, percent(r.onTimeRate), percent(r.medianSpeedUp), r.commitments, r.commitmentsVerified, r.ratings.count, percent(r.ratings.satisfaction),
  ])];
  return "\uFEFF" + lines.map((l) => l.map(field).join(",")).join("\r\n") + "\r\n";
}
