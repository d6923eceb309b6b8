import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm run codegen", () => {
  it("the committed typed documents are what the portals' operations and the gateway's schema give", async () => {
    // --check writes nothing and exits 1 listing the stale files
    const result = await run("npx", ["graphql-codegen", "--config", "codegen.ts", "--check"], { cwd: process.cwd(), env: { ...process.env, CI: "true" } })
      .then(({ stdout }) => ({ code: 0, output: stdout }), (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, output: `${err.stdout ?? ""}${err.stderr ?? ""}` }));
    expect(result, "run `npm run codegen` and commit auth/portals/graphql/generated").toMatchObject({ code: 0 });
  });
});
