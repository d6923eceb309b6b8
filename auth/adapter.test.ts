import { describe } from "vitest";
import { MemoryStore } from "../lib/store";
import { adapterContract } from "./adapter.contract";

describe("store adapter for oidc-provider (embedded store)", () => {
  adapterContract(new MemoryStore(), "t");
});
