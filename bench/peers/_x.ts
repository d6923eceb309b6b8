import { signInAsCli } from "../../auth/cli/sign-in";
import { demoCredentials } from "../../auth/demo-accounts";
const c = demoCredentials().find((c) => c.login === "clerk-taiyuan")!;
const t = await signInAsCli({ hubUrl: "http://127.0.0.1:5400", login: c.login, password: c.password, totpSecret: c.totpSecret });
console.log(JSON.parse(Buffer.from(t.access_token.split(".")[1]!, "base64url").toString()));
const q = async (query: string, variables?: unknown) => (await (await fetch("http://127.0.0.1:5000/graphql", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t.access_token}` }, body: JSON.stringify({ query, variables }) })).text());
console.log((await q('{ persons(first: 2) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { idNumber region } } } }')));
console.log((await q('{ persons(first: 2, region: "太原市") { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { idNumber region name socialInsurance { enrolments { insurance status } } employment { registration { status } } archive { keeper } laborFilings { status } socialSecurityCard { status } } } } }')).slice(0, 1500));
