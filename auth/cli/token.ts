import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaults, isProduction } from "../../lib/config";
import type { DemoCredential } from "../demo-accounts";
import { authSettings } from "../settings";
import { signInAsCli } from "./sign-in";

/*
 * npm run token -- --user <login> [--hub http://127.0.0.1:4400]
 * Signs a demo account in through the hub and prints an access token for the gateway on stdout,
 * so that:  curl -H "Authorization: Bearer $(npm run -s token -- --user op-01)" ...
 */
const { values } = parseArgs({ options: { user: { type: "string" }, hub: { type: "string" }, json: { type: "boolean" } } });
if (isProduction()) {
  console.error("npm run token is for development only (it reads demo credentials)");
  process.exit(2);
}
if (!values.user) {
  console.error("usage: npm run token -- --user <login>   (logins: .data/demo-credentials.json)");
  process.exit(2);
}
const hubUrl = values.hub ?? process.env.AUTH_ISSUER ?? `http://${defaults.host}:${defaults.ports.auth}`;
const file = join(authSettings().dataDir, "demo-credentials.json");
let creds: DemoCredential[];
try {
  creds = (JSON.parse(readFileSync(file, "utf8")) as { accounts: DemoCredential[] }).accounts;
} catch {
  console.error(`no demo credentials at ${file}: start the hub in development first (npm start)`);
  process.exit(1);
}
const cred = creds.find((c) => c.login.toLowerCase() === values.user!.toLowerCase());
if (!cred) {
  console.error(`no demo account "${values.user}" in ${file}`);
  process.exit(1);
}
try {
  const tokens = await signInAsCli({ hubUrl, login: cred.login, password: cred.password, totpSecret: cred.totpSecret });
  if (values.json) {
    console.log(JSON.stringify({ access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_in: tokens.expires_in }, null, 2));
  } else {
    console.log(tokens.access_token);
  }
  console.error(`signed in as ${cred.login} (${cred.kind}); the token expires in ${tokens.expires_in ?? "?"} s`);
  console.error(`try: curl -s ${authSettings().gatewayUrl} -H "authorization: Bearer <token>" -H "content-type: application/json" -d '{"query":"{ __typename }"}'`);
} catch (err) {
  console.error(`sign-in failed: ${(err as Error).message}`);
  process.exit(1);
}
