import { defaults } from "../lib/config";
import { load, startSystem, stopSystem, table, type LoadResult } from "./support";

/**
 * The gateway's hot path, measured in one run on one machine: the same one-subgraph query sent
 * straight to the subgraph and through the gateway, and the five-system person query for 1 and for
 * 50 people. Figures are only comparable within one run (shared, noisy 2-core machines).
 *
 *   npm run bench:gateway            # 8 s per measurement
 *   BENCH_SECONDS=20 npm run bench:gateway
 */
const OFFSET = 20_000; // beside a running `npm start`
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const port = (p: number) => p + OFFSET;

const child = await startSystem(OFFSET);
const rows: LoadResult[] = [];
try {
  const gateway = `http://127.0.0.1:${port(defaults.ports.gateway)}/graphql`;
  const catalogue = `http://127.0.0.1:${port(defaults.ports.catalogue)}/graphql`;
  const itemQuery = { query: '{ serviceItem(code: "2.4.2") { code name area agency acceleratedLimit { value unit } } }' };
  // warm both paths (JIT, connection pools) before measuring
  await load("warm-up", gateway, itemQuery, { seconds: 2 });
  await load("warm-up", catalogue, itemQuery, { seconds: 2 });
  const direct = await load("catalogue item, direct to subgraph", catalogue, itemQuery, { seconds });
  const through = await load("catalogue item, through gateway", gateway, itemQuery, { seconds });
  rows.push(direct, through);

  const personFields = process.env.BENCH_PERSON_FIELDS;
  const probe = await fetch(gateway, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __type(name: \"Person\") { fields { name } } }" }) });
  const personType = ((await probe.json()) as { data?: { __type?: { fields: { name: string }[] } | null } }).data?.__type;
  if (personType) {
    const fields = personFields ?? [
      "name",
      "socialInsurance { enrolments { insurance status } }",
      "employment { registration { status } }",
      "archive { keeper }",
      "laborFilings { status }",
      "socialSecurityCard { status }",
    ].filter((f) => personType.fields.some((x) => x.name === f.split(" ")[0])).join(" ");
    const one = { query: `query($id: IdNumber!) { person(idNumber: $id) { idNumber ${fields} } }`, variables: { id: process.env.BENCH_ID ?? (await firstId(gateway)) } };
    const fifty = { query: `{ persons(first: 50) { edges { node { idNumber ${fields} } } } }` };
    await load("warm-up", gateway, fifty, { seconds: 2 });
    rows.push(await load("person, 5 systems, 1 person, through gateway", gateway, one, { seconds }));
    rows.push(await load("persons, 5 systems, 50 people, through gateway", gateway, fifty, { seconds }));
  }
  console.log(table(rows));
  console.log(`\ngateway/direct throughput ratio: ${(through.rps / direct.rps).toFixed(2)}  (p50 latency ratio ${(through.p50 / Math.max(direct.p50, 0.01)).toFixed(2)})`);
} finally {
  await stopSystem(child);
}

async function firstId(gateway: string): Promise<string> {
  const r = await fetch(gateway, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ persons(first: 1) { edges { node { idNumber } } } }" }) });
  const body = (await r.json()) as { data: { persons: { edges: { node: { idNumber: string } }[] } } };
  return body.data.persons.edges[0]!.node.idNumber;
}
