import { html, page } from "../views/html";
import type { GatewayResult, PortalUser } from "./gateway-client";

const KIND_TEXT: Record<PortalUser["kind"], string> = { citizen: "个人用户", employer: "单位经办人", staff: "工作人员" };

export function homePage(title: string, user: PortalUser | undefined, data: GatewayResult | undefined, csrf: string | undefined, otherPortals: { name: string; url: string }[]): string {
  const links = html`<p class="muted">其他门户：${otherPortals.map((p) => html`<a href="${p.url}">${p.name}</a> `)}</p>`;
  if (!user) {
    return page(title, html`
      <h1>${title}</h1>
      <p id="status">您尚未登录。</p>
      <a class="button" id="login" href="/login">统一身份认证登录</a>
      ${links}`, { brand: title, wide: true });
  }
  return page(title, html`
    <h1>${title}</h1>
    <p id="status">已登录：<strong id="user-name">${user.name}</strong>（${KIND_TEXT[user.kind]}）</p>
    <h2>我的信息</h2>
    ${data?.ok
      ? html`<table id="my-data">${data.rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>`
      : html`<div class="alert" id="data-unavailable" role="alert">${data?.message ?? "暂无数据"} <span class="muted">（${data?.code ?? ""}）</span></div>`}
    <form method="post" action="/logout">
      <input type="hidden" name="_csrf" value="${csrf ?? ""}">
      <button type="submit" id="logout">退出登录</button>
    </form>
    ${links}`, { brand: title, wide: true });
}

export const portalErrorPage = (title: string, code: string, message: string) => page(title, html`
  <h1>登录未完成</h1><div class="alert" role="alert">${message}</div>
  <p class="muted">错误代码：<code>${code}</code></p><a class="button" href="/">返回首页</a>`, { brand: title });
