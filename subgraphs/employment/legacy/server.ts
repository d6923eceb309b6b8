import { now as clockNow, nowDate } from "../../../lib/clock";
import type { IncomingMessage, ServerResponse } from "node:http";
import { contactPoints } from "../../../schema/catalogue";
import { buildEnvelope, buildFault, operationOfAction, parseEnvelope, SoapProtocolError, text, type SoapFields } from "../soap";
import { nextCardNumber, nextCaseNumber, seedEmployment, type JyCase, type JyRecord, type JyTables } from "./data";
import { wsdl } from "./wsdl";

/**
 * Stand-in for the province's employment service system (就业服务系统): a SOAP 1.1 web service at
 * POST / with `Content-Type: text/xml` and a `SOAPAction` header, its WSDL at `GET /?wsdl`.
 * Business refusals are `soap:Client` faults with the system's error code (错误代码) in
 * `detail/jy:Ywcw/jy:Cwdm`; every fault is sent with HTTP 500, as SOAP 1.1 requires.
 *
 * Error codes: JY0001 请求格式错误, JY1001 查无此人, JY1002 单位不存在, JY1003 地区不存在,
 * JY2001 已在该单位就业登记, JY2002 已办理失业登记, JY2003 已领取《就业创业证》, JY2004 非高校毕业生,
 * JY2005 事项编码无效, JY9001 业务流水号已用于其他业务.
 */
const MAX_BODY = 1 << 20;
const MAX_QUERY = 500;
const regions = new Set(contactPoints.map((c) => c.name));

class JyFault extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** yyyyMMddHHmmss in Beijing time, the service's timestamp format. */
export function legacyTimestamp(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const flag = (b: boolean) => (b ? "1" : "0");
const DAY_RE = /^\d{8}$/;

function required(fields: Record<string, unknown>, name: string): string {
  const v = text(fields, name);
  if (!v) throw new JyFault("JY0001", `缺少必填项 ${name}`);
  return v;
}

function day(fields: Record<string, unknown>, name: string): string {
  const v = required(fields, name);
  if (!DAY_RE.test(v)) throw new JyFault("JY0001", `${name} 应为 yyyyMMdd`);
  return v;
}

function personRecord(r: JyRecord | undefined, sfzh: string): SoapFields {
  if (!r) return { Sfzh: sfzh, Cxjg: "0" };
  return {
    Sfzh: r.sfzh, Cxjg: "1", Jyzt: r.jyzt, Dwxydm: r.dwxydm, Djrq: r.djrq, Djdq: r.djdq, Jycyzbh: r.jycyzbh,
    Jykn: flag(r.jykn), Gxbys: flag(r.gxbys), Djlsh: r.djlsh, Sydjzzrq: r.sydjzzrq,
  };
}

function caseFields(c: JyCase): SoapFields {
  return {
    Bjbh: c.bjbh, Sxbm: c.sxbm, Ywlsh: c.ywlsh, Bjzt: c.bjzt, Slsj: legacyTimestamp(c.slsj),
    Bjsj: c.bjsj ? legacyTimestamp(c.bjsj) : "", Bz: c.bz,
  };
}

export function employmentHandler(tables: JyTables = seedEmployment()) {
  const person = (sfzh: string) => {
    const r = tables.people.get(sfzh);
    if (!r) throw new JyFault("JY1001", "查无此人");
    return r;
  };
  const employerRegion = (dwxydm: string) => {
    const region = tables.employers.get(dwxydm);
    if (!region) throw new JyFault("JY1002", "单位不存在");
    return region;
  };
  const region = (fields: Record<string, unknown>, fallback: string) => {
    const v = text(fields, "Djdq") || fallback;
    if (!regions.has(v)) throw new JyFault("JY1003", "地区不存在");
    return v;
  };

  /**
   * The 流水号 makes every write happen once: a repeat returns the case already made; the same
   * 流水号 for something else is refused. Checks and effects run only for a new 流水号.
   */
  function once(fields: Record<string, unknown>, sxbm: string, act: (now: Date) => { sfzh?: string; dwxydm?: string; region: string; done: boolean; bz?: string }): JyCase {
    const ywlsh = required(fields, "Ywlsh");
    const qqzy = sxbm + "|" + JSON.stringify(fields, Object.keys(fields).sort());
    const seen = tables.cases.get(ywlsh);
    if (seen) {
      if (seen.qqzy !== qqzy) throw new JyFault("JY9001", "业务流水号已用于其他业务");
      return seen;
    }
    const now = nowDate();
    const effect = act(now);
    const c: JyCase = {
      bjbh: nextCaseNumber(tables, effect.region, now), sxbm, ywlsh, qqzy, sfzh: effect.sfzh ?? "", dwxydm: effect.dwxydm ?? "",
      bjzt: effect.done ? "2" : "1", slsj: now, bjsj: effect.done ? now : null, bz: effect.bz ?? "",
    };
    tables.cases.set(ywlsh, c);
    if (!effect.done) tables.due.set(ywlsh, now.getTime() + tables.duration(sxbm, c.bjbh));
    return c;
  }

  /** A case as it stands now: an accepted one whose time has come is completed (办结) at that time. */
  function caseNow(ywlsh: string): JyCase | undefined {
    const c = tables.cases.get(ywlsh);
    const due = tables.due.get(ywlsh);
    if (c && c.bjzt === "1" && due !== undefined && clockNow() >= due) {
      Object.assign(c, { bjzt: "2", bjsj: new Date(due) });
      tables.due.delete(ywlsh);
    }
    return c;
  }

  const operations: Record<string, (f: Record<string, unknown>) => SoapFields> = {
    QueryPersons(f) {
      const ids = Array.isArray(f.Sfzh) ? f.Sfzh.map(String) : [];
      if (ids.length === 0 || ids.length > MAX_QUERY) throw new JyFault("JY0001", `Sfzh 应为 1-${MAX_QUERY} 个`);
      return { Ryxx: ids.map((id) => personRecord(tables.people.get(id), id)) };
    },
    RegisterEmployment(f) {
      const c = once(f, "2.4.2", () => {
        const r = person(required(f, "Sfzh"));
        const dwxydm = required(f, "Dwxydm");
        const djdq = region(f, employerRegion(dwxydm));
        const jyrq = day(f, "Jyrq");
        if (r.jyzt === "1" && r.dwxydm === dwxydm) throw new JyFault("JY2001", "已在该单位办理就业登记");
        const notes: string[] = [];
        if (r.jyzt === "2") { notes.push(`同时终止失业登记（登记日期 ${r.djrq}）`); r.sydjzzrq = jyrq; }
        if (r.jyzt === "1") notes.push(`原就业登记（单位 ${r.dwxydm}）同时终止`);
        Object.assign(r, { jyzt: "1", dwxydm, djrq: jyrq, djdq, djlsh: text(f, "Ywlsh") });
        return { sfzh: r.sfzh, dwxydm, region: djdq, done: true, bz: notes.join("；") };
      });
      return { Bjxx: [caseFields(c)] };
    },
    RegisterUnemployment(f) {
      const c = once(f, "2.4.1", () => {
        const r = person(required(f, "Sfzh"));
        const djdq = region(f, r.djdq);
        const sydjrq = day(f, "Sydjrq");
        if (r.jyzt === "2") throw new JyFault("JY2002", "已办理失业登记");
        const bz = r.jyzt === "1" ? `原就业登记（单位 ${r.dwxydm}）同时终止` : "";
        Object.assign(r, { jyzt: "2", dwxydm: "", djrq: sydjrq, djdq, djlsh: text(f, "Ywlsh") });
        return { sfzh: r.sfzh, region: djdq, done: true, bz };
      });
      return { Bjxx: [caseFields(c)] };
    },
    IssueEmploymentCard(f) {
      const c = once(f, "2.4.3", (now) => {
        const r = person(required(f, "Sfzh"));
        if (r.jycyzbh) throw new JyFault("JY2003", "已领取《就业创业证》");
        r.jycyzbh = nextCardNumber(tables, r.djdq, now);
        return { sfzh: r.sfzh, region: r.djdq, done: true, bz: `证号 ${r.jycyzbh}` };
      });
      return { Bjxx: [caseFields(c)] };
    },
    AcceptGraduate(f) {
      const c = once(f, "2.7.1", () => {
        const r = person(required(f, "Sfzh"));
        const dwxydm = required(f, "Dwxydm");
        const djdq = employerRegion(dwxydm);
        day(f, "Bdrq");
        if (!r.gxbys) throw new JyFault("JY2004", "非待接收高校毕业生");
        Object.assign(r, { jsdwxydm: dwxydm, gxbys: false });
        return { sfzh: r.sfzh, dwxydm, region: djdq, done: true };
      });
      return { Bjxx: [caseFields(c)] };
    },
    QueryCase(f) {
      const c = caseNow(required(f, "Ywlsh"));
      if (!c) throw new JyFault("JY1004", "办件不存在");
      return { Bjxx: [caseFields(c)] };
    },
    AcceptCase(f) {
      const c = once(f, required(f, "Sxbm"), () => {
        const sxbm = text(f, "Sxbm");
        if (!/^2\.\d+\.\d+$/.test(sxbm)) throw new JyFault("JY2005", "事项编码无效");
        const sfzh = text(f, "Sfzh");
        const dwxydm = text(f, "Dwxydm");
        if (!sfzh && !dwxydm) throw new JyFault("JY0001", "Sfzh 与 Dwxydm 至少填一项");
        const r = sfzh ? person(sfzh) : undefined;
        const unitRegion = dwxydm ? employerRegion(dwxydm) : undefined;
        return { sfzh, dwxydm, region: r?.djdq ?? unitRegion ?? "省本级", done: false };
      });
      return { Bjxx: [caseFields(c)] };
    },
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, xml: string) => {
      res.writeHead(status, { "content-type": "text/xml; charset=utf-8" });
      res.end(xml);
    };
    const fault = (faultcode: string, faultstring: string, legacyCode?: string) => send(500, buildFault({ faultcode, faultstring, legacyCode }));
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method === "GET" && url.searchParams.has("wsdl")) return send(200, wsdl(`http://${req.headers.host ?? "localhost"}/`));
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    if (!/^text\/xml\b/i.test(req.headers["content-type"] ?? "")) {
      res.writeHead(415, { "content-type": "text/plain; charset=utf-8" }).end("SOAP 1.1 requires Content-Type: text/xml");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      let op: string;
      let fields: Record<string, unknown>;
      try {
        const parsed = parseEnvelope(Buffer.concat(chunks).toString("utf8"));
        if (parsed.kind !== "body") return fault("soap:Client", "请求不能是 Fault");
        op = parsed.element;
        fields = parsed.fields;
      } catch (err) {
        const versionMismatch = err instanceof SoapProtocolError && err.message.includes("VersionMismatch");
        return fault(versionMismatch ? "soap:VersionMismatch" : "soap:Client", err instanceof SoapProtocolError ? err.message : "malformed request");
      }
      const action = operationOfAction(req.headers.soapaction as string | undefined);
      if (action === undefined) return fault("soap:Client", "缺少或无效的 SOAPAction");
      if (action !== op || !Object.hasOwn(operations, op)) return fault("soap:Client", `未知操作 ${action}`);
      try {
        send(200, buildEnvelope(`${op}Response`, operations[op]!(fields)));
      } catch (err) {
        if (err instanceof JyFault) return fault("soap:Client", err.message, err.code);
        fault("soap:Server", "系统内部错误");
      }
    });
  };
}
