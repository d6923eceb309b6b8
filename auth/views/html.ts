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

const STYLE = `
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f5f8;margin:0;color:#1f2d3d}
header{background:#b71c1c;color:#fff;padding:12px 24px;font-size:18px}
main{max-width:440px;margin:40px auto;background:#fff;padding:28px 32px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
main.wide{max-width:760px}
h1{font-size:20px;margin-top:0}
label{display:block;margin:14px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:16px;border:1px solid #c0c4cc;border-radius:4px}
button,.button{display:inline-block;margin-top:18px;padding:9px 20px;font-size:16px;border:0;border-radius:4px;background:#b71c1c;color:#fff;text-decoration:none;cursor:pointer}
.secondary{background:#fff;color:#b71c1c;border:1px solid #b71c1c}
.alert{background:#fdecea;border:1px solid #f5c2c0;padding:10px 12px;border-radius:4px;margin:12px 0}
.notice{background:#eef6ff;border:1px solid #b8d8ff;padding:10px 12px;border-radius:4px;margin:12px 0}
.muted{color:#6b7785;font-size:13px}
code{word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e4e7ed;padding:6px;text-align:left}
`;

/** The page frame shared by the hub and the demo portals; no scripts, so it works without JS. */
export function page(title: string, body: Safe, opts: { brand?: string; wide?: boolean } = {}): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${esc(title)}</title><style>${STYLE}</style></head><body><header>${esc(opts.brand ?? "山西省人力资源和社会保障厅 · 统一身份认证")}</header>`
    + `<main${opts.wide ? ' class="wide"' : ""}>${body.value}</main></body></html>`;
}
