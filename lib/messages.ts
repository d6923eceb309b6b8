import { AsyncLocalStorage } from "node:async_hooks";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "./errors";
import { AGENCY_LABELS } from "./labels";

/**
 * What every error code says to people, in Chinese (for the citizens, employers and staff who read
 * it at a window or on a phone) and English (for developers). The code in `extensions.code` is the
 * contract; these texts may be reworded. A text may use the error's extensions: `{retryAfterSeconds}`
 * and `{system}` (the agency system's name, in Chinese in `zh`), so details survive in both languages.
 */
export type Language = "zh" | "en";
export interface Messages { zh: string; en: string }

/** Codes Apollo Server and graphql-js produce themselves for malformed requests. */
export const ProtocolCode = {
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  PERSISTED_QUERY_NOT_FOUND: "PERSISTED_QUERY_NOT_FOUND",
  OPERATION_RESOLUTION_FAILURE: "OPERATION_RESOLUTION_FAILURE",
  BAD_REQUEST: "BAD_REQUEST",
} as const;

type Code = ErrorCode | keyof typeof ProtocolCode;

export const MESSAGES: Readonly<Record<Code, Messages>> = {
  BAD_USER_INPUT: { zh: "填写的内容有误，请检查后重新提交。", en: "The input is not valid." },
  INVALID_ID_NUMBER: { zh: "身份证号码有误，请核对后重新填写。", en: "The resident ID number is not valid." },
  INVALID_CREDIT_CODE: { zh: "统一社会信用代码有误，请核对后重新填写。", en: "The unified social credit code is not valid." },
  INVALID_DATE: { zh: "日期有误，请填写真实存在的日期。", en: "The date or time is not a real calendar value." },
  CALENDAR_YEAR_UNKNOWN: { zh: "该年度的工作日历尚未发布，暂时无法计算办理时限。", en: "The working-day calendar has no data for that year yet." },
  NOT_FOUND: { zh: "没有找到您要查询的信息。", en: "The thing asked for does not exist." },
  UNAUTHENTICATED: { zh: "请先登录，或登录已过期，请重新登录。", en: "A valid credential is required." },
  FORBIDDEN: { zh: "您没有办理或查看此项业务的权限。", en: "You are not allowed to do this." },
  RATE_LIMITED: { zh: "操作过于频繁，请 {retryAfterSeconds} 秒后再试。", en: "Too many requests; try again in {retryAfterSeconds} s." },
  QUERY_TOO_COMPLEX: { zh: "本次查询的内容过多，请减少查询的内容后再试。", en: "The query is deeper or costlier than the gateway allows." },
  UPSTREAM_UNAVAILABLE: { zh: "{system}系统暂时无法访问，相关信息稍后再显示，请稍后再试。", en: "The {system} system is not available right now." },
  UNKNOWN_LEGACY_CODE: { zh: "{system}系统返回了平台暂不能识别的信息，这部分内容暂不显示，工作人员会尽快处理。", en: "A system behind Kuaiban answered with a code its code tables do not know." },
  UPSTREAM_REJECTED: { zh: "{system}系统未受理本次业务，请按提示处理或咨询 12333。", en: "The {system} system refused the operation." },
  IDEMPOTENCY_CONFLICT: { zh: "这次提交与之前的一次提交编号相同但内容不同，请刷新页面后重新提交。", en: "The same idempotency key was already used for a different request." },
  MISSING_MATERIAL: { zh: "申请材料不齐全，请补充所需材料后再提交。", en: "A required material is missing." },
  CONFLICT: { zh: "当前业务状态不允许此操作，请刷新后查看最新状态。", en: "The operation conflicts with the current state." },
  AUDIT_UNAVAILABLE: { zh: "系统暂时无法记录本次查询，为保护您的信息，本次未返回数据，请稍后再试。", en: "The audit record could not be written, so nothing was served; try again later." },
  STORE_UNAVAILABLE: { zh: "系统繁忙，本次操作未生效，请 {retryAfterSeconds} 秒后再试。", en: "The data store is not reachable; nothing was changed; try again in {retryAfterSeconds} s." },
  OVERLOADED: { zh: "当前访问人数较多，本次请求未处理，请 {retryAfterSeconds} 秒后再试。", en: "The gateway is at capacity; nothing was done; try again in {retryAfterSeconds} s." },
  PURPOSE_REQUIRED: { zh: "查询个人信息须说明查询事由（X-Purpose）。", en: "A read of personal data by staff or a partner must state its purpose in the X-Purpose header." },
  PAYLOAD_TOO_LARGE: { zh: "提交的内容过大，请精简后再试。", en: "The request body is too large." },
  UNSUPPORTED_MEDIA_TYPE: { zh: "请求格式不正确（须为 UTF-8 编码的 application/json）。", en: "Send the request as UTF-8 application/json." },
  BAD_REQUEST: { zh: "请求格式不正确，请刷新页面后重试。", en: "The request is not a well-formed GraphQL request." },
  INTERNAL_SERVER_ERROR: { zh: "系统内部错误，请稍后再试；如仍有问题请拨打 12333 咨询。", en: "Internal error." },
  GRAPHQL_PARSE_FAILED: { zh: "请求的查询语句有语法错误。", en: "The GraphQL document has a syntax error." },
  GRAPHQL_VALIDATION_FAILED: { zh: "请求的查询语句与接口定义不符。", en: "The GraphQL document does not match the schema." },
  PERSISTED_QUERY_NOT_FOUND: { zh: "不支持预存查询，请发送完整的查询语句。", en: "Persisted queries are not supported; send the query text." },
  OPERATION_RESOLUTION_FAILURE: { zh: "请求中没有可执行的操作，请指定 operationName。", en: "The request names no operation the document has." },
};

/** Every code the table speaks for. */
export const messageCodes = (): string[] => Object.keys(MESSAGES);

/** The language a request asks for: `zh` when `Accept-Language` prefers any Chinese, else `en`. */
export function negotiateLanguage(acceptLanguage: string | string[] | undefined, fallback: Language = "en"): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(",") : acceptLanguage;
  if (!header) return fallback;
  let best: { lang: Language; q: number } | undefined;
  for (const part of header.split(",").slice(0, 20)) {
    const [tag = "", ...params] = part.trim().split(";");
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith("q="))?.slice(2) ?? 1);
    const primary = tag.trim().toLowerCase().split("-")[0];
    const lang: Language | undefined = primary === "zh" ? "zh" : primary === "en" ? "en" : undefined;
    if (!lang || !(q > 0)) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? fallback;
}

const fill = (template: string, lang: Language, extensions: Record<string, unknown>): string =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = extensions[key];
    if (value === undefined || value === null || value === "") return key === "system" ? (lang === "zh" ? "相关业务" : "an agency") : "—";
    const text = String(value);
    return key === "system" && lang === "zh" ? (AGENCY_LABELS[text] ?? text).replace(/机构$/, "") : text;
  });

/** The table's texts for a code, filled from the error's extensions; undefined for a code not in it. */
export function messagesFor(code: string, extensions: Record<string, unknown> = {}): Messages | undefined {
  const entry = (MESSAGES as Record<string, Messages>)[code];
  return entry && { zh: fill(entry.zh, "zh", extensions), en: fill(entry.en, "en", extensions) };
}

/**
 * An error as the client gets it: `message` in the request's language and both in
 * `extensions.messages { zh, en }`. The English text is the error's own message (it names the
 * field or the system), the Chinese one the table's, filled from the extensions.
 */
export function localizeError(error: GraphQLFormattedError, lang: Language): GraphQLFormattedError {
  const extensions = error.extensions ?? {};
  const code = typeof extensions.code === "string" ? extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
  const table = messagesFor(code, extensions);
  if (!table) return error;
  const messages = { zh: table.zh, en: error.message || table.en };
  return { ...error, message: messages[lang], extensions: { ...extensions, messages } };
}

/** A refusal body the gateway answers itself, in the request's language, both texts in `messages`. */
export function refusalBody(lang: Language, code: string, message: string, extensions: Record<string, unknown> = {}): { errors: GraphQLFormattedError[] } {
  return { errors: [localizeError({ message, extensions: { ...extensions, code } }, lang)] };
}

const current = new AsyncLocalStorage<Language>();
/** Runs `fn` with `lang` as the language of every error formatted within it. */
export const withLanguage = <T>(lang: Language, fn: () => T): T => current.run(lang, fn);
/** The language of the request being answered (English outside one). */
export const currentLanguage = (): Language => current.getStore() ?? "en";
