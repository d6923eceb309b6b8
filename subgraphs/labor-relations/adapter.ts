import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { upstreamRejected, type LegacyClient, type LegacyResponse } from "../../lib/legacy-client";
import { ReceiptStatus, type ItemReceipt } from "../../lib/receipt.type";

export const SYSTEM = "labor-relations";

/**
 * Translation between the labour-relations system's REST format and Kuaiban's types: the contract
 * type code table, case states, and its error codes. Nothing else knows the wire format.
 */
export const ContractType = { FIXED_TERM: "FIXED_TERM", OPEN_ENDED: "OPEN_ENDED", TASK_BASED: "TASK_BASED" } as const;
export type ContractType = (typeof ContractType)[keyof typeof ContractType];
export const FilingStatus = { FILED: "FILED", TERMINATED: "TERMINATED" } as const;
export type FilingStatus = (typeof FilingStatus)[keyof typeof FilingStatus];

/** 合同期限类型 code table of the system */
const contractTypeCodes: Record<ContractType, string> = { FIXED_TERM: "01", OPEN_ENDED: "02", TASK_BASED: "03" };
export const contractTypeToCode = (t: ContractType) => contractTypeCodes[t];
export function contractTypeFromCode(code: string): ContractType {
  const found = (Object.keys(contractTypeCodes) as ContractType[]).find((t) => contractTypeCodes[t] === code);
  if (!found) throw new Error(`unknown contract type code ${code}`);
  return found;
}

export interface WireFiling {
  filingNo: string; employerCreditCode: string; idNumber: string; contractType: string; startDate: string;
  endDate: string | null; status: string; filedAt: string; terminatedOn: string | null; serialNo: string;
  terminationSerialNo: string | null;
}
export interface WireCase { caseNo: string; itemCode: string; serialNo: string; status: string; acceptedAt: string; completedAt: string | null }

export interface LaborFilingRecord {
  filingNumber: string;
  employerCreditCode: string;
  idNumber: string;
  contractType: ContractType;
  startDate: string;
  endDate: string | null;
  status: FilingStatus;
  filedAt: Date;
  terminatedOn: string | null;
  /** serial number (= idempotency key) of the request that filed it */
  serialNo: string;
  /** serial number of the request that terminated it */
  terminationSerialNo: string | null;
}

export function fromWireFiling(w: WireFiling): LaborFilingRecord {
  return {
    filingNumber: w.filingNo, employerCreditCode: w.employerCreditCode, idNumber: w.idNumber,
    contractType: contractTypeFromCode(w.contractType), startDate: w.startDate, endDate: w.endDate ?? null,
    status: w.status === "TERMINATED" ? "TERMINATED" : "FILED", filedAt: new Date(w.filedAt),
    terminatedOn: w.terminatedOn ?? null, serialNo: w.serialNo,
    terminationSerialNo: w.terminationSerialNo ?? null,
  };
}

export function toReceipt(c: WireCase, idempotencyKey: string): ItemReceipt {
  return {
    caseNumber: c.caseNo, itemCode: c.itemCode, system: SYSTEM,
    status: c.status === "DONE" ? ReceiptStatus.COMPLETED : ReceiptStatus.ACCEPTED,
    acceptedAt: new Date(c.acceptedAt), completedAt: c.completedAt ? new Date(c.completedAt) : null, idempotencyKey,
  };
}

/** The system's refusals as Kuaiban errors, in our words. */
export function refusal(res: LegacyResponse): KuaibanError {
  let code: string | undefined;
  try { code = res.json<{ error?: { code?: string } }>().error?.code; } catch { /* not JSON: treat as a bare refusal */ }
  switch (code) {
    case "LR-404-01": return notFound("The labour-relations system does not know this employer");
    case "LR-404-02": return notFound("This employer has no filing for this person");
    case "LR-404-03": return notFound("The labour-relations system has no such case");
    case "LR-409-01": return new KuaibanError(ErrorCode.CONFLICT, "This employer already has an active filing for this person");
    case "LR-409-02": return new KuaibanError(ErrorCode.CONFLICT, "The filing is already terminated");
    case "LR-409-09": return new KuaibanError(ErrorCode.IDEMPOTENCY_CONFLICT, "This idempotency key was already used for a different request");
    default: return upstreamRejected(SYSTEM, "The labour-relations system refused the request", code);
  }
}

export interface FilingPage { total: number; items: LaborFilingRecord[] }

export class LaborRelationsAdapter {
  constructor(private readonly client: LegacyClient) {}

  private async ok(res: Promise<LegacyResponse>): Promise<LegacyResponse> {
    const r = await res;
    if (r.status >= 400) throw refusal(r);
    return r;
  }

  /** Every filing of many people in one call, in the order asked. */
  async filingsOf(idNumbers: readonly string[]): Promise<LaborFilingRecord[][]> {
    const res = await this.ok(this.client.request({ method: "POST", path: "/filings/lookup", body: { idNumbers }, read: true }));
    const byId = new Map(res.json<{ results: { idNumber: string; filings: WireFiling[] }[] }>().results.map((r) => [r.idNumber, r.filings.map(fromWireFiling)]));
    return idNumbers.map((id) => byId.get(id) ?? []);
  }

  /** One page (1-based) of an employer's filings, newest first. */
  async employerPage(creditCode: string, page: number, size: number, status?: FilingStatus): Promise<FilingPage> {
    const q = new URLSearchParams({ employer: creditCode, page: String(page), size: String(size), ...(status ? { status } : {}) });
    const res = await this.ok(this.client.request({ path: `/filings?${q}`, read: true }));
    const body = res.json<{ total: number; items: WireFiling[] }>();
    return { total: body.total, items: body.items.map(fromWireFiling) };
  }

  async employerKnown(creditCode: string): Promise<boolean> {
    const res = await this.client.request({ path: `/employers/${encodeURIComponent(creditCode)}`, read: true });
    if (res.status === 404) return false;
    if (res.status >= 400) throw refusal(res);
    return true;
  }

  /** How a case stands now (受理 or 办结), by the serial number it was submitted under. */
  async caseStatus(idempotencyKey: string): Promise<ItemReceipt> {
    const res = await this.ok(this.client.request({ path: `/cases/${encodeURIComponent(idempotencyKey)}`, read: true }));
    return toReceipt(res.json<{ case: WireCase }>().case, idempotencyKey);
  }

  async write(path: string, body: Record<string, unknown>, idempotencyKey: string): Promise<ItemReceipt> {
    const res = await this.ok(this.client.request({ method: "POST", path, body: { serialNo: idempotencyKey, ...body }, read: false }));
    return toReceipt(res.json<{ case: WireCase }>().case, idempotencyKey);
  }
}

/** Opaque cursors over an employer's filings: the offset of the item, base64url-encoded. */
export const encodeCursor = (offset: number) => Buffer.from(`filing:${offset}`).toString("base64url");
export function decodeCursor(cursor: string): number {
  const m = /^filing:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw badInput("Invalid cursor");
  return Number(m[1]);
}
