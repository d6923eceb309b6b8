import { defaults, envInt, envString } from "../lib/config";
import { onShutdown } from "../lib/http";
import { announceStore, createStore } from "../lib/store";
import { startDashboard } from "./index";

// 调度看板 alone: `npm run start:dashboard` (AUTH_ISSUER: the hub; GATEWAY_URL: the gateway's GraphQL endpoint).
process.env.KUAIBAN_COMPONENT ??= "dashboard";
const store = createStore();
announceStore(store);
onShutdown(() => store.close());
const dashboard = await startDashboard({
  store,
  issuer: envString("AUTH_ISSUER", `http://${defaults.host}:${defaults.ports.auth}`),
  port: envInt("DASHBOARD_PORT", defaults.ports.dashboard),
});
onShutdown(() => dashboard.close());
