import { randomUUID } from "node:crypto";
import { afterAll, describe } from "vitest";
import { RedisStore } from "../../lib/store";
import { adapterContract } from "../../auth/adapter.contract";

const store = new RedisStore(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `kb:test:${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

describe("store adapter for oidc-provider (Redis)", () => {
  adapterContract(store, prefix);
});
