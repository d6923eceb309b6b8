import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LegacyStandIn } from "../../lib/legacy-server";
import { MemoryStore } from "../../lib/store";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph";
import { demoData } from "../../schema/demo";
import { gql } from "../../tests/support/graphql";
import { clerk } from "../../tests/support/principals";
import { PRINCIPAL_HEADER, signPrincipal } from "../../lib/principal";
import { CodeTables, defaultCodeTablesPath } from "./code-tables";
import { createSocialInsuranceSubgraph, startSocialInsuranceLegacy } from "./index";

describe("a platform code the configured tables do not know", () => {
  let legacy: LegacyStandIn;
  let subgraph: RunningSubgraph;
  const store = new MemoryStore();
  beforeAll(async () => {
    legacy = await startSocialInsuranceLegacy({ port: 0 });
    const tables = JSON.parse(readFileSync(defaultCodeTablesPath, "utf8")) as Record<string, Record<string, unknown>>;
    delete tables.AAE140!["510"]; // a vendor table that lacks 生育保险
    subgraph = await serveSubgraph(createSocialInsuranceSubgraph({ store, legacyUrl: legacy.url, codeTables: new CodeTables(tables as never) }), 0);
  });
  afterAll(async () => {
    await subgraph.close();
    await legacy.close();
    await store.close();
  });

  it("is reported on its own field, with the raw code kept and the rest of the record intact", async () => {
    const p = demoData().people.find((x) => x.stage === "EMPLOYED")!;
    const r = await gql<{ person: { name: string; socialInsurance: { enrolments: { insurance: string | null; insuranceCode: string; status: string }[] } } }>(
      `${subgraph.url}/graphql`,
      "query($id: IdNumber!) { person(idNumber: $id) { name socialInsurance { enrolments { insurance insuranceCode status } } } }",
      { id: p.idNumber },
      { [PRINCIPAL_HEADER]: signPrincipal(clerk, { audience: "social-insurance", requestId: "test" }) },
    );
    expect(r.data!.person.name).toBe(p.name);
    const maternity = r.data!.person.socialInsurance.enrolments.find((e) => e.insuranceCode === "510")!;
    expect(maternity).toEqual({ insurance: null, insuranceCode: "510", status: "ACTIVE" });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.path).toEqual(["person", "socialInsurance", "enrolments", 4, "insurance"]);
    expect(r.errors![0]!.extensions).toMatchObject({ code: "UNKNOWN_LEGACY_CODE", codeTable: "AAE140", legacyCode: "510" });
  });
});
