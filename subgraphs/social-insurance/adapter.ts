import { ErrorCode, KuaibanError, notFound, upstreamUnavailable } from "../../lib/errors";
import { LegacyClient, upstreamRejected } from "../../lib/legacy-client";
import { ReceiptStatus, type ItemReceipt } from "../../lib/receipt.type";
import { divisionCodes } from "../../schema/demo/regions";
import { unknownCode, type CodeTableName, type CodeTables, type CodeValue } from "./code-tables";
import { LegacyCode, type AC01Row, type AC02Row, type AC60Row, type CaseRequest, type CaseRow, type Envelope, type PageResult, type PersonSet } from "./wire";

export const SYSTEM = "social-insurance";

/** A decoded value, or the error for a code the tables do not know (graphql-js reports a returned Error on its field). */
export type Coded<T> = T | KuaibanError;

export interface SiEnrolment {
  insurance: Coded<CodeValue<"AAE140">>;
  insuranceCode: string;
  status: Coded<CodeValue<"AAC008">>;
  contributionStatus: Coded<CodeValue<"AAC031">>;
  since: string;
  unitNo: string;
  employer: { creditCode: string } | null;
}

export interface SiBenefit {
  kind: Coded<CodeValue<"AAA036">>;
  status: Coded<CodeValue<"AAE116">>;
  since: string;
}

export interface SiPerson {
  idNumber: string;
  personNo: string;
  name: string;
  gender: Coded<CodeValue<"AAC004">>;
  birthDate: string;
  /** Contact-point name of the division code; null for a division that is not one of the 23. */
  region: string | null;
  enrolments: SiEnrolment[];
  benefits: SiBenefit[];
}

export interface SiUnit {
  creditCode: string;
  unitNo: string;
  name: string;
  region: string | null;
}

const regionByDivision = new Map(Object.entries(divisionCodes).map(([name, code]) => [code, name]));
export const divisionOf = (region: string): string | undefined => divisionCodes[region];

/** yyyymmdd → YYYY-MM-DD */
export const isoDate = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
/** YYYY-MM-DD → yyyymmdd */
export const compactDate = (iso: string) => iso.replaceAll("-", "");

/** Platform error codes → what clients see; the platform's own wording never reaches them. */
function platformError(code: string): KuaibanError {
  switch (code) {
    case LegacyCode.PERSON_NOT_FOUND: return notFound("The social-insurance system has no record of this person");
    case LegacyCode.UNIT_NOT_FOUND: return notFound("The social-insurance system has no record of this employer");
    case LegacyCode.CASE_NOT_FOUND: return notFound("The social-insurance system has no such case");
    case LegacyCode.ALREADY_INSURED: return new KuaibanError(ErrorCode.CONFLICT, "The person is already insured by this employer");
    case LegacyCode.ALREADY_CONTRIBUTING: return new KuaibanError(ErrorCode.CONFLICT, "The person already contributes through this employer");
    case LegacyCode.NOT_CONTRIBUTING: return new KuaibanError(ErrorCode.CONFLICT, "The person does not contribute through this employer");
    case LegacyCode.NO_BENEFIT: return new KuaibanError(ErrorCode.CONFLICT, "The person draws no unemployment insurance benefit");
    default: return upstreamRejected(SYSTEM, "The social-insurance system refused the request", code);
  }
}

/**
 * The one place that knows the core platform's interface: coded fields in, Kuaiban's values out,
 * through the configured code tables. Every call goes through the LegacyClient (deadline, read
 * retries, UPSTREAM_UNAVAILABLE).
 */
export class SiAdapter {
  constructor(private readonly client: LegacyClient, readonly codes: CodeTables) {}

  private async call<T>(path: string, body: unknown, read: boolean, method: "GET" | "POST" = "POST"): Promise<T> {
    const res = await this.client.request({ method, path, body: method === "GET" ? undefined : body, read });
    let envelope: Envelope<T>;
    try {
      envelope = res.json<Envelope<T>>();
    } catch {
      throw upstreamUnavailable(SYSTEM); // not the platform's envelope: treat as an outage, say nothing of it
    }
    if (envelope.code !== LegacyCode.OK || envelope.data === null) throw platformError(envelope.code);
    return envelope.data;
  }

  private decode<T extends CodeTableName>(table: T, code: string): Coded<CodeValue<T>> {
    const d = this.codes.decode(table, code);
    return d.ok ? d.value : unknownCode(table, code);
  }

  enrolment(row: AC02Row): SiEnrolment {
    return {
      insurance: this.decode("AAE140", row.AAE140),
      insuranceCode: row.AAE140,
      status: this.decode("AAC008", row.AAC008),
      contributionStatus: this.decode("AAC031", row.AAC031),
      since: isoDate(row.AAE030),
      unitNo: row.AAB001,
      employer: row.AAB998 ? { creditCode: row.AAB998 } : null,
    };
  }

  benefit(row: AC60Row): SiBenefit {
    return { kind: this.decode("AAA036", row.AAA036), status: this.decode("AAE116", row.AAE116), since: isoDate(row.AAE030) };
  }

  person(row: AC01Row, enrolments: AC02Row[], benefits: AC60Row[]): SiPerson {
    return {
      idNumber: row.AAC002,
      personNo: row.AAC001,
      name: row.AAC003,
      gender: this.decode("AAC004", row.AAC004),
      birthDate: isoDate(row.AAC006),
      region: regionByDivision.get(row.AAB301) ?? null,
      enrolments: enrolments.map((r) => this.enrolment(r)),
      benefits: benefits.map((r) => this.benefit(r)),
    };
  }

  private people(set: PersonSet): SiPerson[] {
    const group = <R extends { AAC001: string }>(rows: R[]) => {
      const m = new Map<string, R[]>();
      for (const r of rows) m.set(r.AAC001, [...(m.get(r.AAC001) ?? []), r]);
      return m;
    };
    const ac02 = group(set.AC02);
    const ac60 = group(set.AC60);
    return set.AC01.map((p) => this.person(p, ac02.get(p.AAC001) ?? [], ac60.get(p.AAC001) ?? []));
  }

  /** One call for many people; those the platform does not know are absent from the map. */
  async persons(idNumbers: readonly string[]): Promise<Map<string, SiPerson>> {
    const set = await this.call<PersonSet>("/api/ac01/query", { AAC002: idNumbers }, true);
    return new Map(this.people(set).map((p) => [p.idNumber, p]));
  }

  async units(creditCodes: readonly string[]): Promise<Map<string, SiUnit>> {
    const { AB01 } = await this.call<{ AB01: { AAB001: string; AAB004: string; AAB998: string; AAB301: string }[] }>("/api/ab01/query", { AAB998: creditCodes }, true);
    return new Map(AB01.map((u) => [u.AAB998, { creditCode: u.AAB998, unitNo: u.AAB001, name: u.AAB004, region: regionByDivision.get(u.AAB301) ?? null }]));
  }

  async page(filter: { creditCode?: string; region?: string }, offset: number, limit: number): Promise<{ total: number; people: SiPerson[] }> {
    const result = await this.call<PageResult>("/api/ac01/page", {
      ...(filter.creditCode ? { AAB998: filter.creditCode } : {}),
      ...(filter.region ? { AAB301: divisionOf(filter.region) } : {}),
      OFFSET: offset,
      LIMIT: limit,
    }, true);
    return { total: result.TOTAL, people: this.people(result) };
  }

  /** The case recorded under a 业务流水号, if any (a retry after a lost answer finds it here). */
  async findCase(idempotencyKey: string): Promise<CaseRow | null> {
    try {
      return await this.call<CaseRow>(`/api/cases/${encodeURIComponent(idempotencyKey)}`, undefined, true, "GET");
    } catch (err) {
      if (err instanceof KuaibanError && err.code === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  }

  submitCase(req: CaseRequest): Promise<CaseRow> {
    return this.call<CaseRow>("/api/cases", req, false);
  }
}

/** The uniform receipt of a platform case. */
export function receiptOf(row: CaseRow, itemCode: string, idempotencyKey: string): ItemReceipt {
  return {
    caseNumber: row.BJBH,
    itemCode,
    system: SYSTEM,
    status: row.BLZT === "2" ? ReceiptStatus.COMPLETED : ReceiptStatus.ACCEPTED,
    acceptedAt: new Date(row.SLSJ),
    completedAt: row.BJSJ ? new Date(row.BJSJ) : null,
    idempotencyKey,
    notes: row.AAE013 ? [row.AAE013] : null,
    limitCondition: row.XSTJ && row.XSTJ !== "STANDARD" ? row.XSTJ : null,
  };
}
