import { ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { upstreamRejected } from "../../lib/legacy-client";
import { ReceiptStatus, type ItemReceipt } from "../../lib/receipt.type";
import { list, text, type SoapFault } from "./soap";
import { SoapFaultError, type SoapClient } from "./soap-client";

export const SYSTEM = "employment";

/**
 * Translation between the employment service system's wire format (pinyin-initial element names,
 * coded values, yyyyMMdd dates, Beijing-time yyyyMMddHHmmss timestamps) and Kuaiban's types.
 * The code tables are here and nowhere else.
 */
export const RegistrationStatus = { EMPLOYED: "EMPLOYED", UNEMPLOYED: "UNEMPLOYED", NONE: "NONE" } as const;
export type RegistrationStatus = (typeof RegistrationStatus)[keyof typeof RegistrationStatus];

/** 就业状态 Jyzt */
const statusByCode: Record<string, RegistrationStatus> = { "1": "EMPLOYED", "2": "UNEMPLOYED", "0": "NONE" };
export const statusCode = (s: RegistrationStatus) => Object.entries(statusByCode).find(([, v]) => v === s)![0];
export const statusFromCode = (code: string): RegistrationStatus => statusByCode[code] ?? "NONE";

/** YYYY-MM-DD → yyyyMMdd */
export const toLegacyDate = (iso: string) => iso.replaceAll("-", "");
/** yyyyMMdd → YYYY-MM-DD; "" → null */
export function fromLegacyDate(value: string): string | null {
  if (!/^\d{8}$/.test(value)) return null;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}
/** yyyyMMddHHmmss in Beijing time → instant; "" → null */
export function fromLegacyTimestamp(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
}
const fromFlag = (v: string) => v === "1";

export interface EmploymentRecord {
  idNumber: string;
  registration: { status: RegistrationStatus; employerCreditCode: string | null; since: string | null; region: string | null };
  employmentCardNo: string | null;
  hardToEmploy: boolean;
  graduate: boolean;
  unemploymentEndedOn: string | null;
  /** 业务流水号 of the request that made the current registration */
  registrationKey: string | null;
}

/** One `Ryxx` of QueryPersons; null when the system has no record of the person (Cxjg 0). */
export function toEmploymentRecord(ryxx: Record<string, unknown>): EmploymentRecord | null {
  if (text(ryxx, "Cxjg") !== "1") return null;
  const status = statusFromCode(text(ryxx, "Jyzt"));
  return {
    idNumber: text(ryxx, "Sfzh"),
    registration: {
      status,
      employerCreditCode: status === "EMPLOYED" ? text(ryxx, "Dwxydm") || null : null,
      since: fromLegacyDate(text(ryxx, "Djrq")),
      region: text(ryxx, "Djdq") || null,
    },
    employmentCardNo: text(ryxx, "Jycyzbh") || null,
    hardToEmploy: fromFlag(text(ryxx, "Jykn")),
    graduate: fromFlag(text(ryxx, "Gxbys")),
    unemploymentEndedOn: fromLegacyDate(text(ryxx, "Sydjzzrq")),
    registrationKey: text(ryxx, "Djlsh") || null,
  };
}

/** The receipt of a case (`Bjxx`), plus the system's remark (备注) as notes. */
export function toReceipt(bjxx: Record<string, unknown>, idempotencyKey: string): ItemReceipt & { notes: string[] } {
  const acceptedAt = fromLegacyTimestamp(text(bjxx, "Slsj"));
  if (!acceptedAt) throw new Error("case without 受理时间");
  const completedAt = fromLegacyTimestamp(text(bjxx, "Bjsj"));
  return {
    caseNumber: text(bjxx, "Bjbh"),
    itemCode: text(bjxx, "Sxbm"),
    system: SYSTEM,
    status: text(bjxx, "Bjzt") === "2" ? ReceiptStatus.COMPLETED : ReceiptStatus.ACCEPTED,
    acceptedAt,
    completedAt,
    idempotencyKey,
    notes: text(bjxx, "Bz").split("；").filter(Boolean),
  };
}

/** The system's error codes (错误代码) as Kuaiban error codes; the wording is ours, not the system's. */
export function faultToError(fault: SoapFault): KuaibanError {
  switch (fault.legacyCode) {
    case "JY1001": return notFound("The employment system has no record of this person");
    case "JY1002": return notFound("The employment system does not know this employer");
    case "JY1003": return new KuaibanError(ErrorCode.BAD_USER_INPUT, "Unknown region");
    case "JY2001": return new KuaibanError(ErrorCode.CONFLICT, "The person is already registered as employed by this employer");
    case "JY2002": return new KuaibanError(ErrorCode.CONFLICT, "The person is already registered as unemployed");
    case "JY2003": return new KuaibanError(ErrorCode.CONFLICT, "The person already holds an employment and entrepreneurship card");
    case "JY2004": return new KuaibanError(ErrorCode.CONFLICT, "The person is not a graduate awaiting acceptance");
    case "JY1004": return notFound("The employment system has no such case");
    case "JY9001": return new KuaibanError(ErrorCode.IDEMPOTENCY_CONFLICT, "This idempotency key was already used for a different request");
    default: return upstreamRejected(SYSTEM, "The employment system refused the request", fault.legacyCode);
  }
}

/** The operations of the employment service system Kuaiban uses. */
export class EmploymentAdapter {
  constructor(private readonly soap: SoapClient) {}

  /** Many people in one QueryPersons call; answers in the order asked, null for unknown people. */
  async queryPersons(idNumbers: readonly string[]): Promise<(EmploymentRecord | null)[]> {
    const answer = await this.soap.call("QueryPersons", { Sfzh: [...idNumbers] }, { read: true });
    const byId = new Map<string, EmploymentRecord | null>();
    for (const ryxx of list(answer, "Ryxx")) byId.set(text(ryxx, "Sfzh"), toEmploymentRecord(ryxx));
    return idNumbers.map((id) => byId.get(id) ?? null);
  }

  /** How a case stands now (受理 or 办结), by the 流水号 it was submitted under. */
  async caseStatus(idempotencyKey: string) {
    try {
      const answer = await this.soap.call("QueryCase", { Ywlsh: idempotencyKey }, { read: true });
      const bjxx = list(answer, "Bjxx")[0];
      if (!bjxx) throw new Error("QueryCase answered without a case");
      return toReceipt(bjxx, idempotencyKey);
    } catch (err) {
      if (err instanceof SoapFaultError) throw faultToError(err.fault);
      throw err;
    }
  }

  async write(operation: string, fields: Record<string, string | undefined>, idempotencyKey: string) {
    try {
      const answer = await this.soap.call(operation, { Ywlsh: idempotencyKey, ...fields }, { read: false });
      const bjxx = list(answer, "Bjxx")[0];
      if (!bjxx) throw new Error(`${operation} answered without a case`);
      return toReceipt(bjxx, idempotencyKey);
    } catch (err) {
      if (err instanceof SoapFaultError) throw faultToError(err.fault);
      throw err;
    }
  }
}
