import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../lib/store";
import { Accounts } from "./accounts";
import { dataKeys, dataKeysFromEnv } from "./data-key";

const env = process.env.NODE_ENV;
afterEach(() => { process.env.NODE_ENV = env; delete process.env.AUTH_DATA_KEY; });
const key = () => randomBytes(32).toString("base64url");

describe("sealing secrets at rest (AES-256-GCM)", () => {
  it("opens what it sealed, only for the same context and with a configured key", () => {
    const k = dataKeys([key()]);
    const sealed = k.encrypt("JBSWY3DPEHPK3PXP", "totp:acc_1");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(k.decrypt(sealed, "totp:acc_1")).toBe("JBSWY3DPEHPK3PXP");
    expect(k.encrypt("JBSWY3DPEHPK3PXP", "totp:acc_1")).not.toBe(sealed); // a fresh IV each time
    expect(() => k.decrypt(sealed, "totp:acc_2")).toThrow(); // moved onto another account
    expect(() => dataKeys([key()]).decrypt(sealed, "totp:acc_1")).toThrow(); // another key
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered!").toString("base64url");
    expect(() => k.decrypt(parts.join("."), "totp:acc_1")).toThrow();
  });

  it("rotates: the first key seals, the others still open", () => {
    const [oldKey, newKey] = [key(), key()];
    const sealed = dataKeys([oldKey]).encrypt("secret", "c");
    const rotated = dataKeys([newKey, oldKey]);
    expect(rotated.decrypt(sealed, "c")).toBe("secret");
    expect(dataKeys([newKey]).decrypt(rotated.encrypt("secret", "c"), "c")).toBe("secret");
  });

  it("refuses a key that is not 32 bytes, and the development key in production", () => {
    expect(() => dataKeys(["c2hvcnQ"])).toThrow(/32 bytes/);
    process.env.NODE_ENV = "production";
    expect(() => dataKeysFromEnv()).toThrow(/AUTH_DATA_KEY/);
    process.env.AUTH_DATA_KEY = randomBytes(32).toString("hex");
    expect(() => dataKeysFromEnv()).not.toThrow();
  });

  it("seals a record written in plain text before, on its first read", async () => {
    const store = new MemoryStore();
    const accounts = new Accounts(store, "t", dataKeys([key()]));
    await store.set("t:account:acc_old", JSON.stringify({ id: "acc_old", login: "staff-old", kind: "staff", displayName: "x", totpSecret: "JBSWY3DPEHPK3PXP", agency: "card", region: "太原市" }));
    expect((await accounts.byId("acc_old"))!.totpSecret).toBe("JBSWY3DPEHPK3PXP");
    const raw = (await store.get("t:account:acc_old"))!;
    expect(raw).not.toContain("JBSWY3DPEHPK3PXP");
    expect((await accounts.byId("acc_old"))!.totpSecret).toBe("JBSWY3DPEHPK3PXP");
  });

  it("fails closed on a secret it cannot open, rather than reading as not yet enrolled", async () => {
    const store = new MemoryStore();
    await new Accounts(store, "t", dataKeys([key()])).save({ id: "acc_s", login: "s", kind: "staff", displayName: "x", totpSecret: "JBSWY3DPEHPK3PXP" });
    await expect(new Accounts(store, "t", dataKeys([key()])).byId("acc_s")).rejects.toThrow();
  });
});
