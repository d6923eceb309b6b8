import { describe, expect, it } from "vitest";
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLNonNull } from "graphql";
import { checkCreditCode, checkIdNumber, CreditCodeScalar, IdNumberScalar, withIdNumberCheck } from "./index";

describe("IdNumber (GB 11643-1999)", () => {
  it.each(["11010519491231002X", "440524188001010014", "11010519491231002x"])("accepts %s", (v) => {
    expect(checkIdNumber(v)).toMatchObject({ ok: true, value: v.toUpperCase() });
  });
  it.each([
    ["110105194912310021", "CHECK_DIGIT"], // wrong check digit (should be X)
    ["110105194902310027", "DATE"], // 31 February
    ["11010519491231002", "LENGTH"], // 17 characters
    ["1101051949123100AX", "CHARACTER"],
    ["110105299912310024", "DATE"], // born in the future
  ])("rejects %s with %s", (v, problem) => {
    expect(checkIdNumber(v)).toMatchObject({ ok: false, problem });
  });
  it("computes the check character", () => {
    expect(withIdNumberCheck("11010519491231002")).toBe("11010519491231002X");
  });
});

describe("CreditCode (GB 32100-2015)", () => {
  it("accepts a valid code", () => {
    expect(checkCreditCode("91310110666007217T").ok).toBe(true);
  });
  it("rejects an altered check character, a forbidden letter and a short code", () => {
    expect(checkCreditCode("91310110666007217U")).toMatchObject({ ok: false, problem: "CHECK_DIGIT" });
    expect(checkCreditCode("91310110666007217I")).toMatchObject({ ok: false, problem: "CHARACTER" });
    expect(checkCreditCode("9131011066600721")).toMatchObject({ ok: false, problem: "LENGTH" });
  });
});

describe("as GraphQL scalars", () => {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        echoId: { type: GraphQLString, args: { v: { type: new GraphQLNonNull(IdNumberScalar) } }, resolve: (_s, a) => a.v },
        echoCode: { type: GraphQLString, args: { v: { type: new GraphQLNonNull(CreditCodeScalar) } }, resolve: (_s, a) => a.v },
      },
    }),
  });
  it("rejects invalid literals and variables with the stable code before the resolver runs", async () => {
    const literal = await graphql({ schema, source: '{ echoId(v: "110105194902310027") }' });
    expect(literal.errors?.[0]?.extensions?.code).toBe("INVALID_ID_NUMBER");
    expect(literal.data).toBeUndefined();
    const variable = await graphql({ schema, source: "query($v: CreditCode!) { echoCode(v: $v) }", variableValues: { v: "91310110666007217U" } });
    expect(variable.errors?.[0]?.extensions?.code).toBe("INVALID_CREDIT_CODE");
    const ok = await graphql({ schema, source: '{ echoId(v: "11010519491231002x") }' });
    expect(ok.data).toEqual({ echoId: "11010519491231002X" });
  });
});

describe("DateTime", () => {
  it("refuses a day that does not exist instead of rolling it into the next month", async () => {
    const { DateTimeScalar } = await import("./graphql");
    expect(() => DateTimeScalar.parseValue("2020-02-31T10:00:00+08:00")).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "INVALID_DATE" }) }));
    expect((DateTimeScalar.parseValue("2020-09-25T10:00:00+08:00") as Date).toISOString()).toBe("2020-09-25T02:00:00.000Z");
  });
  it("keeps a value already parsed (the gateway's in-process fields) and still refuses an invalid Date or a number", async () => {
    const { DateTimeScalar } = await import("./graphql");
    const parsed = DateTimeScalar.parseValue("2020-09-25T10:00:00+08:00") as Date;
    expect(DateTimeScalar.parseValue(parsed)).toBe(parsed);
    expect(() => DateTimeScalar.parseValue(new Date("nonsense"))).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "INVALID_DATE" }) }));
    expect(() => DateTimeScalar.parseValue(1600000000000)).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "INVALID_DATE" }) }));
  });
});
