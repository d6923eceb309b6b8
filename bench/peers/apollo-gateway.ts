import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { PRINCIPAL_HEADER } from "../../lib/principal";
import { peerConfig } from "./config";

/**
 * Apollo Gateway (on Apollo Server 5) over the composed supergraph, in a process of its own. It
 * sends every subgraph the static signed principal for that subgraph and nothing else: no
 * authentication, no limits, no access layer, no audit.
 */
const config = peerConfig();
const gateway = new ApolloGateway({
  supergraphSdl: config.supergraph,
  buildService: ({ name, url }) =>
    new RemoteGraphQLDataSource({
      url,
      willSendRequest({ request }) {
        const principal = config.principalByName[name];
        if (principal) request.http?.headers.set(PRINCIPAL_HEADER, principal);
      },
    }),
});
const server = new ApolloServer({ gateway, plugins: [ApolloServerPluginLandingPageDisabled()], introspection: false });
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: config.port } });
process.stdout.write(`apollo gateway ready ${url}\n`);
process.on("SIGTERM", () => void server.stop().finally(() => process.exit(0)));
