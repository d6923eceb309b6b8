import { now as clockNow, nowDate } from "../../../lib/clock";
import express, { type NextFunction, type Request, type Response } from "express";
import { beijingIso, nextCaseNo, nextFilingNo, seedLaborRelations, type Filing, type LrCase, type LrTables } from "./data";

/**
 * Stand-in for the labour-relations system (劳动用工备案系统): plain REST/JSON.
 *
 *   GET  /employers/:creditCode               200 { creditCode } | 404
 *   GET  /filings?employer=&status=&page=&size=   one page of an employer's filings, newest first
 *   POST /filings/lookup   { idNumbers }        every filing of each person, in one call
 *   POST /filings          { serialNo, employerCreditCode, idNumber, contractType, startDate, endDate }
 *   POST /filings/terminations { serialNo, employerCreditCode, idNumber, endDate, reason }
 *   POST /cases            { serialNo, itemCode, idNumber?, employerCreditCode?, content? }
 *   GET  /cases/:serialNo    the case as it stands (ACCEPTED or DONE) | 404 LR-404-03
 *
 * Writes carry a serial number (流水号): the same one again returns the first answer; the same
 * one for a different request is refused. Errors: `{ error: { code, message } }` with 400 (LR-400
 * bad request), 404 (LR-404-01 unknown employer, LR-404-02 no filing), 409 (LR-409-01 active
 * filing exists, LR-409-02 filing already terminated, LR-409-09 serial number reused).
 */
const MAX_LOOKUP = 500;
const MAX_PAGE = 100;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** JSON with keys sorted at every level, so equal requests compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

class LrError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

const str = (v: unknown, name: string, optional = false): string => {
  if (typeof v === "string" && v !== "") return v;
  if (optional && (v === undefined || v === null || v === "")) return "";
  throw new LrError(400, "LR-400", `${name} is required`);
};
const date = (v: unknown, name: string, optional = false): string | null => {
  const s = str(v, name, optional);
  if (!s) return null;
  if (!DATE_RE.test(s)) throw new LrError(400, "LR-400", `${name} must be YYYY-MM-DD`);
  return s;
};

export function laborRelationsApp(t: LrTables = seedLaborRelations()) {
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "1mb" }));

  /** Serial-number deduplication around a write: the effect runs only for a new serial number. */
  function once(body: Record<string, unknown>, itemCode: string, act: (now: Date) => { filing: Filing | null; done: boolean }): { case: LrCase; filing: Filing | null } {
    const serialNo = str(body.serialNo, "serialNo");
    const request = canonical({ ...body, itemCode, serialNo: undefined });
    const seen = t.cases.get(serialNo);
    if (seen) {
      if (seen.request !== request) throw new LrError(409, "LR-409-09", "serial number already used for another request");
      return { case: seen, filing: t.filings.find((f) => f.filingNo === seen.filingNo) ?? null };
    }
    const now = nowDate();
    const { filing, done } = act(now);
    const c: LrCase = {
      caseNo: nextCaseNo(t, now), itemCode, serialNo, request, status: done ? "DONE" : "ACCEPTED",
      acceptedAt: beijingIso(now), completedAt: done ? beijingIso(now) : null, filingNo: filing?.filingNo ?? null,
    };
    t.cases.set(serialNo, c);
    if (!done) t.due.set(serialNo, now.getTime() + t.duration(itemCode, c.caseNo));
    return { case: c, filing };
  }

  /** A case as it stands now: an accepted one whose time has come is completed (办结) at that time. */
  function caseNow(serialNo: string): LrCase {
    const c = t.cases.get(serialNo);
    if (!c) throw new LrError(404, "LR-404-03", "no case with this serial number");
    const due = t.due.get(serialNo);
    if (c.status === "ACCEPTED" && due !== undefined && clockNow() >= due) {
      Object.assign(c, { status: "DONE", completedAt: beijingIso(new Date(due)) });
      t.due.delete(serialNo);
    }
    return c;
  }

  const knownEmployer = (creditCode: string) => {
    if (!t.employers.has(creditCode)) throw new LrError(404, "LR-404-01", "employer not registered");
  };
  const publicCase = ({ request: _r, ...c }: LrCase) => c;

  app.get("/employers/:creditCode", (req, res) => {
    knownEmployer(req.params.creditCode);
    res.json({ creditCode: req.params.creditCode });
  });

  app.get("/filings", (req, res) => {
    const employer = str(req.query.employer, "employer");
    const page = Math.max(1, Number(req.query.page ?? 1) || 1);
    const size = Math.min(MAX_PAGE, Math.max(1, Number(req.query.size ?? 20) || 20));
    const status = typeof req.query.status === "string" ? req.query.status : undefined;
    const all = t.filings
      .filter((f) => f.employerCreditCode === employer && (!status || f.status === status))
      .sort((a, b) => (a.filedAt < b.filedAt ? 1 : a.filedAt > b.filedAt ? -1 : a.filingNo < b.filingNo ? 1 : -1));
    res.json({ page, size, total: all.length, items: all.slice((page - 1) * size, page * size) });
  });

  app.post("/filings/lookup", (req, res) => {
    const ids = req.body?.idNumbers;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_LOOKUP) throw new LrError(400, "LR-400", `idNumbers: 1-${MAX_LOOKUP} ID numbers`);
    const wanted = new Set(ids.map(String));
    const byPerson = new Map<string, Filing[]>([...wanted].map((id) => [id, []]));
    for (const f of t.filings) if (wanted.has(f.idNumber)) byPerson.get(f.idNumber)!.push(f);
    res.json({ results: [...byPerson].map(([idNumber, filings]) => ({ idNumber, filings })) });
  });

  app.post("/filings", (req, res) => {
    const b = req.body as Record<string, unknown>;
    const result = once(b, "4.1.1", (now) => {
      const employerCreditCode = str(b.employerCreditCode, "employerCreditCode");
      const idNumber = str(b.idNumber, "idNumber");
      const contractType = str(b.contractType, "contractType");
      if (!["01", "02", "03"].includes(contractType)) throw new LrError(400, "LR-400", "contractType must be 01, 02 or 03");
      const startDate = date(b.startDate, "startDate")!;
      const endDate = date(b.endDate, "endDate", contractType !== "01");
      knownEmployer(employerCreditCode);
      if (t.filings.some((f) => f.idNumber === idNumber && f.employerCreditCode === employerCreditCode && f.status === "FILED")) {
        throw new LrError(409, "LR-409-01", "an active filing exists");
      }
      const filing: Filing = {
        filingNo: nextFilingNo(t, beijingIso(now).slice(0, 4)), employerCreditCode, idNumber, contractType: contractType as Filing["contractType"],
        startDate, endDate, status: "FILED", filedAt: beijingIso(now), terminatedOn: null, serialNo: str(b.serialNo, "serialNo"), terminationSerialNo: null,
      };
      t.filings.push(filing);
      return { filing, done: true };
    });
    res.status(201).json({ case: publicCase(result.case), filing: result.filing });
  });

  app.post("/filings/terminations", (req, res) => {
    const b = req.body as Record<string, unknown>;
    const result = once(b, "4.1.1", () => {
      const employerCreditCode = str(b.employerCreditCode, "employerCreditCode");
      const idNumber = str(b.idNumber, "idNumber");
      const endDate = date(b.endDate, "endDate")!;
      str(b.reason, "reason");
      knownEmployer(employerCreditCode);
      const mine = t.filings.filter((f) => f.idNumber === idNumber && f.employerCreditCode === employerCreditCode);
      if (mine.length === 0) throw new LrError(404, "LR-404-02", "no filing of this person by this employer");
      const active = mine.find((f) => f.status === "FILED");
      if (!active) throw new LrError(409, "LR-409-02", "filing already terminated");
      Object.assign(active, { status: "TERMINATED", terminatedOn: endDate, terminationSerialNo: str(b.serialNo, "serialNo") });
      return { filing: active, done: true };
    });
    res.status(201).json({ case: publicCase(result.case), filing: result.filing });
  });

  app.get("/cases/:serialNo", (req, res) => {
    res.json({ case: publicCase(caseNow(req.params.serialNo)) });
  });

  app.post("/cases", (req, res) => {
    const b = req.body as Record<string, unknown>;
    const result = once(b, str(b.itemCode, "itemCode"), () => {
      if (!/^4\.\d+\.\d+$/.test(String(b.itemCode))) throw new LrError(400, "LR-400", "itemCode is not a labour-relations item");
      const employerCreditCode = str(b.employerCreditCode, "employerCreditCode", true);
      if (!employerCreditCode && !str(b.idNumber, "idNumber", true)) throw new LrError(400, "LR-400", "idNumber or employerCreditCode is required");
      if (employerCreditCode) knownEmployer(employerCreditCode);
      return { filing: null, done: false };
    });
    res.status(201).json({ case: publicCase(result.case) });
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof LrError) res.status(err.status).json({ error: { code: err.code, message: err.message } });
    else if ((err as { type?: string })?.type === "entity.parse.failed") res.status(400).json({ error: { code: "LR-400", message: "malformed JSON" } });
    else res.status(500).json({ error: { code: "LR-500", message: "internal error" } });
  });
  return app;
}
