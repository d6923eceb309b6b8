import { ErrorCode, KuaibanError, notFound, upstreamUnavailable } from "../../lib/errors";
import { LegacyClient, upstreamRejected, type LegacyResponse } from "../../lib/legacy-client";
import { ReceiptStatus, type ItemReceipt } from "../../lib/receipt.type";
import type { ApplicationMode, CardAction, CardPhase } from "./card-state";
import { actionPaths, type WireCard, type WireCase, type WireError, type WireStatus } from "./wire";

export const SYSTEM = "card";

export interface CardView {
  idNumber: string;
  phase: CardPhase;
  number: string | null;
  bank: string | null;
  region: string | null;
  issuedAt: Date | null;
  readyAt: Date | null;
}

const phaseOf: Record<WireStatus, CardPhase> = {
  none: "NONE", in_production: "IN_PRODUCTION", not_activated: "NOT_ACTIVATED", active: "ACTIVE", lost: "LOST", cancelled: "CANCELLED",
};

export function toView(w: WireCard): CardView {
  const phase = phaseOf[w.status];
  if (!phase) throw new KuaibanError(ErrorCode.INTERNAL_SERVER_ERROR, "The card system answered with a card status Kuaiban does not know", { system: SYSTEM, legacyCode: String(w.status) });
  return {
    idNumber: w.idNumber, phase, number: w.cardNumber, bank: w.bank, region: w.issuingRegion,
    issuedAt: w.issuedAt ? new Date(w.issuedAt) : null, readyAt: w.readyAt ? new Date(w.readyAt) : null,
  };
}

export function receiptOf(c: WireCase, idempotencyKey: string): ItemReceipt {
  const status = c.status === "completed" ? ReceiptStatus.COMPLETED : c.status === "in_production" ? ReceiptStatus.IN_PRODUCTION : ReceiptStatus.ACCEPTED;
  return {
    caseNumber: c.caseNumber, itemCode: c.itemCode, system: SYSTEM, status,
    acceptedAt: new Date(c.acceptedAt), completedAt: c.completedAt ? new Date(c.completedAt) : null, idempotencyKey,
  };
}

/** The card system's refusals, reworded; its own messages stay inside. */
function refusalOf(res: LegacyResponse): KuaibanError {
  let code: string | undefined;
  try { code = res.json<WireError>().error?.code; } catch { /* not the system's error shape */ }
  if (res.status === 404 && code === "PERSON_NOT_FOUND") return notFound("The card system has no record of this person");
  if (res.status === 409) return new KuaibanError(ErrorCode.CONFLICT, "The card's current status does not allow this");
  return upstreamRejected(SYSTEM, "The card system refused the request", code ?? String(res.status));
}

function parse<T>(res: LegacyResponse): T {
  try {
    return res.json<T>();
  } catch {
    throw upstreamUnavailable(SYSTEM);
  }
}

/** The one place that knows the card system's REST interface. */
export class CardAdapter {
  constructor(private readonly client: LegacyClient) {}

  /** One call for many people; people the system does not know are absent. */
  async cards(idNumbers: readonly string[]): Promise<Map<string, CardView>> {
    const res = await this.client.request({ method: "GET", path: `/v1/cards?idNumbers=${idNumbers.map(encodeURIComponent).join(",")}`, read: true });
    if (res.status !== 200) throw refusalOf(res);
    return new Map(parse<{ cards: WireCard[] }>(res).cards.map((w) => [w.idNumber, toView(w)]));
  }

  async card(idNumber: string): Promise<CardView> {
    const found = (await this.cards([idNumber])).get(idNumber);
    if (!found) throw notFound("The card system has no record of this person");
    return found;
  }

  /** The case the system holds under a request id, if any (a retry after a lost answer finds it here). */
  async findCase(idempotencyKey: string): Promise<WireCase | null> {
    const res = await this.client.request({ method: "GET", path: `/v1/cases/${encodeURIComponent(idempotencyKey)}`, read: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw refusalOf(res);
    return parse<{ case: WireCase }>(res).case;
  }

  async act(idNumber: string, action: CardAction, idempotencyKey: string, body: { mode?: ApplicationMode; region?: string; bank?: string; reason?: string } = {}): Promise<WireCase> {
    const res = await this.client.request({
      method: "POST", path: actionPaths[action], read: false,
      headers: { "idempotency-key": idempotencyKey },
      body: { idNumber, ...body, ...(body.mode ? { mode: body.mode.toLowerCase() } : {}) },
    });
    if (res.status !== 200 && res.status !== 201) throw refusalOf(res);
    return parse<{ case: WireCase }>(res).case;
  }

  async instantRegions(): Promise<string[]> {
    const res = await this.client.request({ method: "GET", path: "/v1/config", read: true });
    if (res.status !== 200) throw refusalOf(res);
    return parse<{ instantIssueRegions: string[] }>(res).instantIssueRegions;
  }
}
