/** Escapes text for HTML bodies and attribute values. Every value from outside goes through it. */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Marks a string as already-safe HTML so `html` does not escape it again. */
export class Safe { constructor(readonly value: string) {} toString() { return this.value; } }
export const raw = (value: string) => new Safe(value);

/** Tagged template that escapes interpolations unless they are `Safe` (or arrays of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (x instanceof Safe ? x.value : esc(x))).join("") : v instanceof Safe ? v.value : esc(v);
    out += part + (strings[i + 1] ?? "");
  });
  return new Safe(out);
}

/** The text-size preference: a cookie, so it holds on every page of the host without JS or query strings. */
export const TEXT_SIZE_COOKIE = "kb_text_size";

/** What a page needs of the request it answers: the reader's text size and where the toggle returns to. */
export interface PagePrefs {
  largeText: boolean;
  /** This page's own path (GET), where the text-size toggle comes back to. */
  here: string;
  /** Where the text-size toggle posts (`textSizeHandler` answers there). */
  action: string;
}

/** The preference from a `Cookie` header. */
export function prefsFrom(cookieHeader: string | undefined, here: string, action: string): PagePrefs {
  const largeText = new RegExp(`(?:^|;\\s*)${TEXT_SIZE_COOKIE}=large(?:;|$)`).test(cookieHeader ?? "");
  return { largeText, here: safeBack(here), action };
}

/** A same-origin path only (never `//host` or a scheme), so the toggle cannot be used to send people elsewhere. */
export function safeBack(value: unknown): string {
  const s = typeof value === "string" ? value : "";
  return /^\/(?![/\\])[^\s]*$/.test(s) && s.length <= 2048 ? s : "/";
}

/**
 * Answers the text-size toggle's form post: sets or clears the cookie (a year; SameSite=Lax, not
 * needed by scripts) and sends the reader back to the page they were on.
 */
export function textSizeAnswer(body: { size?: unknown; back?: unknown }, secure: boolean): { setCookie: string; location: string } {
  const large = body.size === "large";
  const attrs = `Path=/; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
  return {
    setCookie: large ? `${TEXT_SIZE_COOKIE}=large; Max-Age=31536000; ${attrs}` : `${TEXT_SIZE_COOKIE}=; Max-Age=0; ${attrs}`,
    location: safeBack(body.back),
  };
}

/** 主办单位 and the hotline, on every page. */
export const ORGANISER = "山西省人力资源和社会保障厅";
export const HOTLINE = "12333";

// Colours: text #1f2d3d and muted #4e5968 are ≥ 7:1 and ≥ 6:1 on white; control borders #6b7685
// are 4.6:1 on white (WCAG 1.4.11 asks 3:1); the red #b71c1c with white text is 6.6:1.
const STYLE = `
html{font-size:100%}html.large-text{font-size:137.5%}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;font-size:1rem;line-height:1.6;background:#f3f5f8;margin:0;color:#1f2d3d}
header{background:#b71c1c;color:#fff;padding:.75rem 1.5rem;font-size:1.125rem}
main{max-width:27.5rem;margin:2.5rem auto;background:#fff;padding:1.75rem 2rem;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
main.wide{max-width:47.5rem}
h1{font-size:1.25rem;margin-top:0}h2{font-size:1.125rem}
label{display:block;margin:.875rem 0 .25rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;min-height:44px;padding:.5rem;font-size:1rem;border:1px solid #6b7685;border-radius:4px;background:#fff;color:#1f2d3d}
input:focus-visible,button:focus-visible,a:focus-visible,summary:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
button,.button{display:inline-flex;align-items:center;justify-content:center;box-sizing:border-box;min-height:44px;min-width:44px;margin-top:1.125rem;padding:.5rem 1.25rem;font-size:1rem;font-family:inherit;border:1px solid #b71c1c;border-radius:4px;background:#b71c1c;color:#fff;text-decoration:none;cursor:pointer}
.secondary{background:#fff;color:#b71c1c}
a{color:#1a4fb4;display:inline-flex;align-items:center;min-height:44px;min-width:44px}
a.button{color:#fff}a.button.secondary{color:#b71c1c}
.alert{background:#fdecea;border:1px solid #c62828;padding:.625rem .75rem;border-radius:4px;margin:.75rem 0}
.notice{background:#eef6ff;border:1px solid #3d78c2;padding:.625rem .75rem;border-radius:4px;margin:.75rem 0}
.muted{color:#4e5968;font-size:.875rem}
.ways{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:center}
.ways .button{margin-top:.5rem}
code{word-break:break-all}
.key{font-family:ui-monospace,"Noto Sans Mono CJK SC",monospace;font-size:1.125rem;letter-spacing:.05em;word-spacing:.4em}
.qr{width:200px;height:200px;margin:.5rem 0}.qr svg{width:100%;height:100%}
ol.codes{font-family:ui-monospace,monospace;font-size:1.0625rem;columns:2;padding-left:2rem}
details{margin-top:1rem}summary{display:flex;align-items:center;min-height:44px;cursor:pointer;color:#1a4fb4}
table{border-collapse:collapse;width:100%}th{word-break:keep-all}td,th{border-bottom:1px solid #d5d9e0;padding:.375rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
footer{max-width:47.5rem;margin:0 auto 2rem;padding:0 1rem;color:#4e5968;font-size:.875rem;text-align:center}
footer p{margin:.25rem 0}footer form{display:inline}
footer button{margin-top:.25rem;background:#fff;color:#1a4fb4;border-color:#6b7685}
@media (max-width:480px){main,main.wide{margin:0 0 1.5rem;border-radius:0;padding:1.25rem 1rem}header{padding:.75rem 1rem}ol.codes{columns:1}}
`;

const footer = (prefs: PagePrefs | undefined) => html`<footer>
  <p>主办单位：${ORGANISER}</p>
  <p>人社服务热线：<a href="tel:${HOTLINE}">${HOTLINE}</a></p>
  ${prefs ? html`<form class="text-size" method="post" action="${prefs.action}">
    <input name="size" type="hidden" value="${prefs.largeText ? "normal" : "large"}">
    <input name="back" type="hidden" value="${prefs.here}">
    <button type="submit" id="text-size">${prefs.largeText ? "恢复标准字号" : "大字模式（适老化）"}</button>
  </form>` : ""}
</footer>`;

/** The page frame shared by the hub and the demo portals; no scripts, so it works without JS. */
export function page(title: string, body: Safe, opts: { brand?: string; wide?: boolean; prefs?: PagePrefs } = {}): string {
  return `<!doctype html><html lang="zh-CN"${opts.prefs?.largeText ? ' class="large-text"' : ""}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${esc(title)}</title><style>${STYLE}</style></head><body><header>${esc(opts.brand ?? "山西省人力资源和社会保障厅 · 统一身份认证")}</header>`
    + `<main${opts.wide ? ' class="wide"' : ""}>${body.value}</main>${footer(opts.prefs).value}</body></html>`;
}

/** A way back from a page that ends a path (an error, a help page): a label and where it goes. */
export interface Way { label: string; href: string }

export const ways = (list: Way[]) => html`<p class="ways">${list.map((w, i) => html`<a class="button${i ? " secondary" : ""}" href="${w.href}">${w.label}</a>`)}</p>`;
