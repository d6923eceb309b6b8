import { badInput, ErrorCode, KuaibanError, notFound } from "../../lib/errors";
import { once } from "../../lib/idempotency";
import type { ItemReceipt } from "../../lib/receipt.type";
import { isContactPoint } from "../../schema/catalogue/contact-points";
import { compactDate, receiptOf, type SiPerson, type SiUnit } from "./adapter";
import { codeValues, type Insurance } from "./code-tables";
import type { SiDeps } from "./loaders";
import { CZLX, ZJLX, type CaseRequest } from "./wire";

export type ContributorChange = "INCREASE" | "DECREASE";
export const PENSION_TRANSFERS = ["1.6.12", "1.6.15", "1.6.17"];
/** 失业保险金停发 is performed under the benefit's own item, 1.8.1; the platform tells it apart by 操作类型. */
export const UNEMPLOYMENT_BENEFIT_ITEM = "1.8.1";
const MAX_DETAILS_BYTES = 16_384;

const conflict = (message: string) => new KuaibanError(ErrorCode.CONFLICT, message);
const contributing = (p: SiPerson, creditCode: string, insurance: string) =>
  p.enrolments.some((e) => e.employer?.creditCode === creditCode && e.insurance === insurance && e.status === "ACTIVE" && e.contributionStatus === "CONTRIBUTING");

/** The checks of a pension transfer that need no system: the item code and two different regions, one of them here. */
export function checkTransfer(itemCode: string, fromRegion: unknown, toRegion: unknown): { from: string; to: string } {
  if (!PENSION_TRANSFERS.includes(itemCode)) throw badInput(`itemCode must be one of ${PENSION_TRANSFERS.join(", ")}`);
  const from = typeof fromRegion === "string" ? fromRegion.trim() : "";
  const to = typeof toRegion === "string" ? toRegion.trim() : "";
  // The other side of a transfer may be outside the province, but one side must be a region here.
  if (!from || !to || from.length > 60 || to.length > 60) throw badInput("fromRegion and toRegion must be region names");
  if (from === to) throw badInput("fromRegion and toRegion must differ");
  if (!isContactPoint(from) && !isContactPoint(to)) throw badInput("fromRegion or toRegion must be one of the 23 contact points");
  return { from, to };
}

export function checkDetails(details: Record<string, unknown> | null): Record<string, unknown> {
  if (details && Buffer.byteLength(JSON.stringify(details)) > MAX_DETAILS_BYTES) throw badInput("details is too large");
  return details ?? {};
}

/**
 * The item operations on the core platform, whichever mutation asks for them. Each runs once per
 * idempotency key (the key is also the platform's 业务流水号, which it deduplicates by), checks all
 * it can before writing, and returns the platform's case number in a uniform receipt.
 */
export class SiOperations {
  constructor(private readonly deps: SiDeps) {}

  private async person(idNumber: string): Promise<SiPerson> {
    const p = (await this.deps.adapter.persons([idNumber])).get(idNumber);
    if (!p) throw notFound("The social-insurance system has no record of this person");
    return p;
  }

  private async unit(creditCode: string): Promise<SiUnit> {
    const u = (await this.deps.adapter.units([creditCode])).get(creditCode);
    if (!u) throw notFound("The social-insurance system has no record of this employer");
    return u;
  }

  /**
   * Exactly once: a stored receipt answers a repeat; otherwise a case the platform already holds
   * under this key (the answer was lost before the receipt was stored) does; only then are the
   * checks run and the case submitted. One key scope per system: a key reused for another
   * operation is IDEMPOTENCY_CONFLICT.
   */
  private submit(operation: string, itemCode: string, idempotencyKey: string, args: unknown, prepare: () => Promise<CaseRequest>): Promise<ItemReceipt> {
    return once(this.deps.store, "social-insurance", idempotencyKey, { operation, itemCode, args }, async () => {
      const existing = await this.deps.adapter.findCase(idempotencyKey);
      if (existing) return receiptOf(existing, itemCode, idempotencyKey);
      return receiptOf(await this.deps.adapter.submitCase(await prepare()), itemCode, idempotencyKey);
    });
  }

  private insuranceCodes(insurances: readonly Insurance[]): string[] {
    return [...new Set(insurances)].map((i) => this.deps.adapter.codes.encode("AAE140", i));
  }

  /** 1.1.5 职工参保登记: all five insurances; CONFLICT when already insured by this employer. */
  enrol(a: { idNumber: string; creditCode: string; since: string | null; idempotencyKey: string }): Promise<ItemReceipt> {
    const { idempotencyKey, ...args } = a;
    return this.submit("enrolEmployee", "1.1.5", idempotencyKey, args, async () => {
      const [p, u] = await Promise.all([this.person(a.idNumber), this.unit(a.creditCode)]);
      if (p.enrolments.some((e) => e.employer?.creditCode === a.creditCode && e.status === "ACTIVE")) {
        throw conflict("The person is already insured by this employer");
      }
      return {
        YWLSH: idempotencyKey, SXBM: "1.1.5", AAC002: a.idNumber, AAB001: u.unitNo,
        PARAMS: { AAE140: this.insuranceCodes(codeValues.AAE140), ...(a.since ? { AAE030: compactDate(a.since) } : {}) },
      };
    });
  }

  /**
   * 1.3.1 缴费人员增减申报. Without a list, an increase covers every insurance the person does not
   * yet contribute to through the employer, a decrease every one she does.
   */
  changeContributors(a: { idNumber: string; creditCode: string; change: ContributorChange; insurances: Insurance[] | null; since: string | null; idempotencyKey: string }): Promise<ItemReceipt> {
    const { idempotencyKey, ...args } = a;
    if (a.insurances && a.insurances.length === 0) throw badInput("insurances must name at least one insurance");
    return this.submit("changeContributors", "1.3.1", idempotencyKey, args, async () => {
      const [p, u] = await Promise.all([this.person(a.idNumber), this.unit(a.creditCode)]);
      const paying = (i: Insurance) => contributing(p, a.creditCode, i);
      const listed = a.insurances ?? codeValues.AAE140.filter((i) => (a.change === "INCREASE" ? !paying(i) : paying(i)));
      // an increase for insurances already paid is recorded with a note (see the platform's 1.3.1)
      if (a.change === "INCREASE" && listed.length === 0) {
        throw conflict("The person already contributes to every insurance through this employer");
      }
      if (a.change === "DECREASE" && (listed.length === 0 || !listed.every(paying))) {
        throw conflict("The person does not contribute to these insurances through this employer");
      }
      return {
        YWLSH: idempotencyKey, SXBM: "1.3.1", AAC002: a.idNumber, AAB001: u.unitNo,
        PARAMS: { ZJLX: ZJLX[a.change], AAE140: this.insuranceCodes(listed), ...(a.since ? { AAE030: compactDate(a.since) } : {}) },
      };
    });
  }

  /** 失业保险金停发; CONFLICT when the person draws none. */
  stopUnemploymentBenefit(a: { idNumber: string; idempotencyKey: string }): Promise<ItemReceipt> {
    return this.submit("stopUnemploymentBenefit", UNEMPLOYMENT_BENEFIT_ITEM, a.idempotencyKey, { idNumber: a.idNumber }, async () => {
      const p = await this.person(a.idNumber);
      if (!p.benefits.some((b) => b.kind === "UNEMPLOYMENT_BENEFIT" && b.status === "PAYING")) {
        throw conflict("The person draws no unemployment insurance benefit");
      }
      return { YWLSH: a.idempotencyKey, SXBM: UNEMPLOYMENT_BENEFIT_ITEM, AAC002: a.idNumber, PARAMS: { CZLX: CZLX.STOP } };
    });
  }

  /** 养老保险关系转移接续 (1.6.12, 1.6.15, 1.6.17): accepted now, completed when the other side confirms. */
  transferPension(a: { itemCode: string; idNumber: string; fromRegion: unknown; toRegion: unknown; idempotencyKey: string }): Promise<ItemReceipt> {
    const { from, to } = checkTransfer(a.itemCode, a.fromRegion, a.toRegion);
    return this.submit("transferPensionRelation", a.itemCode, a.idempotencyKey, { idNumber: a.idNumber, from, to }, async () => {
      await this.person(a.idNumber);
      return { YWLSH: a.idempotencyKey, SXBM: a.itemCode, AAC002: a.idNumber, PARAMS: { ZCD: from, ZRD: to } };
    });
  }

  /** How a case submitted under this key stands now at the platform (受理 → 办结); NOT_FOUND when it holds none with this number. */
  async caseStatus(caseNumber: string, idempotencyKey: string): Promise<ItemReceipt> {
    const row = await this.deps.adapter.findCase(idempotencyKey);
    if (!row || row.BJBH !== caseNumber) throw notFound("The social-insurance system has no such case");
    return receiptOf(row, row.SXBM, idempotencyKey);
  }

  /** Any other item: recorded as accepted (已受理) for the platform's clerks, with its details. */
  accept(a: { itemCode: string; idNumber: string | null; creditCode: string | null; details: Record<string, unknown>; idempotencyKey: string }): Promise<ItemReceipt> {
    const { idempotencyKey, ...args } = a;
    if (!a.idNumber && !a.creditCode) throw badInput("idNumber or creditCode is required");
    return this.submit("acceptSocialInsuranceItem", a.itemCode, idempotencyKey, args, async () => {
      const [, u] = await Promise.all([a.idNumber ? this.person(a.idNumber) : null, a.creditCode ? this.unit(a.creditCode) : null]);
      return {
        YWLSH: idempotencyKey, SXBM: a.itemCode,
        ...(a.idNumber ? { AAC002: a.idNumber } : {}),
        ...(u ? { AAB001: u.unitNo } : {}),
        PARAMS: a.details,
      };
    });
  }
}
