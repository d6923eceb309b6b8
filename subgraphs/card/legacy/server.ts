import { now, nowDate, nowIso, realMs } from "../../../lib/clock";
import type { IncomingMessage, ServerResponse } from "node:http";
import { divisionCodes } from "../../../schema/demo/regions";
import { refusal, transition, itemCodeOf, type ApplicationMode, type CardAction, type CardEvent } from "../card-state";
import { actionPaths, type WireCase, type WireError } from "../wire";
import { toWire, type Cardholder, type CardTables } from "./data";

export interface CardLegacyConfig {
  /** A single (零星) application where instant issuing is not available takes this long. */
  productionMs: number;
  /** A batch (批量) application goes through the batch queue and takes this long. */
  batchProductionMs: number;
  /** Contact-point regions whose service halls print cards on the spot (立等可取) for single applications. */
  instantRegions: string[];
}

const MAX_BATCH = 500;
const DEFAULT_BANK = "中国工商银行";

class HttpError extends Error {
  constructor(readonly status: number, readonly code: WireError["error"]["code"], message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* below */ }
  throw new HttpError(400, "BAD_REQUEST", "body must be a JSON object");
}

const compactDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");

/**
 * The card system's REST interface. Writes are deduplicated by `Idempotency-Key`; production runs
 * on the system's own timers (immediately where the region issues on the spot), and the card
 * resource shows its progress.
 */
export function cardHandler(t: CardTables, cfg: CardLegacyConfig, timers: Set<NodeJS.Timeout>) {
  const produce = (holder: Cardholder, appliedAt: string) => {
    const s = holder.state;
    if (s.phase !== "IN_PRODUCTION" || s.appliedAt !== appliedAt) return; // cancelled or replaced meanwhile
    t.cardSeq++;
    // made when it was due (a look after a long pause of the stand-in's timer finds it made then)
    const at = new Date(Math.min(now(), Date.parse(s.readyAt ?? nowIso()))).toISOString();
    const number = `${(divisionCodes[s.region] ?? "1400").slice(0, 4)}${String(90000000 + t.cardSeq)}`;
    holder.state = transition(s, { kind: "PRODUCED", number, at });
    for (const c of t.cases.values()) {
      if (c.idNumber === holder.idNumber && c.status === "in_production") Object.assign(c, { status: "completed", completedAt: at });
    }
  };

  /**
   * Runs `fn` once the system's clock shows `due`. A timer waits real time and may fire a little
   * early (on a fast clock one real millisecond is minutes), so it is set again for what is left.
   */
  const atClockTime = (due: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (now() < due) atClockTime(due, fn);
      else fn();
    }, Math.min(Math.max(1, realMs(due - now())), 2 ** 31 - 1));
    timer.unref();
    timers.add(timer);
  };

  const act = async (req: IncomingMessage, action: CardAction) => {
    const key = req.headers["idempotency-key"];
    if (typeof key !== "string" || key.length < 8) throw new HttpError(400, "BAD_REQUEST", "Idempotency-Key header is required");
    const seen = t.cases.get(key);
    if (seen) return { status: 200, body: { case: seen, card: t.holders.get(seen.idNumber) ? toWire(t.holders.get(seen.idNumber)!) : null } };
    const body = await readJson(req);
    const idNumber = body.idNumber;
    if (typeof idNumber !== "string") throw new HttpError(400, "BAD_REQUEST", "idNumber is required");
    const holder = t.holders.get(idNumber);
    if (!holder) throw new HttpError(404, "PERSON_NOT_FOUND", "no such person");
    const refused = refusal(holder.state.phase, action);
    if (refused) throw new HttpError(409, "INVALID_STATE", refused);
    const now = nowDate();
    const at = now.toISOString();
    let status: WireCase["status"] = "completed";
    if (action === "APPLY" || action === "REISSUE") {
      const mode: ApplicationMode = body.mode === "batch" ? "BATCH" : "SINGLE";
      const region = typeof body.region === "string" ? body.region : holder.region;
      if (!divisionCodes[region]) throw new HttpError(400, "BAD_REQUEST", "unknown issuing region");
      const current = holder.state;
      const bank = typeof body.bank === "string" ? body.bank : ("bank" in current && current.bank) || DEFAULT_BANK;
      const instant = mode === "SINGLE" && cfg.instantRegions.includes(region);
      const delay = instant ? 0 : mode === "BATCH" ? cfg.batchProductionMs : cfg.productionMs;
      const event: CardEvent = { kind: action, mode, bank, region, at, readyAt: new Date(now.getTime() + delay).toISOString() };
      holder.state = transition(holder.state, event);
      if (instant) produce(holder, at);
      else {
        status = "in_production";
        // production runs on the system's clock (a fast clock replays months); reads also settle what is due
        atClockTime(Date.parse(event.readyAt!), () => produce(holder, at));
      }
    } else {
      holder.state = transition(holder.state, { kind: action, at });
    }
    t.caseSeq++;
    const record: WireCase = {
      caseNumber: `SBK${compactDay(now)}${String(t.caseSeq).padStart(6, "0")}`,
      requestId: key, itemCode: itemCodeOf[action], action, idNumber, status,
      acceptedAt: at, completedAt: status === "completed" ? at : null,
    };
    t.cases.set(key, record);
    return { status: 201, body: { case: record, card: toWire(holder) } };
  };

  /** Cards whose production time has come are made (in case a timer has not fired yet). */
  const settleDue = () => {
    const at = now();
    for (const h of t.holders.values()) {
      if (h.state.phase === "IN_PRODUCTION" && h.state.readyAt && Date.parse(h.state.readyAt) <= at) produce(h, h.state.appliedAt);
    }
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://card.local");
      if (req.method === "GET") settleDue();
      const path = url.pathname;
      try {
        if (req.method === "GET" && path === "/v1/cards") {
          const ids = (url.searchParams.get("idNumbers") ?? "").split(",").filter(Boolean);
          if (ids.length > MAX_BATCH) throw new HttpError(400, "BAD_REQUEST", `at most ${MAX_BATCH} idNumbers`);
          return send(res, 200, { cards: ids.flatMap((id) => (t.holders.has(id) ? [toWire(t.holders.get(id)!)] : [])) });
        }
        const action = (Object.keys(actionPaths) as CardAction[]).find((a) => actionPaths[a] === path);
        if (req.method === "POST" && action) {
          const { status, body } = await act(req, action);
          return send(res, status, body);
        }
        const caseMatch = /^\/v1\/cases\/([^/]+)$/.exec(path);
        if (req.method === "GET" && caseMatch) {
          const c = t.cases.get(decodeURIComponent(caseMatch[1]!));
          if (!c) throw new HttpError(404, "NOT_FOUND", "no such case");
          return send(res, 200, { case: c });
        }
        if (req.method === "GET" && path === "/v1/config") {
          return send(res, 200, { instantIssueRegions: cfg.instantRegions, productionMs: cfg.productionMs, batchProductionMs: cfg.batchProductionMs });
        }
        if (req.method === "GET" && path === "/v1/production-queue") {
          const items = [...t.holders.values()].flatMap((h) => (h.state.phase === "IN_PRODUCTION"
            ? [{ idNumber: h.idNumber, mode: h.state.mode.toLowerCase(), region: h.state.region, appliedAt: h.state.appliedAt, readyAt: h.state.readyAt }]
            : []));
          return send(res, 200, { items });
        }
        throw new HttpError(404, "NOT_FOUND", "no such resource");
      } catch (err) {
        if (err instanceof HttpError) return send(res, err.status, { error: { code: err.code, message: err.message } } satisfies WireError);
        send(res, 500, { error: { code: "INTERNAL", message: "internal error" } } satisfies WireError);
      }
    })();
  };
}
