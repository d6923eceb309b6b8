import { itemByCode } from "../schema/catalogue/items";
import { badInput } from "./errors";

const systemNames: Record<string, string> = {
  "social-insurance": "social-insurance", employment: "employment", personnel: "personnel", "labor-relations": "labour-relations", card: "card",
};

/**
 * The checks every agency's generic item operation makes before anything is sent: the code is a
 * service item of the catalogue, this system handles it, and the case names a person or an
 * employer. Returns the normalised code.
 */
export function requireOwnedItem(itemCode: string, system: string, subject: { idNumber?: string | null; creditCode?: string | null }): string {
  const code = itemCode.trim();
  const item = itemByCode(code);
  if (!item) throw badInput(`No service item has the code "${itemCode}"`);
  if (item.agency !== system) throw badInput(`Item ${code} is handled by the ${item.agency} system, not the ${systemNames[system] ?? system} system`);
  if (!subject.idNumber && !subject.creditCode) throw badInput("Give the person (idNumber), the employer (creditCode) or both");
  return code;
}
