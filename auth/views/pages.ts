import { html, page, raw, ways, HOTLINE, type PagePrefs, type Way } from "./html";

export interface LoginView {
  action: string;
  csrf: string;
  clientName: string;
  login?: string;
  error?: string;
  upstreamUrl?: string;
  /** The 忘记密码 page for this sign-in. */
  forgotUrl?: string;
  prefs?: PagePrefs;
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
  ${v.forgotUrl ? html`<p><a id="forgot-password" href="${v.forgotUrl}">忘记密码？</a></p>` : ""}
  ${v.upstreamUrl ? html`<p><a class="button secondary" href="${v.upstreamUrl}">使用国家政务服务平台账号登录</a></p>` : ""}
`, { prefs: v.prefs });

/** 忘记密码: the hub resets no password itself; it says who does, for each kind of account. */
export const forgotPasswordPage = (v: { back?: string; prefs?: PagePrefs }) => page("忘记密码 - 统一身份认证", html`
  <h1>忘记密码怎么办</h1>
  <p>统一身份认证不在网上直接重置密码，请按您的账号类型办理：</p>
  <h2>个人用户（身份证号登录）</h2>
  <ul>
    <li>可直接使用“国家政务服务平台”账号登录（登录页下方按钮），并在国家政务服务平台找回或重置密码；</li>
    <li>或拨打人社服务热线 <a href="tel:${HOTLINE}">${HOTLINE}</a>，核验身份后按提示办理；</li>
    <li>或携带本人有效身份证件，到就近的人社服务窗口申请重置密码。</li>
  </ul>
  <h2>单位经办人</h2>
  <p>由单位持统一社会信用代码证明材料和经办人身份证件，到参保地社会保险经办机构窗口申请重置。</p>
  <h2>工作人员</h2>
  <p>请联系本单位的系统管理员重置密码。身份验证器丢失时，可使用绑定时保存的恢复码登录，或请系统管理员重新绑定。</p>
  ${ways([v.back ? { label: "返回登录", href: v.back } : undefined].filter((w): w is Way => Boolean(w)))}
`, { prefs: v.prefs });

export interface TotpView {
  action: string;
  csrf: string;
  error?: string;
  /**
   * Present during enrolment: the QR code (inline SVG, drawn here, no image from elsewhere), the
   * key in groups of four to type in by hand, and the one-time recovery codes, shown only now.
   */
  enrol?: { qrSvg: string; secretGroups: string[]; recoveryCodes: string[] };
  /** Recovery codes can stand in for a code (not during enrolment: there are none yet). */
  recovery?: boolean;
  forgotUrl?: string;
  prefs?: PagePrefs;
}

export const totpPage = (v: TotpView) => page("动态验证码 - 统一身份认证", html`
  <h1>动态验证码</h1>
  ${v.enrol ? html`
    <div class="notice">工作人员账号须绑定身份验证器。请用身份验证器应用扫描下方二维码（或手工输入密钥），然后输入应用显示的 6 位验证码完成绑定。</div>
    <div class="qr" role="img" aria-label="身份验证器绑定二维码">${raw(v.enrol.qrSvg)}</div>
    <p>密钥（手工输入时使用，空格不必输入）：<br><span class="key" id="totp-key">${v.enrol.secretGroups.join(" ")}</span></p>
    <h2>恢复码</h2>
    <p>身份验证器丢失或无法使用时，每个恢复码可代替动态验证码登录<strong>一次</strong>。恢复码<strong>只显示这一次</strong>，请现在抄写或打印，妥善保管，不要告诉他人。绑定完成后生效。</p>
    <ol class="codes" id="recovery-codes">${v.enrol.recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}</ol>` : html`<p>请输入身份验证器应用中显示的 6 位动态验证码。</p>`}
  ${v.error ? html`<div class="alert" role="alert">${v.error}</div>` : ""}
  <form method="post" action="${v.action}">
    <input type="hidden" name="_csrf" value="${v.csrf}">
    <label for="code">动态验证码</label>
    <input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>
    <button type="submit">验证</button>
  </form>
  ${v.recovery ? html`<details id="use-recovery">
    <summary>身份验证器无法使用？改用恢复码</summary>
    <form class="recovery" method="post" action="${v.action}">
      <input name="_csrf" type="hidden" value="${v.csrf}">
      <label for="recovery">恢复码（绑定身份验证器时保存的 16 位码，每个只能用一次）</label>
      <input type="text" id="recovery" name="recovery" maxlength="24" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
      <button type="submit">使用恢复码登录</button>
    </form>
  </details>` : ""}
  ${v.forgotUrl ? html`<p><a href="${v.forgotUrl}">恢复码也已用完或丢失？</a></p>` : ""}
`, { prefs: v.prefs });

/** `form` is oidc-provider's own logout form (it carries its anti-forgery token). */
export const logoutPage = (form: string, clientName?: string, prefs?: PagePrefs) => page("退出登录 - 统一身份认证", html`
  <h1>退出登录</h1>
  <p>${clientName ? `${clientName}请求退出。` : ""}确认后将退出统一身份认证，并同时退出您在本次登录中访问过的所有门户。</p>
  ${raw(form)}
  <button type="submit" form="op.logoutForm" name="logout" value="yes">确认退出</button>
`, { prefs });

export const loggedOutPage = (opts: { ways?: Way[]; prefs?: PagePrefs } = {}) => page("已退出 - 统一身份认证", html`
  <h1>您已安全退出</h1><p>统一身份认证及相关门户的登录状态均已结束。</p>
  ${opts.ways?.length ? html`<p>如需继续办理，请返回门户重新登录：</p>${ways(opts.ways)}` : ""}
`, { prefs: opts.prefs });

/**
 * Error pages say in Chinese what happened and what to do, give a way back, and show the stable
 * code in small print so a caller can quote it to the 12333 hotline or a window.
 */
export const errorPage = (code: string, message: string, opts: { ways?: Way[]; prefs?: PagePrefs; hint?: string } = {}) => page("出错了 - 统一身份认证", html`
  <h1>无法完成请求</h1>
  <div class="alert" role="alert">${message}</div>
  <p>${opts.hint ?? "请返回门户重新开始。问题仍未解决的，可拨打人社服务热线，并告知下方的错误代码。"}</p>
  ${opts.ways?.length ? ways(opts.ways) : ""}
  <p class="muted">错误代码：<code id="error-code">${code}</code></p>
`, { prefs: opts.prefs });
