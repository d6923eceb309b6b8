import { readFileSync } from "node:fs";
import { addResolversToSchema, makeExecutableSchema } from "@graphql-tools/schema";
import { buildSchema, getNamedType, graphql, GraphQLScalarType, isObjectType, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import type { Principal } from "../lib/principal";
import { IdNumberScalar } from "../schema/scalars/graphql";
import { checkIdNumber } from "../schema/scalars/id-number";
import { maskAddress, maskIdNumber, maskName, maskPersonalData, maskPhone, NOT_PERSONAL, PERSONAL_FIELDS, type MaskKind } from "./masking";

const partner = (scopes: string[]): Principal => ({ kind: "partner", subject: "apikey:t", department: "省医保局", scopes, keyId: "t" });
const noPii = partner(["person:read"]);
const withPii = partner(["person:read", "pii:read"]);
const ID = "11010519491231002X";
const ID2 = "440524188001010014";

describe("the maskers", () => {
  it("keeps a name's first character and one star per remaining character", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("阿依古丽·买买提")).toBe("阿*******");
    expect(maskName("王")).toBe("*");
  });
  it("keeps the first 4 and last 4 of an ID number", () => {
    expect(maskIdNumber(ID)).toBe("1101**********002X");
    expect(maskIdNumber("1234567")).toBe("*******");
  });
  it("keeps the first 3 and last 4 of a phone number", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("0351-7654321")).toBe("035****4321");
    expect(maskPhone("12345")).toBe("****");
  });
  it("keeps only the region of an address", () => {
    expect(maskAddress("山西省太原市小店区平阳路1号")).toBe("山西省太原市小店区");
    expect(maskAddress("太原市迎泽区迎泽大街100号3单元")).toBe("太原市迎泽区");
    expect(maskAddress("内蒙古自治区呼和浩特市回民区某街")).toBe("内蒙古自治区呼和浩特市回民区");
    expect(maskAddress("平阳路1号")).toBe("***");
  });
});

// A scalar stricter than today's IdNumber: it refuses to serialize anything that is not a valid
// ID number, as a validating scalar may. Masked values must still get through it.
const StrictIdNumber = new GraphQLScalarType({
  ...IdNumberScalar.toConfig(),
  serialize: (v) => {
    const s = String(v);
    if (!checkIdNumber(s).ok) throw new Error(`not an ID number: ${s}`);
    return s;
  },
});

function smallSchema(): GraphQLSchema {
  const people: Record<string, Record<string, unknown>> = {
    [ID]: { idNumber: ID, name: "张三", phone: "13812345678", address: "山西省太原市小店区平阳路1号", phones: ["13812345678", null], employer: { name: "太原重工股份有限公司" } },
    [ID2]: { idNumber: ID2, name: "欧阳娜娜", phone: null, address: null, phones: [], employer: null },
  };
  return makeExecutableSchema({
    typeDefs: /* GraphQL */ `
      scalar IdNumber
      type Employer { name: String }
      type Person { idNumber: IdNumber! name: String phone: String phones: [String] address: String employer: Employer asyncName: String }
      type Query { person(idNumber: IdNumber!): Person persons: [Person!]! }
    `,
    resolvers: {
      IdNumber: StrictIdNumber,
      Person: { asyncName: async (p: { name: string }) => p.name },
      Query: { person: (_: unknown, a: { idNumber: string }) => people[a.idNumber] ?? null, persons: () => Object.values(people) },
    },
  });
}
const smallTable: Record<string, Record<string, MaskKind>> = {
  Person: { name: "name", idNumber: "idNumber", phone: "phone", phones: "phone", address: "address", asyncName: "name" },
};

const run = (schema: GraphQLSchema, source: string, principal: Principal | undefined, variableValues?: Record<string, unknown>) =>
  graphql({ schema, source, variableValues, contextValue: { principal, requestId: "t" } });

describe("maskPersonalData over a small schema", () => {
  const schema = maskPersonalData(smallSchema(), { fields: smallTable });
  const q = "{ persons { idNumber name asyncName phone phones address employer { name } } }";

  it("masks every personal field of every list item for a partner without pii:read", async () => {
    const r = await run(schema, q, noPii);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      persons: [
        { idNumber: "1101**********002X", name: "张*", asyncName: "张*", phone: "138****5678", phones: ["138****5678", null], address: "山西省太原市小店区", employer: { name: "太原重工股份有限公司" } },
        { idNumber: "4405**********0014", name: "欧***", asyncName: "欧***", phone: null, phones: [], address: null, employer: null },
      ],
    });
  });

  it("leaves them as they are for a partner with pii:read", async () => {
    const r = await run(schema, q, withPii);
    expect(r.errors).toBeUndefined();
    expect((r.data!.persons as Record<string, unknown>[])[0]).toMatchObject({ idNumber: ID, name: "张三", phone: "13812345678", address: "山西省太原市小店区平阳路1号" });
  });

  it("fails closed: a caller with no scopes at all also sees masked values", async () => {
    const r = await run(schema, "{ person(idNumber: \"11010519491231002X\") { name idNumber } }", undefined);
    expect(r.data).toEqual({ person: { name: "张*", idNumber: "1101**********002X" } });
  });

  it("serializes a masked ID number through a validating scalar, which still refuses a bad unmasked value", async () => {
    const unmasked = maskPersonalData(makeExecutableSchema({
      typeDefs: "scalar IdNumber type Query { bad: IdNumber }",
      resolvers: { IdNumber: StrictIdNumber, Query: { bad: () => "1101**********002X" } },
    }), { fields: {} });
    const r = await run(unmasked, "{ bad }", withPii);
    expect(r.errors?.[0]?.message).toMatch(/not an ID number/);
  });

  it("does not loosen input: a masked ID number as an argument is still INVALID_ID_NUMBER", async () => {
    const literal = await run(schema, "{ person(idNumber: \"1101**********002X\") { name } }", noPii);
    expect(literal.errors?.[0]?.extensions?.code).toBe("INVALID_ID_NUMBER");
    const variable = await run(schema, "query($id: IdNumber!) { person(idNumber: $id) { name } }", noPii, { id: "1101**********002X" });
    expect(variable.errors?.[0]?.extensions?.code).toBe("INVALID_ID_NUMBER");
  });

});

describe("maskPersonalData over the stitched gateway schema", () => {
  const sdl = readFileSync(new URL("../schema/sdl/gateway.graphql", import.meta.url), "utf8");

  it("lists every field that looks personal, as masked or as not personal with a reason", () => {
    const schema = buildSchema(sdl, { assumeValidSDL: true });
    const looksPersonal = /^(name|idNumber|phone|mobile|telephone|tel|address|email|number|personNo|.*(Name|IdNumber|Phone|Mobile|Address|CardNo)$)$/;
    // names of catalogue things carried on other types, e.g. materialName, scenarioName, itemName
    const catalogueName = /^(materialName|scenarioName|itemName)$/;
    const unlisted: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.keys(type.getFields())) {
        const at = `${type.name}.${field}`;
        if (!looksPersonal.test(field) || catalogueName.test(field)) continue;
        if (!PERSONAL_FIELDS[type.name]?.[field] && !NOT_PERSONAL[at]) unlisted.push(at);
      }
    }
    expect(unlisted).toEqual([]);
    // and every entry of the table exists, so a renamed field is noticed too
    for (const [typeName, fields] of Object.entries(PERSONAL_FIELDS)) {
      const type = schema.getType(typeName);
      for (const field of Object.keys(fields)) expect(isObjectType(type) && type.getFields()[field], `${typeName}.${field}`).toBeTruthy();
    }
  });

  it("masks a person's co-workers reached through her employer, and keeps the employer's name", async () => {
    const coworker = { idNumber: ID2, name: "欧阳娜娜" };
    const employer = { creditCode: "91140100MA0GTQ6Q0B", name: "太原重工股份有限公司", insuredStaff: { edges: [{ cursor: "c", node: coworker }], totalCount: 1, pageInfo: { hasNextPage: false } }, socialInsuranceRoster: [{ idNumber: ID2 }] };
    const person = { idNumber: ID, name: "张三", socialInsurance: { personNo: "140104729000", enrolments: [{ employer, insuranceCode: "110", since: "2020-01-01" }] }, socialSecurityCard: { number: "140100012345", status: "ACTIVE" } };
    const schema = maskPersonalData(addResolversToSchema({
      schema: buildSchema(sdl, { assumeValidSDL: true }),
      resolvers: { IdNumber: StrictIdNumber, Query: { person: () => person } },
    }));
    const personType = schema.getType("Person");
    // the public schema is the same for every caller: the field is still of type IdNumber
    expect(isObjectType(personType) && getNamedType(personType.getFields().idNumber!.type).name).toBe("IdNumber");
    const r = await run(schema, `{ person(idNumber: "${ID}") { idNumber name socialSecurityCard { number } socialInsurance { personNo enrolments { employer { name insuredStaff { edges { node { idNumber name } } } socialInsuranceRoster { idNumber } } } } } }`, noPii);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      person: {
        idNumber: "1101**********002X",
        name: "张*",
        socialSecurityCard: { number: "1401****2345" },
        socialInsurance: { personNo: "1401****9000", enrolments: [{ employer: { name: "太原重工股份有限公司", insuredStaff: { edges: [{ node: { idNumber: "4405**********0014", name: "欧***" } }] }, socialInsuranceRoster: [{ idNumber: "4405**********0014" }] } }] },
      },
    });
  });
});
