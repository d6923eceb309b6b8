import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubgraphHttpError, subgraphPost } from "./subgraph-http";

/** A subgraph stand-in on a real socket: answers, answers garbage, or never answers. */
let server: Server;
let url: string;
const bodies: { headers: IncomingMessage["headers"]; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => { body += String(c); });
    req.on("end", () => {
      bodies.push({ headers: req.headers, body });
      if (req.url === "/hang") return; // never answers
      if (req.url === "/html") return res.end("<html>bad gateway</html>");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { echo: JSON.parse(body).variables } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("the subgraph HTTP client", () => {
  it("posts the query and variables with the given headers and returns the parsed answer", async () => {
    const post = subgraphPost(`${url}/graphql`, 1_000);
    const answer = await post({ query: "{ echo }", variables: { a: 1 } }, { "x-kuaiban-principal": "signed" });
    post.close();
    expect(answer).toEqual({ data: { echo: { a: 1 } } });
    expect(bodies.at(-1)!.headers["x-kuaiban-principal"]).toBe("signed");
    expect(JSON.parse(bodies.at(-1)!.body)).toEqual({ query: "{ echo }", variables: { a: 1 } });
  });

  it("cuts a call that gets no answer at its deadline", async () => {
    const post = subgraphPost(`${url}/hang`, 200);
    const started = Date.now();
    await expect(post({ query: "{ echo }" }, {})).rejects.toBeInstanceOf(SubgraphHttpError);
    post.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1_000);
  });

  it("refuses an answer that is not GraphQL JSON, and a connection refused", async () => {
    const html = subgraphPost(`${url}/html`, 1_000);
    await expect(html({ query: "{ echo }" }, {})).rejects.toBeInstanceOf(SubgraphHttpError);
    html.close();
    const closed = subgraphPost("http://127.0.0.1:1/graphql", 1_000);
    await expect(closed({ query: "{ echo }" }, {})).rejects.toBeInstanceOf(SubgraphHttpError);
    closed.close();
  });
});
