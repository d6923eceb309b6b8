import { demoData } from "../../../schema/demo";
import type { CardState } from "../card-state";
import type { WireCard, WireCase, WireStatus } from "../wire";

export interface Cardholder {
  idNumber: string;
  /** Registered region (contact point): where a card is issued unless the application says otherwise. */
  region: string;
  state: CardState;
}

export interface CardTables {
  holders: Map<string, Cardholder>;
  cases: Map<string, WireCase>; // by request id (Idempotency-Key)
  caseSeq: number;
  cardSeq: number;
}

/** Seeded issue dates: spread over the years cards were issued, stable from run to run. */
function issuedAt(i: number): string {
  return new Date(Date.UTC(2015 + (i % 10), i % 12, 1 + (i % 28), 2)).toISOString();
}

/** The card system's view of the demo population: everyone, with the card the demo data gives them. */
export function seedCards(): CardTables {
  const t: CardTables = { holders: new Map(), cases: new Map(), caseSeq: 0, cardSeq: 0 };
  demoData().people.forEach((p, i) => {
    const c = p.card;
    const issued = { number: c.number, bank: c.bank ?? "", region: p.region, issuedAt: issuedAt(i) };
    const state: CardState =
      c.status === "NONE" ? { phase: "NONE" }
        : c.status === "ACTIVE" ? { phase: "ACTIVE", activatedAt: issued.issuedAt, ...issued }
        : c.status === "NOT_ACTIVATED" ? { phase: "NOT_ACTIVATED", ...issued }
        : { phase: "LOST", before: "ACTIVE", lostAt: issued.issuedAt, ...issued };
    t.holders.set(p.idNumber, { idNumber: p.idNumber, region: p.region, state });
  });
  return t;
}

const wireStatus: Record<CardState["phase"], WireStatus> = {
  NONE: "none", IN_PRODUCTION: "in_production", NOT_ACTIVATED: "not_activated", ACTIVE: "active", LOST: "lost", CANCELLED: "cancelled",
};

export function toWire(h: Cardholder): WireCard {
  const s = h.state;
  return {
    idNumber: h.idNumber,
    status: wireStatus[s.phase],
    cardNumber: "number" in s ? s.number : null,
    bank: "bank" in s ? s.bank || null : null,
    issuingRegion: "region" in s ? s.region : null,
    issuedAt: "issuedAt" in s ? s.issuedAt : null,
    readyAt: s.phase === "IN_PRODUCTION" ? s.readyAt : null,
  };
}
