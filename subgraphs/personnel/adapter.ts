import { ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { upstreamRejected, type LegacyClient } from "../../lib/legacy-client";
import { ReceiptStatus, type ItemReceipt } from "../../lib/receipt.type";

export const SYSTEM = "personnel";

/**
 * Translation between the personnel system's in-house JSON (pinyin-initial snake_case fields,
 * "1"/"0" flags, `{ code, msg, data }` answers, Beijing-time `yyyy-MM-dd HH:mm:ss`) and Kuaiban's
 * types. Nothing else knows the wire format.
 */
export interface ArchiveRecord {
  idNumber: string;
  keeper: string;
  region: string;
  receivedOn: string;
  partyMember: boolean;
  partyOrganization: string | null;
  /** 流水号 of the last archive transfer and of the last party relation transfer */
  lastTransferKey: string | null;
  lastPartyTransferKey: string | null;
}

export interface HiringFilingRecord {
  filingNumber: string;
  employerCreditCode: string;
  idNumber: string;
  position: string;
  hireDate: string;
  filedAt: Date;
}

export interface Unit { creditCode: string; name: string; publicInstitution: boolean }

type Wire = Record<string, unknown>;
const s = (w: Wire, name: string) => (typeof w[name] === "string" ? (w[name] as string) : "");

export const toFlag = (b: boolean) => (b ? "1" : "0");
export const fromFlag = (v: string) => v === "1";
/** `yyyy-MM-dd HH:mm:ss` Beijing time → instant; "" → null */
export function fromRsTimestamp(v: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(v);
  return m ? new Date(`${m[1]}T${m[2]}+08:00`) : null;
}

export function toArchive(w: Wire): ArchiveRecord | null {
  if (s(w, "cxjg") !== "1") return null;
  return {
    idNumber: s(w, "sfzh"), keeper: s(w, "dawz"), region: s(w, "dabgdq"), receivedOn: s(w, "jsrq"),
    partyMember: fromFlag(s(w, "sfdy")), partyOrganization: s(w, "dzzgx") || null,
    lastTransferKey: s(w, "zd_lsh") || null, lastPartyTransferKey: s(w, "dy_lsh") || null,
  };
}

export function toHiringFiling(w: Wire): HiringFilingRecord {
  return {
    filingNumber: s(w, "babh"), employerCreditCode: s(w, "dwxydm"), idNumber: s(w, "sfzh"), position: s(w, "gwmc"),
    hireDate: s(w, "pyrq"), filedAt: fromRsTimestamp(s(w, "basj")) ?? new Date(0),
  };
}

export function toReceipt(w: Wire, idempotencyKey: string): ItemReceipt {
  const acceptedAt = fromRsTimestamp(s(w, "slsj"));
  if (!acceptedAt) throw new Error("case without 受理时间");
  return {
    caseNumber: s(w, "bjbh"), itemCode: s(w, "sxbm"), system: SYSTEM,
    status: s(w, "bjzt") === "1" ? ReceiptStatus.COMPLETED : ReceiptStatus.ACCEPTED,
    acceptedAt, completedAt: fromRsTimestamp(s(w, "bjsj")), idempotencyKey,
  };
}

/** The system's answer codes as Kuaiban errors, in our words. */
export function refusal(code: string): KuaibanError {
  const conflict = (m: string) => new KuaibanError(ErrorCode.CONFLICT, m);
  switch (code) {
    case "1001": return notFound("The personnel system keeps no archive of this person");
    case "1002": return notFound("The personnel system does not know this employer");
    case "2001": return conflict("The person is not a party member");
    case "2002": return conflict("The employer is not a public institution");
    case "2003": return conflict("The archive is already kept there");
    case "2004": return conflict("The party relation is already with that organization");
    case "2005": return conflict("This hire is already filed");
    case "1003": return notFound("The personnel system has no such case");
    case "9001": return new KuaibanError(ErrorCode.IDEMPOTENCY_CONFLICT, "This idempotency key was already used for a different request");
    default: return upstreamRejected(SYSTEM, "The personnel system refused the request", code);
  }
}

export class PersonnelAdapter {
  constructor(private readonly client: LegacyClient) {}

  private async call<T>(verb: string, body: Wire, read: boolean): Promise<T> {
    const res = await this.client.request({ method: "POST", path: `/rsda/api/${verb}`, body, read });
    let answer: { code?: string; data?: unknown };
    try { answer = res.json(); } catch { throw upstreamRejected(SYSTEM, "The personnel system gave an unreadable answer"); }
    if (answer.code !== "0000") throw refusal(String(answer.code));
    return answer.data as T;
  }

  async archives(idNumbers: readonly string[]): Promise<(ArchiveRecord | null)[]> {
    const rows = await this.call<Wire[]>("dacx", { sfzh_list: idNumbers }, true);
    const byId = new Map(rows.map((r) => [s(r, "sfzh"), toArchive(r)]));
    return idNumbers.map((id) => byId.get(id) ?? null);
  }

  async hiringFilings(creditCodes: readonly string[]): Promise<HiringFilingRecord[][]> {
    const rows = await this.call<{ dwxydm: string; ba_list: Wire[] }[]>("pybacx", { dwxydm_list: creditCodes }, true);
    const byCode = new Map(rows.map((r) => [r.dwxydm, r.ba_list.map((f) => toHiringFiling({ ...f, dwxydm: r.dwxydm }))]));
    return creditCodes.map((c) => byCode.get(c) ?? []);
  }

  async unit(creditCode: string): Promise<Unit> {
    const w = await this.call<Wire>("dwcx", { dwxydm: creditCode }, true);
    return { creditCode, name: s(w, "dwmc"), publicInstitution: s(w, "dwlx") === "1" };
  }

  /** How a case stands now (受理 or 办结), by the 流水号 it was submitted under. */
  async caseStatus(idempotencyKey: string): Promise<ItemReceipt> {
    return toReceipt(await this.call<Wire>("bjcx", { lsh: idempotencyKey }, true), idempotencyKey);
  }

  async write(verb: string, body: Wire, idempotencyKey: string): Promise<ItemReceipt> {
    return toReceipt(await this.call<Wire>(verb, { lsh: idempotencyKey, ...body }, false), idempotencyKey);
  }
}
