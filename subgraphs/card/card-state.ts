/**
 * The life of a social security card (社会保障卡) as one union keyed by `phase`. Both the adapter
 * (to refuse an operation before any write) and the stand-in (to apply it) go through this module,
 * and every switch over a phase is exhaustive, so a new phase cannot be forgotten anywhere.
 */
export type ApplicationMode = "SINGLE" | "BATCH";

interface Issued {
  number: string;
  bank: string;
  /** The contact-point region that issued the card. */
  region: string;
  issuedAt: string;
}

export type CardState =
  | { phase: "NONE" }
  | { phase: "IN_PRODUCTION"; mode: ApplicationMode; bank: string; region: string; appliedAt: string; readyAt: string; replaces: string | null }
  | ({ phase: "NOT_ACTIVATED" } & Issued)
  | ({ phase: "ACTIVE"; activatedAt: string | null } & Issued)
  | ({ phase: "LOST"; before: "ACTIVE" | "NOT_ACTIVATED"; lostAt: string } & Issued)
  | { phase: "CANCELLED"; number: string | null; bank: string | null; region: string | null; issuedAt: string | null; cancelledAt: string };

export type CardPhase = CardState["phase"];
export const cardPhases: readonly CardPhase[] = ["NONE", "IN_PRODUCTION", "NOT_ACTIVATED", "ACTIVE", "LOST", "CANCELLED"];

/** What a person (or the production line) can do to a card; item codes in brackets. */
export type CardAction =
  | "APPLY" // 1.10.1 申领
  | "ACTIVATE" // 1.10.2 启用
  | "RESET_PASSWORD" // 1.10.6 密码修改与重置
  | "REPORT_LOSS" // 1.10.7 挂失
  | "CANCEL_LOSS_REPORT" // 1.10.7 解挂
  | "REISSUE" // 1.10.8 补领、换领、换发
  | "CANCEL"; // 1.10.9 注销

export const itemCodeOf: Record<CardAction, string> = {
  APPLY: "1.10.1", ACTIVATE: "1.10.2", RESET_PASSWORD: "1.10.6", REPORT_LOSS: "1.10.7",
  CANCEL_LOSS_REPORT: "1.10.7", REISSUE: "1.10.8", CANCEL: "1.10.9",
};

export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`unreachable case: ${JSON.stringify(value)}`);
  }
}

/** Which actions each phase allows. */
export function allowedActions(phase: CardPhase): readonly CardAction[] {
  switch (phase) {
    case "NONE": return ["APPLY"];
    case "IN_PRODUCTION": return ["CANCEL"];
    case "NOT_ACTIVATED": return ["ACTIVATE", "REPORT_LOSS", "REISSUE", "CANCEL"];
    case "ACTIVE": return ["RESET_PASSWORD", "REPORT_LOSS", "REISSUE", "CANCEL"];
    case "LOST": return ["CANCEL_LOSS_REPORT", "REISSUE", "CANCEL"];
    case "CANCELLED": return ["APPLY"];
    default: throw new UnreachableCaseError(phase);
  }
}

const phaseText: Record<CardPhase, string> = {
  NONE: "the person has no card",
  IN_PRODUCTION: "a card is being produced",
  NOT_ACTIVATED: "the card is issued but not activated",
  ACTIVE: "the person has an active card",
  LOST: "the card is reported lost",
  CANCELLED: "the card is cancelled",
};

/** Why `action` is not possible in `phase`, or null when it is. */
export function refusal(phase: CardPhase, action: CardAction): string | null {
  if (allowedActions(phase).includes(action)) return null;
  const hint = action === "APPLY" && phase !== "IN_PRODUCTION" ? " (use reissue to replace a card)" : "";
  return `Not possible: ${phaseText[phase]}${hint}`;
}

export type CardEvent =
  | { kind: "APPLY" | "REISSUE"; mode: ApplicationMode; bank: string; region: string; at: string; readyAt: string }
  | { kind: "PRODUCED"; number: string; at: string }
  | { kind: "ACTIVATE" | "RESET_PASSWORD" | "REPORT_LOSS" | "CANCEL_LOSS_REPORT" | "CANCEL"; at: string };

/** The state after an event; callers check `refusal` first, so an impossible event is a bug and throws. */
export function transition(state: CardState, event: CardEvent): CardState {
  const refuse = () => new Error(`${event.kind} in phase ${state.phase}`);
  if (event.kind === "PRODUCED") {
    if (state.phase !== "IN_PRODUCTION") throw refuse();
    return { phase: "NOT_ACTIVATED", number: event.number, bank: state.bank, region: state.region, issuedAt: event.at };
  }
  if (refusal(state.phase, event.kind) !== null) throw refuse();
  switch (event.kind) {
    case "APPLY":
    case "REISSUE":
      return {
        phase: "IN_PRODUCTION", mode: event.mode, bank: event.bank, region: event.region, appliedAt: event.at, readyAt: event.readyAt,
        replaces: "number" in state ? state.number : null,
      };
    case "ACTIVATE":
      if (state.phase !== "NOT_ACTIVATED") throw refuse();
      return { ...state, phase: "ACTIVE", activatedAt: event.at };
    case "RESET_PASSWORD":
      return state; // the card is unchanged; the case is the record
    case "REPORT_LOSS":
      if (state.phase !== "ACTIVE" && state.phase !== "NOT_ACTIVATED") throw refuse();
      return { phase: "LOST", before: state.phase, lostAt: event.at, number: state.number, bank: state.bank, region: state.region, issuedAt: state.issuedAt };
    case "CANCEL_LOSS_REPORT":
      if (state.phase !== "LOST") throw refuse();
      return state.before === "ACTIVE"
        ? { phase: "ACTIVE", activatedAt: null, number: state.number, bank: state.bank, region: state.region, issuedAt: state.issuedAt }
        : { phase: "NOT_ACTIVATED", number: state.number, bank: state.bank, region: state.region, issuedAt: state.issuedAt };
    case "CANCEL":
      return cancelled(state, event.at);
    default:
      throw new UnreachableCaseError(event);
  }
}

function cancelled(state: CardState, at: string): CardState {
  switch (state.phase) {
    case "NONE":
    case "CANCELLED":
      throw new Error(`CANCEL in phase ${state.phase}`);
    case "IN_PRODUCTION":
      return { phase: "CANCELLED", number: null, bank: state.bank, region: state.region, issuedAt: null, cancelledAt: at };
    case "NOT_ACTIVATED":
    case "ACTIVE":
    case "LOST":
      return { phase: "CANCELLED", number: state.number, bank: state.bank, region: state.region, issuedAt: state.issuedAt, cancelledAt: at };
    default:
      throw new UnreachableCaseError(state);
  }
}
