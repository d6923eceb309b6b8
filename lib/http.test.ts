import { describe, expect, it } from "vitest";
import { listen } from "./http";

describe("graceful close", () => {
  it("lets an in-flight request finish, then refuses new connections", async () => {
    let arrived!: () => void;
    const received = new Promise<void>((r) => { arrived = r; });
    const server = await listen((_req, res) => {
      arrived();
      setTimeout(() => res.end("done"), 200);
    }, 0);
    const inFlight = fetch(server.url).then((r) => r.text());
    await received;
    const closing = server.close();
    expect(await inFlight).toBe("done");
    await closing;
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("cuts requests that outlive the grace period", async () => {
    const server = await listen(() => { /* never answers */ }, 0, { graceMs: 100 });
    const hanging = fetch(server.url).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
