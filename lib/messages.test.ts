import { describe, expect, it } from "vitest";
import { ErrorCode } from "./errors";
import { localizeError, MESSAGES, messageCodes, messagesFor, negotiateLanguage, ProtocolCode } from "./messages";

describe("the message table", () => {
  it("speaks for every error code and every protocol code, in Chinese and English", () => {
    const codes = [...Object.values(ErrorCode), ...Object.values(ProtocolCode)];
    expect(new Set(messageCodes())).toEqual(new Set(codes));
    for (const code of codes) {
      const entry = MESSAGES[code as keyof typeof MESSAGES];
      expect(entry.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.en, code).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it("keeps the details in both languages: seconds to wait and the system's name", () => {
    expect(messagesFor("RATE_LIMITED", { retryAfterSeconds: 17 })).toEqual({ zh: "操作过于频繁，请 17 秒后再试。", en: "Too many requests; try again in 17 s." });
    const down = messagesFor("UPSTREAM_UNAVAILABLE", { system: "social-insurance" })!;
    expect(down.zh).toContain("社会保险经办");
    expect(down.en).toContain("social-insurance");
    expect(messagesFor("STORE_UNAVAILABLE", { retryAfterSeconds: 5 })!.zh).toContain("5 秒后");
    expect(messagesFor("NO_SUCH_CODE")).toBeUndefined();
  });
});

describe("negotiateLanguage", () => {
  it.each([
    [undefined, "en"], ["", "en"], ["*", "en"], ["en-US,en;q=0.9", "en"], ["zh-CN", "zh"], ["zh-Hant-TW", "zh"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"], ["en;q=0.5,zh;q=0.8", "zh"], ["fr-FR", "en"], ["zh;q=0", "en"], ["zh-CN;q=abc", "en"],
  ] as const)("%s → %s", (header, lang) => {
    expect(negotiateLanguage(header)).toBe(lang);
  });
});

describe("localizeError", () => {
  const err = { message: "Too many requests; try again in 3 s", extensions: { code: "RATE_LIMITED", retryAfterSeconds: 3 } };
  it("puts the negotiated language in message and both in extensions.messages, the code unchanged", () => {
    const zh = localizeError(err, "zh");
    const en = localizeError(err, "en");
    expect(zh.message).toBe("操作过于频繁，请 3 秒后再试。");
    expect(en.message).toBe(err.message);
    expect(zh.extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: 3, messages: { zh: zh.message, en: err.message } });
    expect(en.extensions).toEqual(zh.extensions);
  });
  it("leaves an error with a code outside the table as it is", () => {
    const other = { message: "x", extensions: { code: "SOMETHING_ELSE" } };
    expect(localizeError(other, "zh")).toBe(other);
  });
});
