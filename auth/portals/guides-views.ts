import { esc, html, type Safe } from "../views/html";

/** What the pages show, as the gateway's serviceGuide / scenarioGuide give it. */
export interface GuideMaterialView { id: string; name: string; commitment: boolean; itemCodes?: string[] }
export interface ChannelView { kind: string; name: string; detail: string }
export interface LimitView { text: string; words: string; rules: { condition: string | null; words: string }[] }
export interface ContactView { name: string; kind: string; contact: string }
export interface ServiceGuideView {
  code: string; name: string; area: string; office: string; who: string;
  conditions: string[]; materials: GuideMaterialView[]; channels: ChannelView[];
  timeLimits: { listed: boolean; seq: number | null; statutory: LimitView | null; accelerated: LimitView | null; summary: string; counting: string[] };
  delivery: string[]; feedback: string[]; supervision: ContactView[]; scenarios: { seq: number; name: string }[]; basis: string[];
}
export interface ScenarioGuideView {
  seq: number; name: string; agencies: string[]; conditions: string[];
  items: { code: string; name: string; relationText: string | null; when: string | null; timeLimit: string }[];
  materials: GuideMaterialView[]; materialsAsked: number; materialsSumOverItems: number; materialsCut: number;
  channels: ChannelView[]; timeLimits: string[]; delivery: string[]; feedback: string[]; supervision: ContactView[]; remarks: string[]; basis: string[];
}
export interface GuideIndexView { scenarioGuides: { seq: number; name: string }[]; serviceGuides: { code: string; name: string; area: string }[] }

const AREA_TEXT: Record<string, string> = { SOCIAL_INSURANCE: "社会保险", EMPLOYMENT: "就业", PERSONNEL: "人才人事", LABOR_RELATIONS: "劳动关系" };
const BRAND = "山西省人力资源和社会保障厅 · 网上服务大厅";

// Screen and print in one stylesheet, inline: the pages load nothing from anywhere.
const STYLE = `
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f5f8;margin:0;color:#1f2d3d;line-height:1.6}
body>header{background:#b71c1c;color:#fff;padding:12px 24px;font-size:18px}
nav.crumbs{max-width:900px;margin:16px auto 0;padding:0 16px;font-size:14px}
nav.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
nav.crumbs li+li::before{content:"›";margin-right:6px;color:#6b7785}
main{max-width:900px;margin:16px auto 40px;background:#fff;padding:24px 32px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-left:4px solid #b71c1c;padding-left:8px;margin:24px 0 8px}
.code{color:#6b7785;font-size:14px}
dl.facts{display:grid;grid-template-columns:8em 1fr;gap:4px 12px;margin:0}dl.facts dt{color:#6b7785}dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:15px}caption{text-align:left;color:#6b7785;font-size:13px;padding:4px 0}
th,td{border:1px solid #dcdfe6;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f5f7fa}
.notice-text{color:#4a5562;font-size:13px;background:#f8f9fb;border-left:3px solid #dcdfe6;padding:4px 10px;margin:6px 0}
.yes{color:#1b6e3a;font-weight:600}.nowrap{white-space:nowrap}.muted{color:#6b7785;font-size:13px}
ul.index{columns:2;column-gap:32px}ul.index li{break-inside:avoid}
footer{max-width:900px;margin:0 auto 24px;padding:0 16px;color:#6b7785;font-size:13px}
@media print{
  @page{size:A4;margin:16mm 14mm}
  body{background:#fff;color:#000;font-size:11pt}
  body>header{background:none;color:#000;border-bottom:2px solid #000;padding:0 0 4pt;font-size:12pt}
  nav.crumbs,.screen-only{display:none}
  main{box-shadow:none;margin:0;padding:0;max-width:none;border-radius:0}
  h2{border-left:none;padding-left:0;border-bottom:1px solid #000;break-after:avoid}
  section,tr{break-inside:avoid}
  a{color:#000;text-decoration:none}
  th{background:#eee}
  ul.index{columns:1}
  footer{margin:12pt 0 0;color:#000}
}`;

function frame(title: string, crumbs: { label: string; href?: string }[], body: Safe): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${esc(title)} - 办事指南</title><style>${STYLE}</style></head><body>`
    + `<header>${esc(BRAND)}</header>`
    + html`<nav class="crumbs" aria-label="当前位置"><ol>${crumbs.map((c) => c.href ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li aria-current="page">${c.label}</li>`)}</ol></nav>`.value
    + `<main>${body.value}</main>`
    + `<footer><p>本指南依据晋人社厅发〔2020〕35号《关于全省开展“人社服务快办行动”的通知》公开发布。<span class="screen-only">使用浏览器的“打印”功能即可打印本页。</span></p></footer>`
    + `</body></html>`;
}

const list = (items: string[], id?: string) => html`<ul${id ? html` id="${id}"` : ""}>${items.map((t) => html`<li>${t}</li>`)}</ul>`;
const section = (id: string, title: string, body: Safe | string) => html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body instanceof Object ? body : html`${body}`}</section>`;

function channels(cs: ChannelView[]): Safe {
  return html`<ul>${cs.map((c) => html`<li data-kind="${c.kind}"><strong>${c.name}</strong>：${c.detail}</li>`)}</ul>`;
}
function supervision(cs: ContactView[]): Safe {
  return html`<ul>${cs.map((c) => html`<li>${c.name}：<a href="${c.kind === "EMAIL" ? `mailto:${c.contact}` : `tel:${c.contact}`}">${c.contact}</a></li>`)}</ul>`;
}
const commitmentCell = (m: GuideMaterialView) => (m.commitment ? html`<td class="yes">可告知承诺代替</td>` : html`<td>—</td>`);

function limitTable(t: ServiceGuideView["timeLimits"]): Safe {
  const rows = (label: string, l: LimitView) => l.rules.map((r, i) => html`<tr>${i === 0 ? html`<th scope="rowgroup" rowspan="${l.rules.length}">${label}</th>` : ""}<td>${r.condition ?? (l.rules.length > 1 ? "一般情形" : "—")}</td><td>${r.words}</td></tr>`);
  return html`<table id="time-limits"><caption>“提速办”服务事项备选清单第${t.seq}项</caption>
    <thead><tr><th scope="col">类别</th><th scope="col">情形</th><th scope="col">办结时限</th></tr></thead>
    <tbody>${rows("原规定时限", t.statutory!)}${rows("提速后承诺时限", t.accelerated!)}</tbody></table>
    <p class="notice-text">通知原文（原规定）：${t.statutory!.text}</p>
    <p class="notice-text">通知原文（提速后）：${t.accelerated!.text}</p>`;
}

export function serviceGuidePage(g: ServiceGuideView): string {
  const body = html`<article id="guide" data-code="${g.code}">
    <h1>${g.name}</h1><p class="code">事项编码 ${g.code} · 办事指南</p>
    ${section("basics", "基本信息", html`<dl class="facts">
      <dt>事项名称</dt><dd>${g.name}</dd>
      <dt>业务领域</dt><dd>${AREA_TEXT[g.area] ?? g.area}</dd>
      <dt>办理机构</dt><dd>${g.office}</dd>
      <dt>服务对象</dt><dd>${g.who}</dd>
      ${g.scenarios.length ? html`<dt>所属“一件事”</dt><dd>${g.scenarios.map((s, i) => html`${i ? "、" : ""}<a href="/guides/scenario/${s.seq}">${s.name}</a>`)}</dd>` : ""}
    </dl>`)}
    ${section("conditions", "办理条件", list(g.conditions))}
    ${section("materials", "申请材料", g.materials.length
      ? html`<table id="material-list"><thead><tr><th scope="col">序号</th><th scope="col">材料名称</th><th scope="col">告知承诺</th></tr></thead>
        <tbody>${g.materials.map((m, i) => html`<tr data-material="${m.id}"><td>${i + 1}</td><td>${m.name}</td>${commitmentCell(m)}</tr>`)}</tbody></table>`
      : html`<p>无需提交申请材料。</p>`)}
    ${section("channels", "办理渠道", channels(g.channels))}
    ${section("time", "办理时限", html`<p id="time-summary">${g.timeLimits.summary}</p>${g.timeLimits.listed ? limitTable(g.timeLimits) : ""}${g.timeLimits.counting.length ? list(g.timeLimits.counting) : ""}`)}
    ${section("delivery", "结果送达", list(g.delivery))}
    ${section("feedback", "反馈方式", list(g.feedback))}
    ${section("supervision", "监督渠道", supervision(g.supervision))}
    ${section("basis", "依据", list(g.basis))}
  </article>`;
  return frame(g.name, [{ label: "网上服务大厅", href: "/" }, { label: "办事指南", href: "/guides" }, { label: g.name }], body);
}

export function scenarioGuidePage(g: ScenarioGuideView): string {
  const body = html`<article id="guide" data-scenario="${g.seq}">
    <h1>“${g.name}”一件事</h1><p class="code">人社服务“打包一件事”第${g.seq}项 · 办事指南</p>
    ${section("basics", "基本信息", html`<dl class="facts">
      <dt>办事场景</dt><dd>${g.name}</dd>
      <dt>涉及机构</dt><dd>${g.agencies.join("、")}</dd>
      <dt>所涉事项</dt><dd>${g.items.length}项</dd>
    </dl>`)}
    ${section("conditions", "办理条件", list(g.conditions))}
    ${section("items", "所涉事项及办理流程", html`<table id="item-list"><caption>前置事项先办，并联事项同时办理，后置事项随后办理</caption>
      <thead><tr><th scope="col" class="nowrap">序号</th><th scope="col">服务事项</th><th scope="col" class="nowrap">环节</th><th scope="col">办理情形</th><th scope="col">时限</th></tr></thead>
      <tbody>${g.items.map((it, i) => html`<tr data-item="${it.code}"><td>${i + 1}</td><td><a href="/guides/${it.code}">${it.code} ${it.name}</a></td><td class="nowrap">${it.relationText ?? "—"}</td><td>${it.when ?? "均需办理"}</td><td>${it.timeLimit}</td></tr>`)}</tbody></table>`)}
    ${section("materials", "申请材料（一套材料）", html`<p id="materials-summary">一次提交${g.materialsAsked}项材料；逐项办理需提交${g.materialsSumOverItems}项，精减${g.materialsCut}项。</p>
      <table id="material-list"><thead><tr><th scope="col">序号</th><th scope="col">材料名称</th><th scope="col">用于事项</th><th scope="col">告知承诺</th></tr></thead>
      <tbody>${g.materials.map((m, i) => html`<tr data-material="${m.id}"><td>${i + 1}</td><td>${m.name}</td><td>${(m.itemCodes ?? []).join("、")}</td>${commitmentCell(m)}</tr>`)}</tbody></table>`)}
    ${section("channels", "办理渠道", channels(g.channels))}
    ${section("time", "办理时限", list(g.timeLimits))}
    ${section("delivery", "结果送达", list(g.delivery))}
    ${section("feedback", "反馈方式", list(g.feedback))}
    ${section("supervision", "监督渠道", supervision(g.supervision))}
    ${g.remarks.length ? section("remarks", "备注", html`<ol>${g.remarks.map((r) => html`<li>${r}</li>`)}</ol>`) : ""}
    ${section("basis", "依据", list(g.basis))}
  </article>`;
  return frame(`${g.name}一件事`, [{ label: "网上服务大厅", href: "/" }, { label: "办事指南", href: "/guides" }, { label: g.name }], body);
}

export function guideIndexPage(v: GuideIndexView): string {
  const areas = [...new Set(v.serviceGuides.map((g) => g.area))];
  const body = html`<h1>办事指南</h1>
    <p>办理条件、申请材料、办理渠道、办理时限、结果送达、反馈方式和监督渠道，逐项公开。</p>
    <section id="bundles" aria-labelledby="bundles-h"><h2 id="bundles-h">“打包一件事”（${v.scenarioGuides.length}项）</h2>
      <ol>${v.scenarioGuides.map((s) => html`<li><a href="/guides/scenario/${s.seq}">${s.name}</a></li>`)}</ol></section>
    ${areas.map((a) => html`<section id="area-${a}" aria-labelledby="area-${a}-h"><h2 id="area-${a}-h">${AREA_TEXT[a] ?? a}</h2>
      <ul class="index">${v.serviceGuides.filter((g) => g.area === a).map((g) => html`<li><a href="/guides/${g.code}">${g.code} ${g.name}</a></li>`)}</ul></section>`)}`;
  return frame("办事指南", [{ label: "网上服务大厅", href: "/" }, { label: "办事指南" }], body);
}

export function guideErrorPage(status: number, message: string, code: string): string {
  return frame("办事指南", [{ label: "网上服务大厅", href: "/" }, { label: "办事指南", href: "/guides" }, { label: status === 404 ? "未找到" : "暂不可用" }],
    html`<h1>${status === 404 ? "未找到该办事指南" : "办事指南暂时无法显示"}</h1><p role="alert">${message}</p><p class="muted">错误代码：<code>${code}</code></p><p><a href="/guides">返回办事指南目录</a></p>`);
}
