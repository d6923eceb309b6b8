import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { explorerCsp, explorerEnabled, explorerFromEnv, wantsExplorerPage } from "./index";

const env = { NODE_ENV: process.env.NODE_ENV, GATEWAY_EXPLORER: process.env.GATEWAY_EXPLORER };
afterEach(() => { for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v; });

describe("explorer settings", () => {
  it("is on in development, off in production unless GATEWAY_EXPLORER=on, and refuses other values", () => {
    delete process.env.NODE_ENV;
    expect([explorerEnabled(undefined), explorerEnabled("off"), explorerEnabled("on")]).toEqual([true, false, true]);
    process.env.NODE_ENV = "production";
    expect([explorerEnabled(undefined), explorerEnabled(""), explorerEnabled("on")]).toEqual([false, false, true]);
    delete process.env.GATEWAY_EXPLORER;
    expect(explorerFromEnv()).toBe(false);
    expect(() => explorerEnabled("yes")).toThrow(/GATEWAY_EXPLORER must be "on" or "off"/);
  });

  it("allows scripts, workers and connections only from the gateway, plus the hub for the sign-in", () => {
    const csp = explorerCsp("http://127.0.0.1:4400");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4400;");
    expect(csp).not.toMatch(/unsafe-eval|https:|\*/);
    expect(explorerCsp()).toContain("connect-src 'self';");
  });

  it("takes a browser navigation for the page, and a GraphQL GET or an API client for GraphQL", async () => {
    const app = express();
    app.all("/graphql", (req, res) => { res.json(wantsExplorerPage(req)); });
    const server = await new Promise<Server>((resolve) => { const s = app.listen(0, "127.0.0.1", () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const asks = async (accept: string, path = "/graphql", method = "GET") => (await fetch(`${base}${path}`, { method, headers: { accept } })).json();
    try {
      const navigation = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
      expect(await asks(navigation)).toBe(true);
      expect(await asks(navigation, "/graphql?query=%7B__typename%7D")).toBe(false);
      expect(await asks("application/json")).toBe(false);
      expect(await asks("*/*")).toBe(false);
      expect(await asks(navigation, "/graphql", "POST")).toBe(false);
    } finally {
      server.close();
    }
  });
});
