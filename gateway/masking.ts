import { mapSchema, MapperKind } from "@graphql-tools/utils";
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLScalarType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import { scopesOf } from "../lib/access/scopes";
import type { Principal } from "../lib/principal";
import type { GatewayContext } from "./context";

/**
 * 个人信息脱敏 (masking of personal data) for callers without the `pii:read` scope: a partner
 * department whose key lacks it sees 张*, 1401**********0012, 138****5678.
 */
export type MaskKind = "name" | "idNumber" | "identifier" | "phone" | "address";

/**
 * Every personal field of the stitched schema (schema/sdl/gateway.graphql), in one table. A test
 * walks the emitted SDL and fails when a field that looks personal (name, idNumber, phone, mobile,
 * address…) is neither here nor in `NOT_PERSONAL` below, so a new subgraph field cannot slip through.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, Readonly<Record<string, MaskKind>>>> = {
  /** 姓名 (AAC003), 公民身份号码 (AAC002) */
  Person: { name: "name", idNumber: "idNumber" },
  /** 人员名单: the person on an employer's roster */
  RosterMember: { idNumber: "idNumber" },
  /** The applicant of a 一件事 application */
  Application: { idNumber: "idNumber" },
  /** The person whose commitment is verified */
  VerificationTask: { idNumber: "idNumber" },
  /**
   * Numbers that identify one person as surely as the ID number does (个人信息 under the Personal
   * Information Protection Law): 个人编号 (AAC001), the card number, the 《就业创业证》 number.
   */
  SocialInsuranceRecord: { personNo: "identifier" },
  SocialSecurityCard: { number: "identifier" },
  Employment: { employmentCardNo: "identifier" },
};

/** Fields that look personal by name but are not about a person, each with the reason. */
export const NOT_PERSONAL: Readonly<Record<string, string>> = {
  "Employer.name": "单位名称: an enterprise's registered name is public (企业信用信息公示)",
  "ContactPoint.name": "a contact point is a place",
  "Scenario.name": "a bundle of the catalogue",
  "ServiceItem.name": "an item of the catalogue",
  "MaterialInfo.name": "a kind of material",
  // the statistics (one-thing): places and items, nobody's data
  "ContactPointRef.name": "a contact point is a place",
  "ItemRef.name": "an item of the catalogue",
  // service guides and the calendar (catalogue): public service information, nobody's data
  "ServiceGuide.name": "an item of the catalogue",
  "ServiceGuide.resultName": "the kind of document an item ends with",
  "ScenarioGuide.name": "a bundle of the catalogue",
  "ScenarioGuideItem.name": "an item of the catalogue",
  "ScenarioRef.name": "a bundle of the catalogue",
  "GuideMaterial.name": "a kind of material",
  "ScenarioGuideMaterial.name": "a kind of material",
  "GuideChannel.name": "a way to apply (window, online hall)",
  "GuideContact.name": "a public complaint line or office",
  "CalendarDay.name": "a festival of the official calendar",
};

/** Whether a caller sees personal fields masked: anyone whose scopes lack `pii:read` (fail closed). */
export const masksFor = (principal: Principal | undefined): boolean => !scopesOf(principal).has("pii:read");

/**
 * A masked value of a scalar that validates what it serializes (IdNumber): it carries its masked
 * text past that scalar's `serialize` without loosening the scalar's parsing of input.
 */
export class Masked {
  constructor(readonly text: string) {}
  toString(): string { return this.text; }
  toJSON(): string { return this.text; }
}

const stars = (n: number) => "*".repeat(Math.max(0, n));

/** 张三 → 张*, 欧阳娜娜 → 欧***; a one-character name gives nothing away: *. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return "*";
  return chars[0] + stars(chars.length - 1);
}

/** First 4 and last 4 kept: 140105199001010012 → 1401**********0012; also for other personal identifiers. */
export function maskIdNumber(id: string): string {
  const chars = [...id];
  if (chars.length <= 8) return stars(chars.length);
  return chars.slice(0, 4).join("") + stars(chars.length - 8) + chars.slice(-4).join("");
}

/** First 3 + **** + last 4: 13812345678 → 138****5678. Short numbers give nothing away. */
export function maskPhone(phone: string): string {
  const chars = [...phone.replace(/[\s-]/g, "")];
  if (chars.length < 8) return "****";
  return chars.slice(0, 3).join("") + "****" + chars.slice(-4).join("");
}

// 省/自治区 · 市/州/地区/盟 · 区/县/旗/县级市: the administrative region, never the street or house.
const REGION_RE = /^((?:[^省市区县旗州盟]{2,8}(?:省|自治区|特别行政区))?(?:[^省市区县旗州盟]{1,8}(?:市|自治州|地区|盟))?(?:[^省市区县旗州盟]{1,8}(?:区|县|旗|市))?)/;
/** 山西省太原市小店区平阳路1号 → 山西省太原市小店区; an address without a recognisable region → ***. */
export function maskAddress(address: string): string {
  const region = REGION_RE.exec(address)?.[1] ?? "";
  return region || "***";
}

const maskers: Record<MaskKind, (s: string) => string> = { name: maskName, idNumber: maskIdNumber, identifier: maskIdNumber, phone: maskPhone, address: maskAddress };

function maskValue(kind: MaskKind, value: unknown, wrap: boolean): unknown {
  if (value === null || value === undefined || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(kind, v, wrap));
  const text = maskers[kind](String(value));
  return wrap ? new Masked(text) : text;
}

export interface MaskingOptions {
  /** Replaces the table, for tests. */
  fields?: Readonly<Record<string, Readonly<Record<string, MaskKind>>>>;
}

/**
 * Wraps the resolver of every field in `PERSONAL_FIELDS` wherever its type occurs (root, nested,
 * merged, list items, subscription payloads): for a caller without `pii:read` the value is masked
 * after it is resolved. Apply it to the final stitched schema: merging reads entity keys from the
 * subgraphs' answers, not through these resolvers, so a masked ID number never breaks a merge.
 *
 * Custom scalars of masked fields (IdNumber) get a `serialize` that lets a `Masked` value through as
 * its text and hands everything else to the original; their parsing is untouched, so an argument
 * `person(idNumber: "1401**********0012")` is still refused with INVALID_ID_NUMBER. The field's type
 * stays IdNumber, so the public schema is the same for every caller.
 */
export function maskPersonalData(schema: GraphQLSchema, opts: MaskingOptions = {}): GraphQLSchema {
  const table = opts.fields ?? PERSONAL_FIELDS;
  const maskedScalars = new Set<string>();
  for (const [typeName, fields] of Object.entries(table)) {
    const type = schema.getType(typeName);
    if (!type || !("getFields" in type)) continue;
    const defined = type.getFields();
    for (const fieldName of Object.keys(fields)) {
      const field = defined[fieldName];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (isScalarType(named) && !isSpecifiedScalarType(named)) maskedScalars.add(named.name);
    }
  }
  return mapSchema(schema, {
    [MapperKind.SCALAR_TYPE]: (scalar) => {
      if (!maskedScalars.has(scalar.name)) return scalar;
      const config = scalar.toConfig();
      const serialize = config.serialize;
      return new GraphQLScalarType({ ...config, serialize: (value) => (value instanceof Masked ? value.text : serialize(value)) });
    },
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const kind = table[typeName]?.[fieldName];
      if (!kind) return field;
      const named = getNamedType(field.type);
      const wrap = maskedScalars.has(named.name);
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, args, ctx: GatewayContext, info) => {
          const value = resolve(source, args, ctx, info);
          if (!masksFor(ctx?.principal)) return value;
          return value instanceof Promise ? value.then((v) => maskValue(kind, v, wrap)) : maskValue(kind, value, wrap);
        },
      };
    },
  });
}
