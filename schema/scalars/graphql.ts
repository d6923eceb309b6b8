import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { ErrorCode, KuaibanError } from "../../lib/errors";
import { checkCreditCode } from "./credit-code";
import { checkIdNumber } from "./id-number";

function stringLiteral(ast: ValueNode, scalar: string, code: ErrorCode): string {
  if (ast.kind !== Kind.STRING) throw new KuaibanError(code, `${scalar} must be a string`);
  return ast.value;
}

function validated(name: string, description: string, code: ErrorCode, check: (v: string) => { ok: boolean; value: string; message?: string; problem?: string }) {
  const parse = (raw: unknown): string => {
    if (typeof raw !== "string") throw new KuaibanError(code, `${name} must be a string`);
    const result = check(raw);
    if (!result.ok) throw new KuaibanError(code, `Invalid ${name}: ${result.message}`, { problem: result.problem });
    return result.value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (v) => String(v),
    parseValue: parse,
    parseLiteral: (ast) => parse(stringLiteral(ast, name, code)),
  });
}

/** 公民身份号码 (GB 11643-1999); invalid values are refused with `INVALID_ID_NUMBER` before any resolver runs. */
export const IdNumberScalar = validated(
  "IdNumber",
  "公民身份号码 resident identity number (AAC002, GB 11643-1999): 18 位, 末位为 MOD 11-2 校验码; 无效值以 INVALID_ID_NUMBER 拒绝",
  ErrorCode.INVALID_ID_NUMBER,
  checkIdNumber,
);

/** 统一社会信用代码 (GB 32100-2015); invalid values are refused with `INVALID_CREDIT_CODE`. */
export const CreditCodeScalar = validated(
  "CreditCode",
  "统一社会信用代码 unified social credit code (GB 32100-2015): 18 位, 末位为校验码; 无效值以 INVALID_CREDIT_CODE 拒绝",
  ErrorCode.INVALID_CREDIT_CODE,
  checkCreditCode,
);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function parseDate(raw: unknown): string {
  if (typeof raw !== "string" || !DATE_RE.test(raw)) {
    throw new KuaibanError(ErrorCode.INVALID_DATE, "A Date is written YYYY-MM-DD");
  }
  const d = new Date(`${raw}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) {
    throw new KuaibanError(ErrorCode.INVALID_DATE, `${raw} is not a real calendar date`);
  }
  return raw;
}

/** A calendar date, `YYYY-MM-DD`, with no time zone (a day in China's calendar). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "日期 date: YYYY-MM-DD, 不带时区 (中国日历中的一天); 无效值以 INVALID_DATE 拒绝",
  serialize: (v) => String(v),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(stringLiteral(ast, "Date", ErrorCode.INVALID_DATE)),
});

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
function parseDateTime(raw: unknown): Date {
  // Already parsed (the gateway's own in-process fields get the value the gateway read): keep it.
  // Only code passes a Date; request JSON carries strings, which are checked below.
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) return raw;
  if (typeof raw !== "string" || !DATETIME_RE.test(raw)) {
    throw new KuaibanError(ErrorCode.INVALID_DATE, "A DateTime is ISO 8601 with a time zone, e.g. 2020-09-25T09:30:00+08:00");
  }
  parseDate(raw.slice(0, 10)); // refuses 2020-02-31T…, which Date would roll over into March
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new KuaibanError(ErrorCode.INVALID_DATE, `${raw} is not a real date and time`);
  return d;
}

/** An instant, ISO 8601 with an offset; served in China Standard Time (+08:00). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "时间 date-time: ISO 8601, 须带时区偏移; 快办以北京时间 +08:00 作答; 无效值以 INVALID_DATE 拒绝",
  serialize: (v) => toChinaIso(v instanceof Date ? v : new Date(String(v))),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, "DateTime", ErrorCode.INVALID_DATE)),
});

/** `2020-10-09T23:59:59.999+08:00`: the wall-clock time people in the province read. */
export function toChinaIso(d: Date): string {
  const shifted = new Date(d.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace("Z", "+08:00");
}

/** A GraphQL enum object (`{ A: "A", … }`, for registerEnumType) from its list of values. */
export const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
