import { now as clockNow, nowDate } from "../../../lib/clock";
import express from "express";
import { contactPoints } from "../../../schema/catalogue";
import { keeperOf, nextNumber, rsTimestamp, seedPersonnel, type RsCase, type RsTables } from "./data";

/**
 * Stand-in for the personnel system (人事档案与事业单位管理系统). Its in-house convention:
 *
 * - every call is `POST /rsda/api/<verb>` with a JSON body; field names are snake_case pinyin
 *   initials (sfzh 身份证号, dwxydm 单位信用代码, dawz 档案位置, dabgdq 档案保管地区, jsrq 接收日期,
 *   sfdy 是否党员, dzzgx 党组织关系, lsh 流水号, sxbm 事项编码, bjbh 办件编号, bjzt 办件状态, slsj 受理时间,
 *   bjsj 办结时间, babh 备案编号, gwmc 岗位名称, pyrq 聘用日期, dwlx 单位类型);
 * - flags are "1"/"0", dates `yyyy-MM-dd`, times `yyyy-MM-dd HH:mm:ss` Beijing time;
 * - every answer is HTTP 200 with `{ code, msg, data }`: code "0000" is success, anything else a
 *   refusal (0400 参数错误, 1001 无此人档案, 1002 单位不存在, 2001 非党员, 2002 非事业单位,
 *   2003 档案已在转入机构, 2004 已在该党组织, 2005 已备案, 9001 流水号已用于其他业务);
 * - writes carry a 流水号 (lsh); the same lsh again returns the first answer.
 *
 * Verbs: dacx 档案查询 {sfzh_list}, dazd 档案转递 {lsh,sfzh,zrdq}, dyzj 党员组织关系接转
 * {lsh,sfzh,zrdzz}, dwcx 单位查询 {dwxydm}, pyba 事业单位拟聘用人员备案 {lsh,dwxydm,sfzh,gwmc,pyrq},
 * pybacx 备案查询 {dwxydm_list}, bj 通用办件 {lsh,sxbm,sfzh?,dwxydm?,nr?}.
 */
const MAX_QUERY = 500;
const regions = new Set(contactPoints.map((c) => c.name));

class RsRefusal extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

type Body = Record<string, unknown>;
const str = (b: Body, name: string, optional = false): string => {
  const v = b[name];
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (optional && (v === undefined || v === null || v === "")) return "";
  throw new RsRefusal("0400", `参数 ${name} 缺失`);
};
const day = (b: Body, name: string) => {
  const v = str(b, name);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new RsRefusal("0400", `参数 ${name} 应为 yyyy-MM-dd`);
  return v;
};
const list = (b: Body, name: string): string[] => {
  const v = b[name];
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_QUERY) throw new RsRefusal("0400", `参数 ${name} 应为 1-${MAX_QUERY} 项`);
  return v.map(String);
};

export function personnelApp(t: RsTables = seedPersonnel()) {
  const archive = (sfzh: string) => {
    const a = t.archives.get(sfzh);
    if (!a) throw new RsRefusal("1001", "无此人档案");
    return a;
  };
  const unit = (dwxydm: string) => {
    const u = t.units.get(dwxydm);
    if (!u) throw new RsRefusal("1002", "单位不存在");
    return u;
  };

  /** 流水号 deduplication: the effect runs only for a new lsh. */
  function once(b: Body, sxbm: string, act: () => { done: boolean; extra?: Body }): Body {
    const lsh = str(b, "lsh");
    const qqzy = sxbm + JSON.stringify(b, Object.keys(b).sort());
    const seen = t.cases.get(lsh);
    if (seen) {
      if (seen.qqzy !== qqzy) throw new RsRefusal("9001", "流水号已用于其他业务");
      return publicCase(seen);
    }
    const now = nowDate();
    const { done, extra } = act();
    const c: RsCase = { bjbh: nextNumber(t, "RS", now), sxbm, lsh, qqzy, bjzt: done ? "1" : "0", slsj: rsTimestamp(now), bjsj: done ? rsTimestamp(now) : "", extra };
    t.cases.set(lsh, c);
    if (!done) t.due.set(lsh, now.getTime() + t.duration(sxbm, c.bjbh));
    return publicCase(c);
  }

  /** A case as it stands now: an accepted one whose time has come is completed (办结) at that time. */
  function caseNow(lsh: string): RsCase {
    const c = t.cases.get(lsh);
    if (!c) throw new RsRefusal("1003", "办件不存在");
    const due = t.due.get(lsh);
    if (c.bjzt === "0" && due !== undefined && clockNow() >= due) {
      Object.assign(c, { bjzt: "1", bjsj: rsTimestamp(new Date(due)) });
      t.due.delete(lsh);
    }
    return c;
  }
  const publicCase = ({ qqzy: _q, extra, ...c }: RsCase): Body => ({ ...c, ...extra });

  const verbs: Record<string, (b: Body) => unknown> = {
    dacx: (b) => list(b, "sfzh_list").map((sfzh) => {
      const a = t.archives.get(sfzh);
      if (!a) return { sfzh, cxjg: "0" };
      const { zdlsh, dylsh, ...shown } = a;
      return { ...shown, cxjg: "1", zd_lsh: zdlsh, dy_lsh: dylsh };
    }),
    dwcx: (b) => {
      const dwxydm = str(b, "dwxydm");
      return { dwxydm, ...unit(dwxydm) };
    },
    pybacx: (b) => list(b, "dwxydm_list").map((dwxydm) => ({
      dwxydm,
      ba_list: t.filings.filter((f) => f.dwxydm === dwxydm).map(({ lsh: _l, ...f }) => f),
    })),
    dazd: (b) => once(b, "3.4.1", () => {
      const a = archive(str(b, "sfzh"));
      const zrdq = str(b, "zrdq");
      if (!regions.has(zrdq)) throw new RsRefusal("0400", "转入地区无效");
      if (a.dabgdq === zrdq) throw new RsRefusal("2003", "档案已在转入机构");
      const from = a.dawz;
      Object.assign(a, { dawz: keeperOf(zrdq), dabgdq: zrdq, jsrq: rsTimestamp(nowDate()).slice(0, 10), zdlsh: str(b, "lsh") });
      return { done: true, extra: { zcjg: from, zrjg: a.dawz } };
    }),
    dyzj: (b) => once(b, "3.4.7", () => {
      const a = archive(str(b, "sfzh"));
      const zrdzz = str(b, "zrdzz");
      if (a.sfdy !== "1") throw new RsRefusal("2001", "非党员");
      if (a.dzzgx === zrdzz) throw new RsRefusal("2004", "已在该党组织");
      Object.assign(a, { dzzgx: zrdzz, dylsh: str(b, "lsh") });
      return { done: true };
    }),
    pyba: (b) => once(b, "3.3.3", () => {
      const dwxydm = str(b, "dwxydm");
      const sfzh = str(b, "sfzh");
      if (unit(dwxydm).dwlx !== "1") throw new RsRefusal("2002", "非事业单位");
      archive(sfzh);
      const gwmc = str(b, "gwmc");
      const pyrq = day(b, "pyrq");
      if (t.filings.some((f) => f.dwxydm === dwxydm && f.sfzh === sfzh)) throw new RsRefusal("2005", "已备案");
      const now = nowDate();
      const babh = nextNumber(t, "PYBA", now);
      t.filings.push({ babh, dwxydm, sfzh, gwmc, pyrq, bazt: "1", basj: rsTimestamp(now), lsh: str(b, "lsh") });
      return { done: true, extra: { babh } };
    }),
    bjcx: (b) => publicCase(caseNow(str(b, "lsh"))),
    bj: (b) => once(b, str(b, "sxbm"), () => {
      if (!/^3\.\d+\.\d+$/.test(str(b, "sxbm"))) throw new RsRefusal("0400", "事项编码无效");
      const sfzh = str(b, "sfzh", true);
      const dwxydm = str(b, "dwxydm", true);
      if (!sfzh && !dwxydm) throw new RsRefusal("0400", "sfzh 与 dwxydm 至少填一项");
      if (sfzh) archive(sfzh);
      if (dwxydm) unit(dwxydm);
      return { done: false };
    }),
  };

  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "1mb" }));
  app.post("/rsda/api/:verb", (req, res) => {
    const verb = verbs[req.params.verb];
    if (!verb || !Object.hasOwn(verbs, req.params.verb)) {
      res.status(404).json({ code: "0404", msg: "接口不存在", data: null });
      return;
    }
    try {
      res.json({ code: "0000", msg: "成功", data: verb((req.body ?? {}) as Body) });
    } catch (err) {
      if (err instanceof RsRefusal) res.json({ code: err.code, msg: err.message, data: null });
      else res.status(500).json({ code: "9999", msg: "系统异常", data: null });
    }
  });
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.json({ code: "0400", msg: "请求格式错误", data: null });
  });
  return app;
}
