import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAsCli } from "../../auth/cli/sign-in";
import { createTokenVerifier } from "../../gateway/auth/verify-token";
import { credOf, startStack, type Stack } from "./auth-helpers";
import { sharedTestStore } from "../support/store";

const store = sharedTestStore();
let stack: Stack;
beforeAll(async () => { stack = await startStack(store); });
afterAll(async () => { await stack?.close(); await store.close(); });

describe("tokens for scripts (npm run token)", () => {
  const verify = () => createTokenVerifier({ issuer: stack.hubUrl, audience: "urn:kuaiban:gateway" });

  it("signs an employer operator in through the authorization-code flow and gets a gateway token", async () => {
    const op = credOf(stack.creds, "employer");
    const tokens = await signInAsCli({ hubUrl: stack.hubUrl, login: op.login, password: op.password });
    expect(await verify()(tokens.access_token)).toMatchObject({ kind: "employer", creditCode: op.creditCode });
  });

  it("signs staff in with their TOTP code", async () => {
    const staff = credOf(stack.creds, "staff", 1);
    const tokens = await signInAsCli({ hubUrl: stack.hubUrl, login: staff.login, password: staff.password, totpSecret: staff.totpSecret });
    expect(await verify()(tokens.access_token)).toMatchObject({ kind: "staff", agency: staff.agency, region: staff.region, roles: staff.roles });
  });

  it("carries every demo role's office and region to the gateway: clerk, supervisor, auditor", async () => {
    for (const [login, expected] of [
      ["clerk-taiyuan", { roles: ["clerk"], agency: "window", region: "太原市" }],
      ["supervisor", { roles: ["supervisor"], agency: "conduct-office", region: "省本级" }],
      ["auditor", { roles: ["auditor"], agency: "audit-office", region: "省本级" }],
    ] as const) {
      const staff = stack.creds.find((c) => c.login === login)!;
      const tokens = await signInAsCli({ hubUrl: stack.hubUrl, login, password: staff.password, totpSecret: staff.totpSecret });
      const principal = await verify()(tokens.access_token);
      expect(principal).toEqual({ kind: "staff", subject: expect.stringMatching(/^acc_/), ...expected });
    }
  });

  it("reports a wrong password", async () => {
    const op = credOf(stack.creds, "employer", 1);
    await expect(signInAsCli({ hubUrl: stack.hubUrl, login: op.login, password: "nope" })).rejects.toThrow(/账号或密码不正确/);
  });
});
