import { esc, html, type Safe } from "../auth/views/html";
import type { PortalUser } from "../auth/portals/gateway-client";
import { scenarios } from "../schema/catalogue";
import { AGENCY_LABELS } from "../lib/labels";
import type { ItemPerformance, MonthFigures, OfficeFigures, OfficeView, Overview, Period, RatingFollowUp, Section, StepAtRisk } from "./figures";
import { beijingMinute, days, LEVEL_TEXT, percent } from "./format";

export const TITLE = "人社服务快办行动调度看板";

const STYLE = `
*{box-sizing:border-box}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;background:#f3f5f8;margin:0;color:#1f2d3d;font-size:14px}
header{background:#b71c1c;color:#fff;padding:8px 20px;display:flex;align-items:center;gap:16px;flex-wrap:wrap}
header h1{font-size:18px;margin:0;flex:1}
header form{margin:0}header button{margin:0;padding:4px 12px;font-size:13px;background:#fff;color:#b71c1c;border:0;border-radius:3px;cursor:pointer}
main{max-width:1340px;margin:0 auto;padding:10px 14px}
a{color:#0b57a4}
h2{font-size:16px;margin:14px 0 6px}
.bar{display:flex;gap:12px;align-items:end;flex-wrap:wrap;background:#fff;padding:8px 12px;border-radius:4px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.bar label{display:flex;flex-direction:column;font-size:12px;color:#4a5866}
.bar input{font-size:14px;padding:3px 6px;border:1px solid #c0c4cc;border-radius:3px}
.bar button,.button{padding:5px 14px;font-size:14px;border:0;border-radius:3px;background:#b71c1c;color:#fff;text-decoration:none;cursor:pointer;display:inline-block}
.presets a{margin-right:8px;font-size:13px}
.cards{display:flex;gap:10px;margin:10px 0;flex-wrap:wrap}
.card{background:#fff;border-radius:4px;padding:8px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08);min-width:200px}
.card .v{font-size:22px;font-weight:bold;color:#b71c1c}.card .ok{color:#1b7f3b}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.chart{background:#fff;border-radius:4px;box-shadow:0 1px 3px rgba(0,0,0,.08);height:300px;padding:4px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
caption{text-align:left;font-weight:bold;padding:6px 0;font-size:15px}
th,td{border-bottom:1px solid #e4e7ed;padding:3px 6px;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
td.limit{white-space:normal;max-width:240px;text-align:left}
#items th[scope=row]{white-space:normal}
thead th{background:#f7e9e9;position:sticky;top:0}
tbody tr:hover{background:#fafafa}
.alert{background:#fdecea;border:1px solid #f5c2c0;padding:8px 12px;border-radius:4px;margin:8px 0}
.notice{background:#eef6ff;border:1px solid #b8d8ff;padding:8px 12px;border-radius:4px;margin:8px 0}
.muted{color:#6b7785;font-size:12px}
.risk-OVERDUE{color:#b71c1c;font-weight:bold}.risk-AT_RISK{color:#b36b00}
.center{max-width:520px;margin:60px auto;background:#fff;padding:24px 28px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
@media (max-width:1000px){.grid{grid-template-columns:1fr}}
`;

/** The dashboard's frame: its own script files only (served by the app), no inline script. */
function frame(body: Safe, opts: { user?: PortalUser; csrf?: string; charts?: unknown } = {}): string {
  const signedIn = opts.user
    ? html`<span id="user-name">${opts.user.name}</span><span class="muted" style="color:#fdd">${opts.user.region ?? ""}</span>
      <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${opts.csrf ?? ""}"><button type="submit" id="logout">退出登录</button></form>`
    : html``;
  // the chart figures travel as a JSON data block (not executed); `<` is escaped so no text in it can close the element
  const data = opts.charts === undefined ? "" : `<script type="application/json" id="chart-data">${JSON.stringify(opts.charts).replace(/</g, "\\u003c")}</script>`
    + `<script src="/assets/echarts.min.js"></script><script src="/assets/dashboard.js"></script>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${esc(TITLE)}</title><style>${STYLE}</style></head><body><header><h1><a href="/" style="color:#fff;text-decoration:none">${esc(TITLE)}</a></h1>${signedIn.value}</header>`
    + `<main>${body.value}</main>${data}</body></html>`;
}

export const signInPage = () => frame(html`<div class="center">
  <h2>${TITLE}</h2>
  <p id="status">调度看板仅供人社系统工作人员使用，请使用工作人员账号登录（需动态验证码）。</p>
  <a class="button" id="login" href="/login">统一身份认证登录</a></div>`);

export const staffOnlyPage = (user: PortalUser, csrf?: string) => frame(html`<div class="center" id="staff-only" role="alert">
  <h2>无权使用调度看板</h2>
  <p>${user.name}，调度看板仅供人社系统工作人员（行风办督查、综合窗口、业务经办、系统管理）使用。个人和单位用户请前往网上服务大厅办理、查询业务。</p></div>`, { user, csrf });

export const errorPage = (code: string, message: string, user?: PortalUser, csrf?: string) => frame(html`<div class="center">
  <h2>无法显示</h2><div class="alert" role="alert" id="error">${message}</div>
  <p class="muted">错误代码：<code>${code}</code></p><a class="button" href="/">返回看板首页</a></div>`, { user, csrf });

const failure = (id: string, s: Section<unknown>) => (s.ok ? html`` : html`<div class="alert" role="alert" id="${id}-unavailable">${s.message} <span class="muted">（${s.code}）</span></div>`);

const qs = (p: Period, extra: Record<string, string> = {}) => new URLSearchParams({ ...extra, from: p.from, to: p.to }).toString();

function periodBar(action: string, period: Period, presets: { label: string; period: Period }[], extra: Safe = html``): Safe {
  return html`<form class="bar" method="get" action="${action}" id="period" aria-label="统计期间">
    <label for="from">开始日期<input type="date" id="from" name="from" value="${period.from}" required></label>
    <label for="to">结束日期<input type="date" id="to" name="to" value="${period.to}" required></label>
    <button type="submit">查询</button>
    <span class="presets">${presets.map((p) => html`<a href="${action}?${qs(p.period)}">${p.label}</a>`)}</span>
    ${extra}
  </form>`;
}

function figuresRow(r: OfficeFigures, period: Period, link: boolean): Safe {
  const name = link ? html`<a href="/office?${qs(period, { office: r.contactPoint.name })}">${r.contactPoint.name}</a>` : html`${r.contactPoint.name}`;
  return html`<tr data-office="${r.contactPoint.name}">
    <th scope="row">${name}</th><td>${LEVEL_TEXT[r.contactPoint.level] ?? r.contactPoint.level}</td>
    <td>${r.applications}</td><td>${r.bundlesCompleted}</td><td>${r.itemsIntegrated}</td><td>${r.materialsCut}</td>
    <td>${percent(r.onTimeRate)}</td><td>${percent(r.medianSpeedUp)}</td>
    <td>${r.commitments}</td><td>${r.commitmentsVerified}</td><td>${r.ratings.count}</td><td>${percent(r.ratings.satisfaction)}</td></tr>`;
}

const FIGURE_HEADERS = html`<th scope="col">联系点</th><th scope="col">层级</th><th scope="col">申请件数</th><th scope="col">一件事办结</th>
  <th scope="col">整合事项数</th><th scope="col">精简材料数</th><th scope="col">按时办结率</th><th scope="col">提速幅度（中位）</th>
  <th scope="col">告知承诺</th><th scope="col">承诺已核查</th><th scope="col">评价数</th><th scope="col">满意率</th>`;

function contactPointTable(rows: OfficeFigures[], period: Period): Safe {
  return html`<table id="contact-points">
    <caption>联系点推进情况（附件3，${period.from} 至 ${period.to}）</caption>
    <thead><tr>${FIGURE_HEADERS}</tr></thead>
    <tbody>${rows.map((r) => figuresRow(r, period, true))}</tbody></table>`;
}

function chart(id: string, label: string): Safe {
  return html`<div class="chart" id="${id}" role="img" aria-label="${label}"></div>`;
}

/** What the page's script draws: plain figures, nothing else. */
export function chartData(items: ItemPerformance[] | undefined, offices: OfficeFigures[] | undefined, months: MonthFigures[] | undefined) {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  return {
    speedUp: items?.filter((i) => i.handled > 0).map((i) => ({ code: i.item.code, name: i.item.name, value: pct(i.speedUpPercent) })),
    onTime: offices?.map((o) => ({ name: o.contactPoint.name, value: pct(o.onTimeRate) })),
    satisfaction: offices?.map((o) => ({ name: o.contactPoint.name, value: pct(o.ratings.satisfaction), count: o.ratings.count })),
    months: months?.map((m) => ({ month: m.month, applications: m.applications, onTime: pct(m.onTimeRate), satisfaction: pct(m.satisfaction) })),
  };
}

export interface OverviewPage { user: PortalUser; csrf?: string; period: Period; presets: { label: string; period: Period }[]; overview: Overview; scope: string }

export function overviewPage(p: OverviewPage): string {
  const { overview: o, period } = p;
  const t = o.targets.ok ? o.targets.value : undefined;
  const targets = t ? html`<div class="cards" id="targets">
      <div class="card"><div class="muted">“一件事”打包办理（目标 ${t.bundlesTarget} 件以上）</div><div class="v ${t.bundlesAsOneThing >= t.bundlesTarget ? "ok" : ""}" id="bundles-as-one-thing">${t.bundlesAsOneThing}</div></div>
      <div class="card"><div class="muted">提速 50% 以上的高频事项（目标 ${t.itemsTarget} 项以上）</div><div class="v ${t.itemsHalfFaster >= t.itemsTarget ? "ok" : ""}" id="items-half-faster">${t.itemsHalfFaster}</div></div>
      ${o.contactPoints.ok ? html`<div class="card"><div class="muted">申请件数（合计）</div><div class="v" id="applications-total">${o.contactPoints.value.reduce((n, r) => n + r.applications, 0)}</div></div>` : ""}
    </div>` : failure("targets", o.targets);
  const csv = html`<a class="button" id="export-csv" href="/export.csv?${qs(period)}" download>导出表格（CSV）</a>`;
  const body = html`
    <p class="muted" id="scope">统计范围：${p.scope}</p>
    ${periodBar("/", period, p.presets, csv)}
    ${targets}
    ${o.contactPoints.ok ? contactPointTable(o.contactPoints.value, period) : failure("contact-points", o.contactPoints)}
    <h2>图表</h2>
    <div class="grid">
      ${o.items.ok ? chart("chart-speedup", "各事项提速幅度（办理用时中位数相对法定时限），红线为 50% 目标") : failure("items", o.items)}
      ${o.contactPoints.ok ? chart("chart-ontime", "各联系点按时办结率") : html``}
      ${o.months.ok ? chart("chart-trend", "月度申请件数与按时办结率、满意率走势") : failure("months", o.months)}
      ${o.contactPoints.ok ? chart("chart-satisfaction", "各联系点好差评满意率") : html``}
    </div>
    ${o.items.ok ? itemTable(o.items.value) : html``}`;
  return frame(body, {
    user: p.user, csrf: p.csrf,
    charts: chartData(o.items.ok ? o.items.value : undefined, o.contactPoints.ok ? o.contactPoints.value : undefined, o.months.ok ? o.months.value : undefined),
  });
}

function itemTable(all: ItemPerformance[]): Safe {
  const items = all.filter((i) => i.handled > 0);
  const idle = all.length - items.length;
  if (!items.length) return html`<div class="notice" id="items-empty">本期尚无办结的事项（共 ${all.length} 项）。</div>`;
  return html`<table id="items">
    <caption>事项办理时效（提速办，附件2）${idle ? html`<span class="muted">　另有 ${idle} 项本期无办结</span>` : ""}</caption>
    <thead><tr><th scope="col">事项</th><th scope="col">办结件数</th><th scope="col">用时中位数</th><th scope="col">90%用时</th>
      <th scope="col">法定时限</th><th scope="col">承诺时限</th><th scope="col">提速幅度</th><th scope="col">按时办结率</th></tr></thead>
    <tbody>${items.map((i) => html`<tr data-item="${i.item.code}"><th scope="row">${i.item.code} ${i.item.name}</th><td>${i.handled}</td>
      <td>${days(i.medianDays, i.statutoryLimit?.unit)}</td><td>${days(i.p90Days, i.statutoryLimit?.unit)}</td><td class="limit">${i.statutoryLimit?.text ?? "—"}</td><td class="limit">${i.acceleratedLimit?.text ?? "—"}</td>
      <td>${percent(i.speedUpPercent)}</td><td>${percent(i.onTimeRate)}</td></tr>`)}</tbody></table>`;
}

const agencyLabel = (code: string) => AGENCY_LABELS[code] ?? code;
const scenarioName = (seq: number) => scenarios.find((s) => s.seq === seq)?.name ?? `一件事 ${seq}`;
const RISK_TEXT: Record<StepAtRisk["risk"], string> = { AT_RISK: "临近时限", OVERDUE: "已超期" };

function atRiskTable(steps: StepAtRisk[]): Safe {
  if (!steps.length) return html`<div class="notice" id="at-risk-empty">当前没有临近时限或超期的办件。</div>`;
  const sorted = [...steps].sort((a, b) => (a.risk === b.risk ? b.elapsedShare - a.elapsedShare : a.risk === "OVERDUE" ? -1 : 1));
  return html`<table id="at-risk">
    <caption>超期与临近时限办件（${steps.filter((s) => s.risk === "OVERDUE").length} 件超期，${steps.filter((s) => s.risk === "AT_RISK").length} 件临近时限）</caption>
    <thead><tr><th scope="col">受理编号</th><th scope="col">一件事</th><th scope="col">事项</th><th scope="col">经办机构</th>
      <th scope="col">受理时间</th><th scope="col">办结时限</th><th scope="col">已用时限</th><th scope="col">状态</th></tr></thead>
    <tbody>${sorted.map((s) => html`<tr data-step="${s.stepId}"><th scope="row">${s.caseNumber}</th><td>${scenarioName(s.scenario)}</td>
      <td>${s.itemCode} ${s.itemName}</td><td>${agencyLabel(s.agency)}</td><td>${beijingMinute(s.acceptedAt)}</td><td>${beijingMinute(s.deadline)}</td>
      <td>${percent(s.elapsedShare)}</td><td class="risk-${s.risk}">${RISK_TEXT[s.risk]}</td></tr>`)}</tbody></table>`;
}

const LEVEL_LABEL: Record<string, string> = { VERY_SATISFIED: "非常满意", SATISFIED: "满意", BASIC: "基本满意", DISSATISFIED: "不满意", VERY_DISSATISFIED: "非常不满意" };
const FOLLOW_UP_TEXT: Record<RatingFollowUp["status"], string> = { OPEN: "待回访", CALLED_BACK: "已回访，待整改", RECTIFIED: "已整改" };

/** 差评 and their follow-up: call back within 1 working day, rectify within 15; the late ones first. */
function followUpTable(list: RatingFollowUp[]): Safe {
  if (!list.length) return html`<div class="notice" id="follow-ups-empty">本联系点没有差评待跟踪。</div>`;
  const late = (f: RatingFollowUp) => f.callBackLate || f.rectifyLate;
  const sorted = [...list].sort((a, b) => Number(late(b)) - Number(late(a)) || a.openedAt.localeCompare(b.openedAt));
  return html`<table id="follow-ups">
    <caption>差评回访与整改（${list.filter(late).length} 件超时）</caption>
    <thead><tr><th scope="col">受理编号</th><th scope="col">一件事</th><th scope="col">评价</th><th scope="col">评价时间</th>
      <th scope="col">回访时限</th><th scope="col">回访</th><th scope="col">整改时限</th><th scope="col">整改</th><th scope="col">状态</th></tr></thead>
    <tbody>${sorted.map((f) => html`<tr data-follow-up="${f.applicationId}"><th scope="row">${f.caseNumber}</th><td>${scenarioName(f.scenario)}</td>
      <td>${LEVEL_LABEL[f.level] ?? f.level}</td><td>${beijingMinute(f.openedAt)}</td>
      <td>${beijingMinute(f.callBackDue)}</td><td class="${f.callBackLate ? "risk-OVERDUE" : ""}">${f.calledBackAt ? beijingMinute(f.calledBackAt) : "未回访"}${f.callBackLate ? "（超时）" : ""}</td>
      <td>${beijingMinute(f.rectifyDue)}</td><td class="${f.rectifyLate ? "risk-OVERDUE" : ""}">${f.rectifiedAt ? beijingMinute(f.rectifiedAt) : "未整改"}${f.rectifyLate ? "（超时）" : ""}</td>
      <td>${FOLLOW_UP_TEXT[f.status] ?? f.status}</td></tr>`)}</tbody></table>`;
}

export interface OfficePage { user: PortalUser; csrf?: string; period: Period; presets: { label: string; period: Period }[]; office: string; view: OfficeView }

export function officePage(p: OfficePage): string {
  const { view: v, period } = p;
  const hidden = html`<input type="hidden" name="office" value="${p.office}">`;
  const back = html`<p><a href="/?${qs(period)}" id="back">← 返回看板首页</a></p>`;
  // an office outside the user's scope: the gateway refused it, and nothing else is worth asking
  if (!v.office.ok && v.office.code === "FORBIDDEN") {
    return frame(html`${back}<h2 id="office-name">${p.office}</h2>
      <div class="alert" role="alert" id="office-unavailable">该联系点不在您的统计范围内。 <span class="muted">（${v.office.code}）</span></div>`, { user: p.user, csrf: p.csrf });
  }
  const body = html`
    ${back}
    <h2 id="office-name">${p.office}</h2>
    ${periodBar("/office", period, p.presets.map((x) => ({ ...x, period: x.period })), hidden)}
    ${v.office.ok ? html`<table id="office-figures"><caption>${p.office}推进情况（${period.from} 至 ${period.to}）</caption>
        <thead><tr>${FIGURE_HEADERS}</tr></thead><tbody>${figuresRow(v.office.value, period, false)}</tbody></table>` : failure("office", v.office)}
    <h2>超期与临近时限办件</h2>
    ${v.atRisk.ok ? atRiskTable(v.atRisk.value) : failure("at-risk", v.atRisk)}
    <h2>差评跟踪（好差评）</h2>
    ${v.followUps.ok ? followUpTable(v.followUps.value) : failure("follow-ups", v.followUps)}
    <div class="grid">
      ${v.items.ok ? chart("chart-speedup", `${p.office}各事项提速幅度，红线为 50% 目标`) : failure("items", v.items)}
      ${v.months.ok ? chart("chart-trend", `${p.office}月度申请件数与按时办结率、满意率走势`) : failure("months", v.months)}
    </div>
    ${v.items.ok ? itemTable(v.items.value) : html``}`;
  return frame(body, {
    user: p.user, csrf: p.csrf,
    charts: chartData(v.items.ok ? v.items.value : undefined, undefined, v.months.ok ? v.months.value : undefined),
  });
}
