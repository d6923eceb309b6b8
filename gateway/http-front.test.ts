import { ApolloServer } from "@apollo/server";
import { afterEach, describe, expect, it } from "vitest";
import { buildSchema, parse } from "graphql";
import { apolloHygieneOptions, trustedProxies } from "./http-front";
import { countTokens, defaultLimits, effectiveLimits, tokenRefusal } from "./limits";

describe("trustedProxies", () => {
  it("trusts nobody by default", () => {
    expect(trustedProxies(undefined)).toBe(false);
    expect(trustedProxies("")).toBe(false);
    expect(trustedProxies(" , ")).toBe(false);
  });

  it("takes addresses, CIDR ranges and express's named ranges", () => {
    expect(trustedProxies("10.0.0.0/8, 127.0.0.1,::1, fd00::/8 ,loopback")).toEqual(["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8", "loopback"]);
  });

  it("refuses what is not an address or a range, naming it", () => {
    expect(() => trustedProxies("127.0.0.1, proxy.example")).toThrow(/GATEWAY_TRUSTED_PROXIES.*proxy\.example/);
    expect(() => trustedProxies("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => trustedProxies("10.0.0.0/8/1")).toThrow();
    expect(() => trustedProxies("true")).toThrow(); // "trust everyone" is not an option here
  });
});

describe("token counting", () => {
  it("counts as the parser does, comments and commas aside", () => {
    expect(countTokens("{ a }", 100)).toBe(3);
    expect(countTokens("{ a, b } # a comment with many words", 100)).toBe(4);
    // graphql-js's own count: parsing with maxTokens = n succeeds, with n - 1 it refuses
    const doc = 'query($x: Int) { f(x: $x) @skip(if: true) ...on Query { g } } # end';
    const n = countTokens(doc, 100)!;
    expect(n).toBe(29);
    expect(() => parse(doc, { maxTokens: n })).not.toThrow();
    expect(() => parse(doc, { maxTokens: n - 1 })).toThrow(/Document contains more .* tokens/);
  });

  it("stops once past the cap, and leaves syntax errors to the parser", () => {
    expect(countTokens("a ".repeat(1_000_000), 10)).toBe(11);
    expect(countTokens('{ a "unterminated', 100)).toBeUndefined();
  });

  it("refuses past maxTokens with QUERY_TOO_COMPLEX", () => {
    expect(tokenRefusal("{ a }", { ...defaultLimits, maxTokens: 3 })).toBeUndefined();
    expect(tokenRefusal("{ a b }", { ...defaultLimits, maxTokens: 3 })?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "maxTokens", maxTokens: 3 });
  });
});

describe("limits in force", () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => { process.env.NODE_ENV = nodeEnv; });

  it("fills caps not given from the defaults, and suggests names only outside production", () => {
    expect(effectiveLimits({ maxDepth: 3, maxCost: 200 })).toEqual({ ...defaultLimits, maxDepth: 3, maxCost: 200, fieldSuggestions: true });
    expect(effectiveLimits({ maxDepth: 3, maxCost: 200, maxAliases: undefined }).maxAliases).toBe(defaultLimits.maxAliases);
    process.env.NODE_ENV = "production";
    expect(effectiveLimits().fieldSuggestions).toBe(false);
  });
});

describe("apolloHygieneOptions", () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => { process.env.NODE_ENV = nodeEnv; });
  const schema = buildSchema("type Query { contactPoints: [String!]! }");

  async function messageFor(query: string) {
    const server = new ApolloServer({ schema, ...apolloHygieneOptions() });
    await server.start();
    try {
      const r = await server.executeOperation({ query });
      return r.body.kind === "single" ? r.body.singleResult.errors?.[0]?.message : undefined;
    } finally {
      await server.stop();
    }
  }

  // batching refused over HTTP: gateway-hygiene.test.ts; signals left to the process: clean-stop.test.ts
  it("hides suggestions in production only", async () => {
    expect(await messageFor("{ contactPoint }")).toMatch(/Did you mean/);
    process.env.NODE_ENV = "production";
    expect(await messageFor("{ contactPoint }")).toBe('Cannot query field "contactPoint" on type "Query".');
  });
});
