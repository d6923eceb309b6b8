import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../lib/net";
import type { HostPort } from "../../lib/store/redis-target";

const run = promisify(execFile);

/**
 * Redis servers a test starts for itself on spare ports and stops afterwards: a 3-master Redis
 * Cluster, or a master watched by a Sentinel. Each lives in a temporary directory of its own
 * (cluster state files, sentinel config) and keeps nothing on disk beyond it.
 */
export interface OwnRedisCluster {
  nodes: HostPort[];
  /** REDIS_CLUSTER_NODES for a child process. */
  nodesSetting: string;
  stop(): Promise<void>;
}

function startServer(args: string[], cwd: string): Promise<ChildProcess> {
  const child = spawn("redis-server", args, { cwd, stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += String(d);
      if (/Ready to accept connections|Sentinel ID is/.test(out)) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`redis-server ${args.join(" ")} exited ${code}: ${out.slice(-500)}`)));
  });
}

async function stopAll(children: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(children.map((c) => new Promise((r) => {
    if (c.exitCode !== null || c.signalCode !== null) return r(undefined);
    c.once("exit", r);
    c.kill("SIGKILL");
  })));
  rmSync(dir, { recursive: true, force: true });
}

const common = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];

/** Three masters, no replicas, every slot assigned; resolves once every node reports cluster_state:ok. */
export async function ownRedisCluster(masters = 3): Promise<OwnRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "kb-cluster-"));
  const ports: number[] = [];
  while (ports.length < masters) {
    const p = await freePort();
    // the cluster bus listens on port + 10000: both must be free and below 65536
    if (p + 10_000 < 65_536 && !ports.includes(p) && !ports.includes(p + 10_000)) ports.push(p);
  }
  const children: ChildProcess[] = [];
  try {
    for (const port of ports) {
      children.push(await startServer(["--port", String(port), ...common, "--cluster-enabled", "yes",
        "--cluster-config-file", `nodes-${port}.conf`, "--cluster-node-timeout", "2000"], dir));
    }
    await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"]);
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      for (;;) {
        const { stdout } = await run("redis-cli", ["-p", String(port), "cluster", "info"]);
        if (stdout.includes("cluster_state:ok")) break;
        if (Date.now() > deadline) throw new Error(`cluster node ${port} did not reach cluster_state:ok`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    await stopAll(children, dir);
    throw err;
  }
  const nodes = ports.map((port) => ({ host: "127.0.0.1", port }));
  return { nodes, nodesSetting: nodes.map((n) => `${n.host}:${n.port}`).join(","), stop: () => stopAll(children, dir) };
}

export interface OwnRedisSentinel {
  sentinels: HostPort[];
  /** The name the sentinel monitors the master under (REDIS_SENTINEL_NAME). */
  name: string;
  stop(): Promise<void>;
}

/** One master and one Sentinel monitoring it; resolves once the sentinel answers for the master. */
export async function ownRedisSentinel(): Promise<OwnRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), "kb-sentinel-"));
  const name = "kuaiban-test";
  const children: ChildProcess[] = [];
  try {
    const masterPort = await freePort();
    children.push(await startServer(["--port", String(masterPort), ...common], dir));
    const sentinelPort = await freePort();
    const conf = join(dir, "sentinel.conf");
    writeFileSync(conf, [
      `port ${sentinelPort}`, "bind 127.0.0.1", `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
      `sentinel down-after-milliseconds ${name} 2000`,
      "",
    ].join("\n"));
    children.push(await startServer([conf, "--sentinel"], dir));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { stdout } = await run("redis-cli", ["-p", String(sentinelPort), "sentinel", "get-master-addr-by-name", name]).catch(() => ({ stdout: "" }));
      if (stdout.includes(String(masterPort))) break;
      if (Date.now() > deadline) throw new Error("the sentinel did not report its master");
      await new Promise((r) => setTimeout(r, 100));
    }
    return { sentinels: [{ host: "127.0.0.1", port: sentinelPort }], name, stop: () => stopAll(children, dir) };
  } catch (err) {
    await stopAll(children, dir);
    throw err;
  }
}
