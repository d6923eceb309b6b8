import { describe, expect, it } from "vitest";
import { RedisTargetError, describeTarget, redisTargetEnv, redisTargetFromEnv } from "./redis-target";

describe("which Redis the environment names", () => {
  it("prefers a cluster, then sentinels, then a URL, and nothing means the embedded store", () => {
    const all = { REDIS_CLUSTER_NODES: "10.0.0.1:7000, 10.0.0.2:7001", REDIS_SENTINELS: "10.0.0.9:26379", REDIS_SENTINEL_NAME: "kb", REDIS_URL: "redis://h:6379" };
    expect(redisTargetFromEnv(all)).toEqual({ kind: "cluster", nodes: [{ host: "10.0.0.1", port: 7000 }, { host: "10.0.0.2", port: 7001 }], username: undefined, password: undefined });
    expect(redisTargetFromEnv({ ...all, REDIS_CLUSTER_NODES: "" })).toMatchObject({ kind: "sentinel", sentinels: [{ host: "10.0.0.9", port: 26379 }], name: "kb" });
    expect(redisTargetFromEnv({ REDIS_URL: "redis://h:6379" })).toEqual({ kind: "url", url: "redis://h:6379" });
    expect(redisTargetFromEnv({})).toBeUndefined();
  });

  it("reads IPv6 nodes and the password setting", () => {
    expect(redisTargetFromEnv({ REDIS_CLUSTER_NODES: "[::1]:7000", REDIS_PASSWORD: "pw" })).toMatchObject({ nodes: [{ host: "::1", port: 7000 }], password: "pw" });
  });

  it("refuses malformed settings with the setting's name, instead of connecting somewhere else", () => {
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: "10.0.0.1" })).toThrow(RedisTargetError);
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: "10.0.0.1:99999" })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: " , " })).toThrow(/names no host:port/);
    expect(() => redisTargetFromEnv({ REDIS_SENTINELS: "h:26379" })).toThrow(/REDIS_SENTINEL_NAME/);
  });

  it("hands the same target to a child process, and names it without its password", () => {
    for (const env of [{ REDIS_CLUSTER_NODES: "a:1,b:2", REDIS_PASSWORD: "secret" }, { REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "m" }, { REDIS_URL: "redis://:secret@h:6379" }]) {
      const target = redisTargetFromEnv(env)!;
      expect(redisTargetFromEnv(redisTargetEnv(target))).toEqual(target);
      expect(describeTarget(target)).not.toContain("secret");
    }
  });
});
