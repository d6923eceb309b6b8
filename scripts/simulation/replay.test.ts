import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReplayIdentities } from "./identities";
import type { PlannedApplication } from "./plan";
import { replay } from "./replay";

/**
 * A gateway whose answer to a submission is lost the first time (the system took it, the answer
 * came back as UPSTREAM_UNAVAILABLE, as a subgraph call cut at its deadline does): the replay asks
 * again under the same idempotency key, as a real client would, and counts the application once.
 */
describe("a replay's submissions", () => {
  const accepted = new Map<string, string>();
  const answered = new Set<string>();
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, any> };
        const send = (v: unknown) => res.end(JSON.stringify(v));
        if (query.includes("ReplayMaterials")) return send({ data: { materialsFor: { materials: [{ id: "ID_CARD", commitmentEligible: false }] } } });
        if (query.includes("ReplaySubmit")) {
          const key = variables.input.idempotencyKey as string;
          if (!accepted.has(key)) accepted.set(key, `app-${accepted.size + 1}`);
          if (!answered.has(key)) {
            answered.add(key);
            return send({ data: null, errors: [{ message: "The one-thing system is not available right now", extensions: { code: "UPSTREAM_UNAVAILABLE" } }] });
          }
          return send({ data: { submitApplication: { id: accepted.get(key), status: "IN_PROGRESS" } } });
        }
        if (query.includes("ReplayList")) {
          const nodes = variables.status === "COMPLETED" ? [...accepted.values()].map((id) => ({ id })) : [];
          return send({ data: { applications: { nodes, endCursor: null, hasNextPage: false } } });
        }
        if (query.includes("ReplayTasks")) return send({ data: { verificationTasks: [] } });
        send({ data: null, errors: [{ message: "not in this stand-in", extensions: { code: "BAD_REQUEST" } }] });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("asks again under the same key when the answer is lost, and counts each application once", async () => {
    const plan: PlannedApplication[] = [1, 2, 3].map((n) => ({
      n, at: 0, office: "太原市", channel: "WINDOW", scenario: 10, idNumber: "140400199211116876", onlineAs: "citizen", useCommitments: false, commitmentFalse: false,
    }));
    const summary = await replay(plan, { gatewayUrl: url, identities: new ReplayIdentities() }, { drainMs: 0, watchMs: 10, runId: "lost-answers" });
    expect(accepted.size).toBe(3);
    expect(summary.submitted).toBe(3);
    expect(summary.refused).toEqual({});
    expect(summary.completed).toBe(3);
  });
});
