import { defaults } from "../lib/config";
import { signInAsCli } from "../auth/cli/sign-in";
import { demoCredentials } from "../auth/demo-accounts";
import { load, startGatewayProcess, startSystem, stopSystem, table, type LoadResult } from "./support";

/**
 * The gateway's hot path, measured in one run on one machine: the same one-subgraph query sent
 * straight to the subgraph and through the gateway, and the five-system person query for 1 and for
 * 50 people, with the data-sharing cache and without. Figures are only comparable within one run
 * (shared, noisy 2-core machines). The gateways run in processes of their own, the subgraphs and
 * stand-ins together in the development system's process.
 *
 *   npm run bench:gateway            # 8 s per measurement
 *   BENCH_SECONDS=20 npm run bench:gateway
 */
const OFFSET = 20_000; // beside a running `npm start`
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const port = (p: number) => p + OFFSET;

// The gateway's own rate limits would cap the load generator; measure the path, not the limiter.
const child = await startSystem(OFFSET, { RATE_LIMIT_ANONYMOUS: "100000000", RATE_LIMIT_STAFF: "100000000" });
// Gateways in their own processes, as deployed: the development system runs everything in one
// event loop, where the gateway would compete with the very subgraphs it calls.
const gatewayEnv = { KUAIBAN_PORT_OFFSET: String(OFFSET), RATE_LIMIT_STAFF: "100000000", RATE_LIMIT_ANONYMOUS: "100000000" };
const cachedPort = port(defaults.ports.gateway) + 1;
const nocachePort = port(defaults.ports.gateway) + 2;
const cached = await startGatewayProcess(cachedPort, gatewayEnv);
const nocache = await startGatewayProcess(nocachePort, { ...gatewayEnv, SHARE_CACHE_TTL_MS: "0" });
const nocacheGateway = `http://127.0.0.1:${nocachePort}/graphql`;
const rows: LoadResult[] = [];
try {
  const gateway = `http://127.0.0.1:${cachedPort}/graphql`;
  // Person data needs a credential: a demo clerk signs in at the hub like any script would.
  const clerk = demoCredentials().find((c) => c.login === "staff-social-insurance")!;
  const tokens = await signInAsCli({ hubUrl: `http://127.0.0.1:${port(defaults.ports.auth)}`, login: clerk.login, password: clerk.password, totpSecret: clerk.totpSecret });
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const catalogue = `http://127.0.0.1:${port(defaults.ports.catalogue)}/graphql`;
  const itemQuery = { query: '{ serviceItem(code: "2.4.2") { code name area agency acceleratedLimit { value unit } } }' };
  // warm both paths (JIT, connection pools) before measuring
  await load("warm-up", gateway, itemQuery, { seconds: 2 });
  await load("warm-up", catalogue, itemQuery, { seconds: 2 });
  const direct = await load("catalogue item, direct to subgraph", catalogue, itemQuery, { seconds });
  const through = await load("catalogue item, through gateway", gateway, itemQuery, { seconds });
  rows.push(direct, through);

  const personFields = process.env.BENCH_PERSON_FIELDS;
  const probe = await fetch(gateway, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ query: "{ __type(name: \"Person\") { fields { name } } }" }) });
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
    const one = { query: `query($id: IdNumber!) { person(idNumber: $id) { idNumber ${fields} } }`, variables: { id: process.env.BENCH_ID ?? (await firstId(gateway, auth)) } };
    const fifty = { query: `{ persons(first: 50) { edges { node { idNumber ${fields} } } } }` };
    await load("warm-up", gateway, fifty, { seconds: 2, headers: auth });
    rows.push(await load("person, 5 systems, 1 person (cached)", gateway, one, { seconds, headers: auth }));
    rows.push(await load("persons, 5 systems, 50 people (cached)", gateway, fifty, { seconds, headers: auth }));
    rows.push(await load("persons, 5 systems, 50 people (cache off)", nocacheGateway, fifty, { seconds, headers: auth }));
  }
  console.log(table(rows));
  console.log(`\ngateway/direct throughput ratio: ${(through.rps / direct.rps).toFixed(2)}  (p50 latency ratio ${(through.p50 / Math.max(direct.p50, 0.01)).toFixed(2)})`);
} finally {
  await stopSystem(cached);
  await stopSystem(nocache);
  await stopSystem(child);
}

async function firstId(gateway: string, auth: Record<string, string>): Promise<string> {
  const r = await fetch(gateway, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ query: "{ persons(first: 1) { edges { node { idNumber } } } }" }) });
  const body = (await r.json()) as { data: { persons: { edges: { node: { idNumber: string } }[] } } };
  return body.data.persons.edges[0]!.node.idNumber;
}
