import { XMLBuilder, XMLParser } from "fast-xml-parser";

/**
 * SOAP 1.1 as the employment service system (就业服务系统) speaks it: document/literal, every
 * element of the body in the service namespace under the `jy:` prefix, faults with the
 * unqualified `faultcode`/`faultstring`/`detail` children and HTTP 500. Both the adapter and the
 * stand-in use this module, so the wire format is written down once.
 */
export const SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12_ENV_NS = "http://www.w3.org/2003/05/soap-envelope";
export const JY_NS = "urn:sx-rst:jyfw:ws:2019";
export const SOAP_ACTION_BASE = `${JY_NS}#`;

/** Elements that may repeat (by parent.child); the parser always gives them as arrays, even when there is one. */
const REPEATING = new Set(["QueryPersons.Sfzh", "QueryPersonsResponse.Ryxx"]);

export type SoapValue = string | number | boolean | null | undefined | SoapValue[] | { [name: string]: SoapValue };
export type SoapFields = { [name: string]: SoapValue };

export interface SoapFault {
  /** `soap:Client` (the request was wrong) or `soap:Server` (the service failed), `soap:VersionMismatch`. */
  faultcode: string;
  faultstring: string;
  /** The service's business error code (错误代码) from `detail/Ywcw/Cwdm`, when it gave one. */
  legacyCode?: string;
}

export class SoapProtocolError extends Error {}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: true });
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false, // ID numbers and codes keep their leading zeros and trailing X
  trimValues: true,
  htmlEntities: false,
  isArray: (name, jPath) => typeof jPath === "string" && REPEATING.has(jPath.split(".").slice(-2).join(".")),
});

/** Prefixes every element name with `jy:`; arrays become repeated elements; null/undefined are left out. */
function qualify(fields: SoapFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    out[`jy:${name}`] = qualifyValue(value);
  }
  return out;
}

function qualifyValue(value: SoapValue): unknown {
  if (Array.isArray(value)) return value.map(qualifyValue);
  if (typeof value === "object" && value !== null) return qualify(value);
  return String(value);
}

function envelope(body: Record<string, unknown>): string {
  return '<?xml version="1.0" encoding="utf-8"?>' + builder.build({
    "soap:Envelope": { "@_xmlns:soap": SOAP_ENV_NS, "@_xmlns:jy": JY_NS, "soap:Body": body },
  });
}

/** A request or response envelope whose body holds one `jy:<element>`. Text is escaped by the builder. */
export function buildEnvelope(element: string, fields: SoapFields): string {
  return envelope({ [`jy:${element}`]: qualify(fields) });
}

export function buildFault(fault: SoapFault): string {
  return envelope({
    "soap:Fault": {
      faultcode: fault.faultcode,
      faultstring: fault.faultstring,
      ...(fault.legacyCode ? { detail: { "jy:Ywcw": { "jy:Cwdm": fault.legacyCode } } } : {}),
    },
  });
}

export type ParsedEnvelope =
  | { kind: "body"; element: string; fields: Record<string, unknown> }
  | { kind: "fault"; fault: SoapFault };

/**
 * Parses a SOAP 1.1 envelope. Documents with a DOCTYPE (and so any entity declaration) are refused
 * outright: SOAP forbids them and they are how XXE and entity-expansion attacks get in.
 */
export function parseEnvelope(xml: string): ParsedEnvelope {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SoapProtocolError("DTDs are not allowed in SOAP messages");
  const ns = /<([A-Za-z_][\w.-]*:)?Envelope\b[^>]*>/.exec(xml);
  if (!ns) throw new SoapProtocolError("not a SOAP envelope");
  if (ns[0].includes(SOAP12_ENV_NS)) throw new SoapProtocolError("SOAP 1.2 envelopes are not supported (VersionMismatch)");
  if (!ns[0].includes(SOAP_ENV_NS)) throw new SoapProtocolError("the envelope is not in the SOAP 1.1 namespace");
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    throw new SoapProtocolError("malformed XML");
  }
  const body = (doc.Envelope as Record<string, unknown> | undefined)?.Body;
  if (!body || typeof body !== "object") throw new SoapProtocolError("the envelope has no Body");
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length !== 1) throw new SoapProtocolError("the Body must hold exactly one element");
  const [element, content] = entries[0]!;
  const fields = content && typeof content === "object" ? (content as Record<string, unknown>) : {};
  if (element === "Fault") {
    const detail = fields.detail as { Ywcw?: { Cwdm?: unknown } } | undefined;
    const legacyCode = typeof detail?.Ywcw?.Cwdm === "string" ? detail.Ywcw.Cwdm : undefined;
    return {
      kind: "fault",
      fault: { faultcode: String(fields.faultcode ?? ""), faultstring: String(fields.faultstring ?? ""), ...(legacyCode ? { legacyCode } : {}) },
    };
  }
  return { kind: "body", element, fields };
}

/** The SOAPAction header value of an operation (quoted, as SOAP 1.1 writes it). */
export const soapAction = (operation: string) => `"${SOAP_ACTION_BASE}${operation}"`;

/** The operation named by a SOAPAction header, or undefined. */
export function operationOfAction(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim().replace(/^"|"$/g, "");
  return value.startsWith(SOAP_ACTION_BASE) ? value.slice(SOAP_ACTION_BASE.length) : undefined;
}

/** Reads a string field of a parsed element ("" when absent). */
export const text = (fields: Record<string, unknown>, name: string): string => {
  const v = fields[name];
  return typeof v === "string" ? v : "";
};

/** Reads a (possibly repeating) element as a list of records. */
export const list = (fields: Record<string, unknown>, name: string): Record<string, unknown>[] => {
  const v = fields[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x) => x && typeof x === "object") as Record<string, unknown>[];
};
