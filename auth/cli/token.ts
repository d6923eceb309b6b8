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
const usage = `usage: npm run -s token -- --user <login> [--hub <url>] [--json]
  --user  a demo login from .data/demo-credentials.json (written by npm start): a citizen's ID number,
          op-01 … (employer operators), staff-<agency>, clerk-taiyuan, supervisor, auditor, admin
  --hub   the SSO hub (default AUTH_ISSUER, else http://127.0.0.1:4400)
  --json  print access and refresh token as JSON instead of the bare access token
Signs in through the hub's code flow and prints an access token for the gateway on stdout.`;
let values: { user?: string; hub?: string; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({ options: { user: { type: "string" }, hub: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (isProduction()) {
  console.error("npm run token is for development only (it reads demo credentials)");
  process.exit(2);
}
if (!values.user) {
  console.error(usage);
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
