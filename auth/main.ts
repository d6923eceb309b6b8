import { isProduction } from "../lib/config";
import { onShutdown } from "../lib/http";
import { log } from "../lib/log";
import { announceStore, createStore } from "../lib/store";
import { assertHubSecrets, startAuth, startAuthStack } from "./index";

// `npm run start:auth`: the hub from the environment (see settings.ts). In development it also
// starts the national platform stand-in and the two demo portals, so sign-in can be tried alone.
process.env.KUAIBAN_COMPONENT ??= "auth";
try {
  // before anything else, the store connection included: in production without its secrets the
  // hub stops here, having opened no port
  assertHubSecrets({ also: ["AUTH_UPSTREAM_CLIENT_SECRET"] });
  const store = createStore();
  announceStore(store);
  onShutdown(() => store.close());
  const running = isProduction() || process.env.AUTH_ONLY === "1" ? await startAuth({ store }) : await startAuthStack({ store });
  onShutdown(() => running.close());
} catch (err) {
  log.fatal({ err: (err as Error).message }, "SSO hub did not start");
  process.stderr.write(`SSO hub did not start: ${(err as Error).message}\n`);
  process.exit(1);
}
