import { html, page, raw } from "./html";

export interface LoginView {
  action: string;
  csrf: string;
  clientName: string;
  login?: string;
  error?: string;
  upstreamUrl?: string;
}

export const loginPage = (v: LoginView) => page("登录 - 统一身份认证", html`
  <h1>统一身份认证登录</h1>
  <p class="muted">您正在登录：${v.clientName}</p>
  ${v.error ? html`<div class="alert" role="alert">${v.error}</div>` : ""}
  <form method="post" action="${v.action}">
    <input type="hidden" name="_csrf" value="${v.csrf}">
    <label for="login">账号（身份证号 / 经办人账号 / 工作人员账号）</label>
    <input type="text" id="login" name="login" value="${v.login ?? ""}" autocomplete="username" required autofocus>
    <label for="password">密码</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <button type="submit">登录</button>
  </form>
  ${v.upstreamUrl ? html`<p><a class="button secondary" href="${v.upstreamUrl}">使用国家政务服务平台账号登录</a></p>` : ""}
`);

export interface TotpView {
  action: string;
  csrf: string;
  error?: string;
  /** Present during enrolment: the QR code (data URL) and the otpauth URI to type in by hand. */
  enrol?: { qrDataUrl: string; uri: string; secret: string };
}

export const totpPage = (v: TotpView) => page("动态验证码 - 统一身份认证", html`
  <h1>动态验证码</h1>
  ${v.enrol ? html`
    <div class="notice">工作人员账号须绑定身份验证器。请用身份验证器应用扫描下方二维码（或手工输入密钥），然后输入应用显示的 6 位验证码完成绑定。</div>
    <p><img src="${v.enrol.qrDataUrl}" alt="身份验证器二维码" width="200" height="200"></p>
    <p class="muted">密钥：<code>${v.enrol.secret}</code></p>
    <p class="muted"><code>${v.enrol.uri}</code></p>` : html`<p>请输入身份验证器应用中显示的 6 位动态验证码。</p>`}
  ${v.error ? html`<div class="alert" role="alert">${v.error}</div>` : ""}
  <form method="post" action="${v.action}">
    <input type="hidden" name="_csrf" value="${v.csrf}">
    <label for="code">动态验证码</label>
    <input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>
    <button type="submit">验证</button>
  </form>
`);

/** `form` is oidc-provider's own logout form (it carries its anti-forgery token). */
export const logoutPage = (form: string, clientName?: string) => page("退出登录 - 统一身份认证", html`
  <h1>退出登录</h1>
  <p>${clientName ? `${clientName}请求退出。` : ""}确认后将退出统一身份认证，并同时退出您在本次登录中访问过的所有门户。</p>
  ${raw(form)}
  <button type="submit" form="op.logoutForm" name="logout" value="yes">确认退出</button>
`);

export const loggedOutPage = () => page("已退出 - 统一身份认证", html`
  <h1>您已安全退出</h1><p>统一身份认证及相关门户的登录状态均已结束。</p>
`);

/** Error pages show the stable code so a caller can quote it to the help desk. */
export const errorPage = (code: string, message: string) => page("出错了 - 统一身份认证", html`
  <h1>无法完成请求</h1>
  <div class="alert" role="alert">${message}</div>
  <p class="muted">错误代码：<code id="error-code">${code}</code></p>
`);
