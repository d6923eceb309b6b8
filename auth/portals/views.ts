import { agencyLabel, fieldsLabel, humanize, kindLabel, rolesLabel } from "../../lib/labels";
import { html, page, ways, type PagePrefs } from "../views/html";
import type { DataAccessResult, GatewayResult, PortalUser } from "./gateway-client";

/** Where the portals' text-size toggle posts. */
export const PORTAL_TEXT_SIZE_PATH = "/text-size";

/** A staff member's post in words: 业务经办人员 · 社会保险经办机构 · 太原市. */
export const staffPost = (user: PortalUser) => [rolesLabel(user.roles), agencyLabel(user.agency), user.region ?? ""].filter(Boolean).join(" · ");

export function homePage(title: string, user: PortalUser | undefined, data: GatewayResult | undefined, csrf: string | undefined, otherPortals: { name: string; url: string }[], opts: { dataAccess?: boolean; prefs?: PagePrefs } = {}): string {
  const links = otherPortals.length ? html`<p class="muted">其他门户：${otherPortals.map((p) => html`<a href="${p.url}">${p.name}</a> `)}</p>` : "";
  if (!user) {
    return page(title, html`
      <h1>${title}</h1>
      <p id="status">您尚未登录。</p>
      <a class="button" id="login" href="/login">统一身份认证登录</a>
      ${links}`, { brand: title, wide: true, prefs: opts.prefs });
  }
  return page(title, html`
    <h1>${title}</h1>
    <p id="status">已登录：<strong id="user-name">${user.name}</strong>（${kindLabel(user.kind)}）</p>
    ${user.kind === "staff" ? html`<p id="staff-post">岗位：${staffPost(user)}</p>` : ""}
    <h2>我的信息</h2>
    ${data?.ok
      ? html`<table id="my-data">${data.rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${humanize(v)}</td></tr>`)}</table>`
      : html`<div class="alert" id="data-unavailable" role="alert">${data?.message ?? "暂无数据"} <span class="muted">（${data?.code ?? ""}）</span></div>`}
    ${opts.dataAccess && user.kind === "citizen" ? html`<p><a id="data-access-link" href="/data-access">我的数据被谁查看</a></p>` : ""}
    <form method="post" action="/logout">
      <input type="hidden" name="_csrf" value="${csrf ?? ""}">
      <button type="submit" id="logout">退出登录</button>
    </form>
    ${links}`, { brand: title, wide: true, prefs: opts.prefs });
}

/** An error at the portal: what happened in Chinese, the ways back (home, sign in again), the code in small print. */
export const portalErrorPage = (title: string, code: string, message: string, prefs?: PagePrefs) => page(title, html`
  <h1>登录未完成</h1><div class="alert" role="alert">${message}</div>
  <p>您可以重新登录，或返回首页。问题仍未解决的，可拨打人社服务热线，并告知下方的错误代码。</p>
  ${ways([{ label: "重新登录", href: "/login" }, { label: "返回首页", href: "/" }])}
  <p class="muted">错误代码：<code id="error-code">${code}</code></p>`, { brand: title, prefs });

/** Who read, in the words a resident uses (the gateway's `actorKind`, any case). */
const ACTOR_KIND_TEXT: Record<string, string> = { citizen: "本人", employer: "用人单位", staff: "工作人员", partner: "合作部门" };
const norm = (v: string) => v.trim().toLowerCase().replace(/_/g, "-");
export const actorKindText = (kind: string) => ACTOR_KIND_TEXT[norm(kind)] ?? "其他";
/**
 * The reader after its kind: the gateway's bilingual kind words (`合作部门 partner · `) dropped, as
 * the kind is already shown, codes named, and the department added unless the reader names it.
 */
export function readerText(actor: string | null | undefined, department: string | null | undefined): string {
  const who = humanize((actor ?? "").replace(/^(本人|用人单位|工作人员|合作部门)\s+(self|employer|staff|partner)\s*(·\s*)?/i, "").trim());
  const dept = department ? humanize(department) : "";
  return dept && !who.includes(dept) ? `${who}（${dept}）` : who;
}

/** The agency systems by the names residents know them by (the shared label table). */
export const systemText = (system: string) => agencyLabel(system);

/** `2026-12-01 09:30:05`, Beijing time (no daylight saving), whatever the server's zone. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** 「我的数据被谁查看」: every read of the signed-in person's data through Kuaiban, newest first. */
export function dataAccessPage(title: string, user: PortalUser, result: DataAccessResult | undefined, prefs?: PagePrefs): string {
  const heading = html`<h1>我的数据被谁查看</h1>
    <p class="muted">${user.name}，以下是通过快办平台查看您个人数据的全部记录，最新的在前。工作人员以岗位和所属机构显示。</p>`;
  const back = html`<p><a href="/">返回首页</a></p>`;
  if (user.kind !== "citizen" || !result) {
    return page(title, html`${heading}<div class="notice" id="data-access-empty">仅个人用户可查看本人数据的查询记录。</div>${back}`, { brand: title, wide: true, prefs });
  }
  if (!result.ok) {
    return page(title, html`${heading}<div class="alert" id="data-access-unavailable" role="alert">${result.message} <span class="muted">（${result.code}）</span></div>${back}`, { brand: title, wide: true, prefs });
  }
  const body = result.nodes.length
    ? html`<table id="data-access">
        <thead><tr><th>时间</th><th>查看者</th><th>用途</th><th>业务编号</th><th>涉及系统</th><th>涉及信息</th></tr></thead>
        <tbody>${result.nodes.map((n) => html`<tr class="data-access-record" data-id="${n.id}">
          <td class="at nowrap">${beijingTime(n.at)}</td>
          <td class="actor">${actorKindText(n.actorKind)}${norm(n.actorKind) === "citizen" ? "" : html` ${readerText(n.actor, n.department)}`}</td>
          <td class="purpose">${n.purpose || "—"}</td>
          <td class="case-id">${n.caseId || "—"}</td>
          <td class="systems">${(n.systems ?? []).map(systemText).join("、") || "—"}</td>
          <td class="fields">${fieldsLabel(n.fields) || "—"}</td>
        </tr>`)}</tbody>
      </table>
      ${result.hasNextPage && result.endCursor ? html`<p><a id="data-access-more" href="/data-access?after=${encodeURIComponent(result.endCursor)}">更早的记录</a></p>` : ""}`
    : html`<div class="notice" id="data-access-empty">暂无记录：还没有人通过快办平台查看过您的数据。</div>`;
  return page(title, html`${heading}${body}${back}`, { brand: title, wide: true, prefs });
}
