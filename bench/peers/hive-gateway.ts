import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { PRINCIPAL_HEADER } from "../../lib/principal";
import { peerConfig } from "./config";

/**
 * Hive Gateway (its runtime, served by node:http) over the composed supergraph, in a process of
 * its own. It sends every subgraph the static signed principal for that subgraph (by the
 * subgraph's URL) and nothing else: no authentication, no limits, no access layer, no audit.
 */
const config = peerConfig();
const gateway = createGatewayRuntime({
  supergraph: config.supergraph,
  graphiql: false,
  landingPage: false,
  logging: "error",
  plugins: () => [
    {
      onFetch({ url, options, setOptions }) {
        const principal = config.principalByUrl[url];
        if (principal) setOptions({ ...options, headers: { ...(options.headers as Record<string, string> | undefined), [PRINCIPAL_HEADER]: principal } });
      },
    },
  ],
});
const server = createServer(gateway);
server.listen(config.port, "127.0.0.1", () => process.stdout.write(`hive gateway ready http://127.0.0.1:${config.port}/graphql\n`));
process.on("SIGTERM", () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0))));
