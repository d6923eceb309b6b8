import "reflect-metadata";
import { onShutdown } from "../lib/http";
import { startAuditRetention } from "../lib/audit-retention";
import { announceStore, createStore } from "../lib/store";
import { gatewayAuthenticate } from "./auth/authenticate";
import { startGateway } from "./index";

// Standalone entry: subgraph URLs from GATEWAY_SUBGRAPHS, port from GATEWAY_PORT, the hub from
// AUTH_ISSUER, shared state (rate limits, audit, cache) from REDIS_URL.
process.env.KUAIBAN_COMPONENT ??= "gateway";
const store = createStore();
announceStore(store);
onShutdown(() => store.close());
const running = await startGateway({ store, authenticate: gatewayAuthenticate(store) });
onShutdown(() => running.close());
// records past retention leave the live stream for signed files (AUDIT_ARCHIVE_DIR; one instance a round)
onShutdown(startAuditRetention(store));
