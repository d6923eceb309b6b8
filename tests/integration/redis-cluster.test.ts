import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../lib/store";
import { gql } from "../support/graphql";
import { type NpmStart, npmStart } from "../support/npm-start";
import { type OwnRedisCluster, ownRedisCluster } from "../support/redis-cluster";
import { withoutStoreSettings } from "../support/store";

/**
 * The whole system on a 3-master Redis Cluster that the test starts itself: `npm start` with
 * REDIS_CLUSTER_NODES (every component in one process, each with its own cluster client), then a
 * citizen signs in through the hub's real code flow, reads her record across the five systems,
 * applies for a bundle that runs to COMPLETED, and the audit log verifies intact — every key,
 * transaction, script and stream of the system working across the cluster's hash slots.
 */
const run = promisify(execFile);
const root = process.cwd();
const CITIZEN = "140400199211116876"; // a demo citizen of npm start: 顾梓, employed

describe("the whole system on a Redis Cluster", () => {
  let cluster: OwnRedisCluster;
  let system: NpmStart;
  let env: Record<string, string>;
  let gateway = "";

  beforeAll(async () => {
    cluster = await ownRedisCluster();
    const base = withoutStoreSettings(process.env);
    delete base.NODE_ENV;
    delete base.VITEST;
    system = await npmStart({
      base: 20_000, // offsets 20000–27900: clear of the other tests that start whole systems
      dataDirPrefix: "kb-cluster-system-",
      env: {
        ...base,
        REDIS_CLUSTER_NODES: cluster.nodesSetting, KUAIBAN_SEED_APPLICATIONS: "0", LOG_LEVEL: "warn",
        // agencies complete (办结) within a second, and the engine asks soon after
        LEGACY_CASE_DURATIONS: "*=1s", LEGACY_CASE_SPREAD: "0", ONE_THING_CHECK_FIRST_MS: "500", ONE_THING_CHECK_MAX_MS: "1000", ONE_THING_TIMER_TICK_MS: "200",
      },
    });
    env = system.env;
    gateway = system.gatewayUrl;
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await cluster?.stop();
  }, 30_000);

  it("names the cluster first, signs in, reads a person across five systems, completes a bundle, and the audit verifies", async () => {
    expect(system.output.split("\n")[0]).toBe(`store: Redis Cluster via ${cluster.nodesSetting}`);
    const { stdout: token } = await run(process.execPath, ["--import", "tsx", "auth/cli/token.ts", "--user", CITIZEN], { cwd: root, env });
    const as = { authorization: `Bearer ${token.trim()}` };

    const person = await gql<{ person: Record<string, unknown> }>(gateway, `query($id: IdNumber!) { person(idNumber: $id) { name
      socialInsurance { enrolments { insurance status } } employment { registration { status } } archive { keeper } laborFilings { status } socialSecurityCard { status } } }`, { id: CITIZEN }, as);
    expect(person.errors, JSON.stringify(person.errors)).toBeUndefined();
    expect(person.data!.person).toMatchObject({ name: "顾梓", employment: { registration: { status: "EMPLOYED" } }, socialSecurityCard: { status: "ACTIVE" } });
    expect((person.data!.person.socialInsurance as { enrolments: unknown[] }).enrolments.length).toBeGreaterThan(0);
    expect(person.data!.person.archive).toMatchObject({ keeper: expect.any(String) });

    // 失业: she applies for herself; every step is accepted and completed by its agency
    const set = await gql<{ materialsFor: { materials: { id: string }[] } }>(gateway, "{ materialsFor(scenario: 3) { materials { id } } }", {}, as);
    const input = { scenario: 3, idNumber: CITIZEN, materials: set.data!.materialsFor.materials.map((m) => m.id), idempotencyKey: `cluster-${Date.now()}` };
    const submitted = await gql<{ submitApplication: { id: string } }>(gateway, "mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }", { input }, as);
    expect(submitted.errors, JSON.stringify(submitted.errors)).toBeUndefined();
    const id = submitted.data!.submitApplication.id;
    let steps: { id: string; status: string }[] = [];
    await expect.poll(async () => {
      const r = await gql<{ application: { status: string; steps: { id: string; status: string }[] } }>(gateway, "query($id: ID!) { application(id: $id) { status steps { id status } } }", { id }, as);
      steps = r.data?.application.steps ?? [];
      return r.data?.application.status;
    }, { timeout: 60_000, interval: 250 }).toBe("COMPLETED");
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.status === "DONE" || s.status === "SKIPPED"), JSON.stringify(steps)).toBe(true);

    // the reads above are in the audit log, and its chains and checkpoints verify on the cluster
    const { stdout: verified } = await run(process.execPath, ["--import", "tsx", "scripts/audit.ts", "verify"], { cwd: root, env });
    expect(verified).toMatch(/^\d+ records in \d+ chains: intact$/m);
    expect(Number(/^(\d+) records/m.exec(verified)![1])).toBeGreaterThan(0);

    // keys really are spread over the three masters
    const store = new RedisStore({ kind: "cluster", nodes: cluster.nodes });
    try {
      const perNode = await Promise.all((store.redis as import("ioredis").Cluster).nodes("master").map((n) => n.dbsize()));
      expect(perNode.every((n) => n > 0), JSON.stringify(perNode)).toBe(true);
    } finally {
      await store.close();
    }
    expect(system.output).not.toMatch(/CROSSSLOT|MOVED|slots allocation group/);
  }, 120_000);

  it("runs scripts defined on the cluster client amid other commands, each routed by its key", async () => {
    const store = new RedisStore({ kind: "cluster", nodes: cluster.nodes });
    try {
      // a key count given with each call (as the figures' scripts do): the call's first argument is that count
      const client = store.redis as import("ioredis").Cluster & { kbEcho(numKeys: number, key: string): Promise<string | null> };
      client.defineCommand("kbEcho", { lua: "return redis.call('GET', KEYS[1])" });
      const keys = Array.from({ length: 24 }, (_, i) => `kb:test:script:${i}`);
      await Promise.all(keys.map((k, i) => store.set(k, String(i))));
      // issued in one tick, as a request's commands are: auto-pipelined together with plain reads
      const got = await Promise.all(keys.flatMap((k) => [client.kbEcho(1, k), store.get(k)]));
      expect(got).toEqual(keys.flatMap((_, i) => [String(i), String(i)]));
    } finally {
      await store.close();
    }
  });
});
