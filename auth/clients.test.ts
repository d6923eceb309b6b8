import { afterEach, describe, expect, it } from "vitest";
import { portalsFromEnv } from "./clients";
import { parsePartnerClients } from "./partners";

const env = process.env.NODE_ENV;
afterEach(() => { process.env.NODE_ENV = env; });

describe("registered clients from the environment", () => {
  it("takes portals from AUTH_PORTALS; without it the demo portals and the dashboard in development and none in production", () => {
    const portal = { clientId: "portal-x", clientName: "某门户", url: "https://x.example.gov.cn", clientSecret: "s".repeat(32) };
    expect(portalsFromEnv(JSON.stringify([portal]))).toEqual([portal]);
    expect(portalsFromEnv("").map((p) => p.clientId)).toEqual(["portal-service-hall", "portal-employment", "dashboard"]);
    process.env.NODE_ENV = "production";
    expect(portalsFromEnv("")).toEqual([]);
    expect(() => portalsFromEnv(JSON.stringify([{ ...portal, clientSecret: "short" }]))).toThrow(/AUTH_PORTALS is invalid at 0\.clientSecret/);
  });

  it("validates partner clients: known read scopes only, long secrets", () => {
    const p = { clientId: "partner-a", clientSecret: "s".repeat(32), department: "省医疗保障局", scopes: ["person:read"] };
    expect(parsePartnerClients(JSON.stringify([p]))).toEqual([p]);
    expect(parsePartnerClients(undefined)).toEqual([]);
    expect(() => parsePartnerClients("{")).toThrow(/not valid JSON/);
    expect(() => parsePartnerClients(JSON.stringify([{ ...p, scopes: [] }]))).toThrow(/scopes/);
    expect(() => parsePartnerClients(JSON.stringify([{ ...p, scopes: ["openid"] }]))).toThrow(/scopes/);
    expect(() => parsePartnerClients(JSON.stringify([{ ...p, extra: 1 }]))).toThrow(/AUTH_PARTNER_CLIENTS is invalid at 0/);
    expect(() => portalsFromEnv("[")).toThrow(/AUTH_PORTALS is not valid JSON/);
  });
});
