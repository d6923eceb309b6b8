import { visit, type OperationDefinitionNode } from "graphql";
import { checkCreditCode } from "../schema/scalars/credit-code";
import { checkIdNumber } from "../schema/scalars/id-number";

/** Every ID number and credit code in a request's arguments (variables or literals). */
export function identifiersIn(value: unknown, found = { people: new Set<string>(), employers: new Set<string>() }) {
  if (typeof value === "string") {
    if (value.length === 18) {
      const upper = value.toUpperCase();
      // the access layer has usually named the people already: no checksum for them again
      if (found.people.has(upper) || found.employers.has(upper)) return found;
      if (checkIdNumber(upper).ok) found.people.add(upper);
      else if (checkCreditCode(upper).ok) found.employers.add(upper);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) identifiersIn(v, found);
  } else if (value && typeof value === "object") {
    for (const key in value) identifiersIn((value as Record<string, unknown>)[key], found);
  }
  return found;
}

/** The string literals written into an operation (arguments given inline rather than as variables). */
export function literalArgs(op: OperationDefinitionNode | undefined | null): string[] {
  const out: string[] = [];
  if (op) visit(op, { StringValue: (node) => { out.push(node.value); } });
  return out;
}
