import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { emptyAccessMap } from "../../lib/access/requirements";
import { MemoryStore } from "../../lib/store";
import { ownSubschemas } from "../own-schemas";
import { answerSchema, publicSchemaOf, subschemaFor } from "../stitch";
import { sdlDir, shapeFromSdl, type SubgraphShape } from "../subgraph-schema";
import { plannedExecution } from "./planned";
import { entitiesQuery, rootQuery, type QueryPlan } from "./planner";

// The gateway's own schema over the emitted SDL of every subgraph, as at start-up.
const shapes = new Map<string, SubgraphShape>(
  readdirSync(sdlDir)
    .filter((f) => f.endsWith(".graphql") && f !== "gateway.graphql")
    .map((f) => [f.replace(/\.graphql$/, ""), shapeFromSdl(readFileSync(join(sdlDir, f), "utf8"))]),
);
const subschemas = [...[...shapes].map(([name, shape]) => subschemaFor({ name, url: "http://unused" }, shape, async () => ({}))), ...ownSubschemas(new MemoryStore())];
const publicSchema = publicSchemaOf(subschemas);
const planned = plannedExecution({
  sources: { schema: publicSchema, subgraphs: shapes },
  stitched: publicSchema,
  answers: answerSchema(publicSchema, emptyAccessMap(), () => undefined as never, () => undefined),
  executors: new Map(),
  admit: () => async (_r, o) => o,
  admitRoot: () => async () => undefined,
});
const planOf = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => planned.planOf({ document: parse(query), query, variables, operationName });
/** Every subgraph request of a plan, as text, by level. */
const requests = (plan: QueryPlan | null) => plan && [plan.roots.map((f) => `${f.subgraph}: ${rootQuery(f)}`), ...plan.levels.map((l) => l.map((f) => `${f.subgraph}: ${entitiesQuery([f])}`))];

const FIVE = "query($id: IdNumber!) { person(idNumber: $id) { name socialInsurance { enrolments { status } } employment { registration { status } } archive { keeper } laborFilings { status } socialSecurityCard { status } } }";

describe("query plans", () => {
  it("one person over five systems: the owner of person, then the four others through _entities on the key, one request each", () => {
    expect(requests(planOf(FIVE))).toEqual([
      ["social-insurance: query($id: IdNumber!){person(idNumber:$id){name socialInsurance{enrolments{status}} idNumber}}"],
      [
        "employment: query($representations0:[_Any!]!){_0:_entities(representations:$representations0){...on Person{employment{registration{status}} idNumber}}}",
        "personnel: query($representations0:[_Any!]!){_0:_entities(representations:$representations0){...on Person{archive{keeper} idNumber}}}",
        "labor-relations: query($representations0:[_Any!]!){_0:_entities(representations:$representations0){...on Person{laborFilings{status} idNumber}}}",
        "card: query($representations0:[_Any!]!){_0:_entities(representations:$representations0){...on Person{socialSecurityCard{status} idNumber}}}",
      ],
    ]);
  });

  it("keeps the client's response keys, so answers merge without renaming", () => {
    const [[root]] = requests(planOf(`{ a: person(idNumber: "11010519491231002X") { n: name } b: person(idNumber: "440524188001010014") { name } }`))!;
    expect(root).toBe(`social-insurance: query{a:person(idNumber:"11010519491231002X"){n:name idNumber} b:person(idNumber:"440524188001010014"){name idNumber}}`);
  });

  it("a second level of entities waits for the first: employers' filings' people", () => {
    const plan = planOf(`{ employer(creditCode: "91140100MA0L2B3C4D") { hiringFilings { person { archive { keeper } employment { registration { status } } } } } }`)!;
    expect(plan.roots.map((f) => f.subgraph)).toEqual(["social-insurance"]);
    expect(plan.levels.map((l) => l.map((f) => `${f.subgraph} ${f.entity!.typeName} at ${f.path.join(".")}`))).toEqual([
      ["personnel Employer at employer"],
      ["employment Person at employer.hiringFilings.person"],
    ]);
  });

  it("the same shape gets the same plan; a change of alias, fragment, variable, condition or operation gets its own", () => {
    const base = `query Q($id: IdNumber!, $more: Boolean!) { person(idNumber: $id) { name archive @include(if: $more) { keeper } } }`;
    const first = planOf(base, { id: "11010519491231002X", more: true }, "Q");
    expect(planOf(base, { id: "440524188001010014", more: true }, "Q")).toBe(first); // another person, same shape
    const variants = [
      planOf(base, { id: "11010519491231002X", more: false }, "Q"),
      planOf(base.replace("name", "who: name"), { more: true }, "Q"),
      planOf(base.replace("name archive", "...N archive") + " fragment N on Person { name }", { more: true }, "Q"),
      planOf(base.replace("$more: Boolean!", "$more: Boolean!, $x: Int"), { more: true }, "Q"),
      planOf(`${base} query R { persons(first: 1) { edges { cursor } } }`, { more: true }, "R"),
    ];
    for (const v of variants) expect(v).not.toBe(first);
    expect(JSON.stringify(requests(variants[0]!))).not.toContain("archive");
    expect(JSON.stringify(requests(first))).toContain("archive");
    expect(JSON.stringify(requests(variants[1]!))).toContain("who:name");
    expect(requests(variants[4]!)).toEqual([["social-insurance: query{persons(first:1){edges{cursor}}}"]]);
  });

  it("mutations, introspection and the gateway's own fields are not planned (they run through stitching)", () => {
    expect(planOf(`mutation { reportCardLoss(idNumber: "11010519491231002X", idempotencyKey: "k") { status } }`)).toBeNull();
    expect(planOf(`{ __schema { queryType { name } } }`)).toBeNull();
    expect(planOf(`{ person(idNumber: "11010519491231002X") { name } apiKeys { id } }`)).toBeNull();
    // a variable named like the plan's own entity variables
    expect(planOf(`query($representations0: IdNumber!) { person(idNumber: $representations0) { archive { keeper } } }`)).toBeNull();
  });
});
