import "reflect-metadata";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import { defaults, envInt } from "../lib/config";
import { formatError } from "../lib/errors";
import { listen, type Listening } from "../lib/http";
import { log } from "../lib/log";
import type { Principal } from "../lib/principal";
import type { GatewayContext } from "./context";
import { stitchGatewaySchema, subschemaFor } from "./stitch";
import { loadSubgraphShape } from "./subgraph-schema";
import { subgraphEndpoints, type SubgraphEndpoint } from "./subgraphs.config";

export type Authenticate = (req: IncomingMessage) => Promise<Principal | undefined>;

export interface GatewayOptions {
  port?: number;
  subgraphs?: SubgraphEndpoint[];
  /** Turns the request's credential into a principal; throws UNAUTHENTICATED for a bad one. */
  authenticate?: Authenticate;
  /** How long to wait for each subgraph's SDL at start before using the emitted one. */
  sdlWaitMs?: number;
}

export interface RunningGateway extends Listening {
  schema: GraphQLSchema;
}

export async function buildGatewaySchema(subgraphs: SubgraphEndpoint[], sdlWaitMs?: number): Promise<GraphQLSchema> {
  const shapes = await Promise.all(subgraphs.map((s) => loadSubgraphShape(s, { waitMs: sdlWaitMs })));
  return stitchGatewaySchema(subgraphs.map((s, i) => subschemaFor(s, shapes[i]!)));
}

export async function startGateway(opts: GatewayOptions = {}): Promise<RunningGateway> {
  const subgraphs = opts.subgraphs ?? subgraphEndpoints();
  const schema = await buildGatewaySchema(subgraphs, opts.sdlWaitMs);
  const authenticate = opts.authenticate ?? (async () => undefined);

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    // The cache-control plugin wraps every resolver; the gateway has thousands of them per big query.
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => { res.json({ status: "ok", subgraphs: subgraphs.map((s) => s.name) }); });
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ principal: await authenticate(req), requestId: randomUUID() }),
    }),
  );
  const listening = await listen(app, opts.port ?? envInt("GATEWAY_PORT", defaults.ports.gateway), { name: "gateway" });
  log.info({ url: `${listening.url}/graphql`, subgraphs: subgraphs.map((s) => s.name) }, "gateway listening");
  return {
    ...listening,
    schema,
    close: async () => {
      await listening.close();
      await apollo.stop();
    },
  };
}
