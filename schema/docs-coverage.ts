import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse, type ConstDirectiveNode, type DefinitionNode, type StringValueNode } from "graphql";

/**
 * How much of a published SDL documents itself: every type, field, argument, input field and enum
 * value should carry a description, and every deprecation a reason. Federation's own machinery
 * (`_Service`, `_entities`, `link__*`…) is not the API and is left out.
 * `npx tsx schema/docs-coverage.ts` prints the figures for every file in schema/sdl/.
 */

export type DocKind = "types" | "fields" | "args" | "enumValues";

export interface Coverage {
  total: Record<DocKind, number>;
  described: Record<DocKind, number>;
  /** Coordinates without a description, e.g. `Query.person(idNumber:)`. */
  missing: string[];
  /** Coordinates deprecated without a reason of their own. */
  deprecatedWithoutReason: string[];
}

const internalType = (name: string) =>
  ["_Service", "_Entity", "_Any"].includes(name) || /^(link|federation|join)__/.test(name);
const internalField = (name: string) => name === "_service" || name === "_entities";

const has = (d: { description?: StringValueNode }) => !!d.description?.value.trim();

function deprecatedWithoutReason(directives: readonly ConstDirectiveNode[] | undefined): boolean {
  const dep = directives?.find((d) => d.name.value === "deprecated");
  if (!dep) return false;
  const reason = dep.arguments?.find((a) => a.name.value === "reason")?.value;
  // graphql-js prints the default reason ("No longer supported") by leaving the argument out.
  return !reason || reason.kind !== Kind.STRING || !reason.value.trim() || reason.value === "No longer supported";
}

export function coverageOf(sdl: string): Coverage {
  const total = { types: 0, fields: 0, args: 0, enumValues: 0 };
  const described = { types: 0, fields: 0, args: 0, enumValues: 0 };
  const missing: string[] = [];
  const noReason: string[] = [];
  const count = (kind: DocKind, ok: boolean, coordinate: string) => {
    total[kind]++;
    if (ok) described[kind]++;
    else missing.push(coordinate);
  };
  for (const def of parse(sdl).definitions as DefinitionNode[]) {
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_DEFINITION: {
        const type = def.name.value;
        if (internalType(type)) break;
        count("types", has(def), type);
        if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
          for (const field of def.fields ?? []) {
            if (internalField(field.name.value)) continue;
            const at = `${type}.${field.name.value}`;
            count("fields", has(field), at);
            if (deprecatedWithoutReason(field.directives)) noReason.push(at);
            for (const arg of field.arguments ?? []) {
              count("args", has(arg), `${at}(${arg.name.value}:)`);
              if (deprecatedWithoutReason(arg.directives)) noReason.push(`${at}(${arg.name.value}:)`);
            }
          }
        }
        if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
          for (const field of def.fields ?? []) {
            const at = `${type}.${field.name.value}`;
            count("fields", has(field), at);
            if (deprecatedWithoutReason(field.directives)) noReason.push(at);
          }
        }
        if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
          for (const value of def.values ?? []) {
            const at = `${type}.${value.name.value}`;
            count("enumValues", has(value), at);
            if (deprecatedWithoutReason(value.directives)) noReason.push(at);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { total, described, missing, deprecatedWithoutReason: noReason };
}

/** Coverage of every emitted SDL file, by file name. */
export function coverageOfDir(dir: string): Record<string, Coverage> {
  const out: Record<string, Coverage> = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort()) out[f] = coverageOf(readFileSync(join(dir, f), "utf8"));
  return out;
}

export function summaryOf(c: Coverage): string {
  return (Object.keys(c.total) as DocKind[]).map((k) => `${k} ${c.described[k]}/${c.total[k]}`).join(", ");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const dir = new URL("./sdl/", import.meta.url).pathname;
  for (const [file, c] of Object.entries(coverageOfDir(dir))) {
    console.log(`${file}: ${summaryOf(c)}${process.argv.includes("--missing") ? "\n  " + c.missing.join("\n  ") : ""}`);
  }
}
