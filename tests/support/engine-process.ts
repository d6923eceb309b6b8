import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EngineSettings } from "../../subgraphs/one-thing/options";
import type { AgencyUrls } from "../../subgraphs/one-thing/options";
import { withoutStoreSettings } from "./store";

const mainTs = fileURLToPath(new URL("../../subgraphs/one-thing/main.ts", import.meta.url));

export type EngineProcess = ChildProcess & {
  output: string[];
  /** Resolves once the engine has started (it logs its owner, which names its queue consumer). */
  ready: Promise<void>;
  /** The engine's name: its queue consumer and the token of its leases. */
  owner: () => string | undefined;
  exited: Promise<NodeJS.Signals | number | null>;
};

/** The one-thing subgraph with its engine in a child process (the production entry, main.ts). */
export function startEngineProcess(storeEnv: Record<string, string>, settings: Partial<EngineSettings>, agencies: AgencyUrls, env: Record<string, string> = {}): EngineProcess {
  const child = spawn(process.execPath, ["--import", "tsx", mainTs], {
    env: {
      ...withoutStoreSettings(process.env),
      ...storeEnv,
      ONE_THING_PORT: "0",
      ONE_THING_KEY_PREFIX: settings.keyPrefix!,
      ONE_THING_ROSTER_STREAM: settings.rosterStream!,
      ...(settings.leaseMs ? { ONE_THING_LEASE_MS: String(settings.leaseMs) } : {}),
      ...(settings.pollMs ? { ONE_THING_POLL_MS: String(settings.pollMs) } : {}),
      ONE_THING_RETRY_BASE_MS: "50",
      SOCIAL_INSURANCE_SUBGRAPH_URL: agencies["social-insurance"],
      EMPLOYMENT_SUBGRAPH_URL: agencies.employment,
      PERSONNEL_SUBGRAPH_URL: agencies.personnel,
      LABOR_RELATIONS_SUBGRAPH_URL: agencies["labor-relations"],
      CARD_SUBGRAPH_URL: agencies.card,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  }) as EngineProcess;
  child.output = [];
  let owner: string | undefined;
  let started: () => void;
  child.ready = new Promise<void>((resolve, reject) => {
    started = resolve;
    child.once("exit", (code, signal) => reject(new Error(`engine exited before it started (${signal ?? code}): ${child.output.join("")}`)));
  });
  child.ready.catch(() => undefined);
  child.owner = () => owner;
  const onLine = (d: Buffer) => {
    const text = d.toString();
    child.output.push(text);
    if (child.output.length > 400) child.output.splice(0, 200);
    const m = /"owner":"([^"]+)"[^\n]*one-thing engine running|one-thing engine running[^\n]*"owner":"([^"]+)"/.exec(text);
    if (m) { owner = m[1] ?? m[2]; started(); }
  };
  child.stdout!.on("data", onLine);
  child.stderr!.on("data", onLine);
  child.exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else child.once("exit", (code, signal) => resolve(signal ?? code));
  });
  return child;
}
