import "reflect-metadata";
import { onShutdown } from "../lib/http";
import { startGateway } from "./index";

// Standalone entry: subgraph URLs from GATEWAY_SUBGRAPHS, port from GATEWAY_PORT.
const running = await startGateway();
onShutdown(() => running.close());
