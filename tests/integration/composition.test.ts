import { readFileSync } from "node:fs";
import { join } from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { sdlDir } from "../../gateway/subgraph-schema";
import { readAccess } from "../../lib/access/requirements";

/**
 * The subgraphs as any Federation router would take them: the emitted SDL composes with Apollo's
 * own composition, auth directives included, so Apollo Router or Hive Gateway in front of the same
 * subgraphs enforce the same access.
 */
const names = ["catalogue", "social-insurance", "employment", "personnel", "labor-relations", "card", "one-thing"];
const services = names.map((name) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(join(sdlDir, `${name}.graphql`), "utf8")) }));

describe("the subgraphs compose with @apollo/composition", () => {
  const result = composeServices(services);

  it("with no errors", () => {
    expect(result.errors?.map((e) => `${e.extensions?.code}: ${e.message}`) ?? []).toEqual([]);
  });

  it("keeping every subgraph's auth directives in the supergraph", () => {
    const supergraph = result.supergraphSdl ?? "";
    expect(supergraph).toMatch(/type Person[^{]*@authenticated[^{]*@policy\(policies: \[\["person"\]\]\)/);
    expect(supergraph).toMatch(/archive: PersonnelArchive[^\n]*@requiresScopes\(scopes: \[\["archive:read"\]\]\)/);
    expect(supergraph).toMatch(/reportCardLoss\([^)]*\): ItemReceipt![^\n]*@policy\(policies: \[\["agency-item"\]\]\)/);
  });

  it("declaring access on every agency's people, employers' staff and item operations", () => {
    for (const name of ["social-insurance", "employment", "personnel", "labor-relations", "card"]) {
      const access = readAccess(services.find((s) => s.name === name)!.typeDefs);
      expect(access.types.get("Person")?.policies, name).toEqual([[["person"]]]);
      const mutations = [...access.fields.keys()].filter((k) => k.startsWith("Mutation."));
      expect(mutations.length, name).toBeGreaterThan(0);
      for (const m of mutations) expect(access.fields.get(m)?.policies, m).toEqual([[["agency-item"]]]);
    }
  });
});
