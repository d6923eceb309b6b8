import "reflect-metadata";
import { randomUUID } from "node:crypto";
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
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { GatewayContext } from "./context";
import { stitchGatewaySchema, subgraphExecutor, subschemaFor } from "./stitch";
import { loadSubgraphShape } from "./subgraph-schema";
import { subgraphEndpoints, type SubgraphEndpoint } from "./subgraphs.config";

/**
 * Turns a request's credential into a principal (undefined = anonymous); throws UNAUTHENTICATED for
 * a credential that is present but bad. HTTP passes its headers; a subscription passes its
 * connection params, lower-cased, merged over the upgrade request's headers.
 */
export type Authenticate = (headers: Record<string, string | string[] | undefined>) => Promise<Principal | undefined>;

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

export async function buildGatewaySchema(subgraphs: SubgraphEndpoint[], sdlWaitMs?: number): Promise<{ schema: GraphQLSchema; dispose(): Promise<void> }> {
  const shapes = await Promise.all(subgraphs.map((s) => loadSubgraphShape(s, { waitMs: sdlWaitMs })));
  const executors = subgraphs.map((s) => subgraphExecutor(s));
  const schema = stitchGatewaySchema(subgraphs.map((s, i) => subschemaFor(s, shapes[i]!, executors[i])));
  return { schema, dispose: async () => { await Promise.all(executors.map((e) => e.dispose?.())); } };
}

export async function startGateway(opts: GatewayOptions = {}): Promise<RunningGateway> {
  const subgraphs = opts.subgraphs ?? subgraphEndpoints();
  const { schema, dispose } = await buildGatewaySchema(subgraphs, opts.sdlWaitMs);
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
      context: async ({ req }) => ({ principal: await authenticate(req.headers), requestId: randomUUID() }),
    }),
  );
  const listening = await listen(app, opts.port ?? envInt("GATEWAY_PORT", defaults.ports.gateway), { name: "gateway" });

  const wss = new WebSocketServer({ server: listening.server, path: "/graphql" });
  const wsServer = useServer<Record<string, unknown>, { headers?: Record<string, string | string[] | undefined> }>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = Object.fromEntries(Object.entries(ctx.connectionParams ?? {}).map(([k, v]) => [k.toLowerCase(), typeof v === "string" ? v : undefined]));
        const headers = { ...ctx.extra.request.headers, ...params };
        try {
          await authenticate(headers);
        } catch {
          return false; // refuses the connection (4403) before any subscription starts
        }
        ctx.extra.headers = headers;
        return true;
      },
      context: async (ctx) => ({ principal: await authenticate(ctx.extra.headers ?? {}), requestId: randomUUID() }),
    },
    wss,
  );
  log.info({ url: `${listening.url}/graphql`, subgraphs: subgraphs.map((s) => s.name) }, "gateway listening");
  return {
    ...listening,
    schema,
    close: async () => {
      await wsServer.dispose();
      wss.close();
      await listening.close();
      await apollo.stop();
      await dispose();
    },
  };
}
