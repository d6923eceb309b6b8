import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MESSAGES } from "../../lib/messages";
import { type NpmStart, npmStart } from "../support/npm-start";
import { withoutStoreSettings } from "../support/store";

/**
 * Every ```sh / ```bash and ```ts example of docs/frontend.md and of the README's "Try it" runs,
 * as written, against `npm start`'s system (started here on shifted ports, demo data, its own data
 * directory) and must print what its `# →` / `// →` lines say, in order (`…` matches anything).
 */
const run = promisify(execFile);
const root = process.cwd();

interface Example { source: string; lang: "sh" | "ts"; code: string; line: number }

function examples(file: string, section?: RegExp): Example[] {
  let text = readFileSync(join(root, file), "utf8");
  let offset = 0;
  if (section) {
    const start = text.search(section);
    if (start < 0) throw new Error(`${file}: no section ${section}`);
    const body = text.indexOf("\n", start) + 1;
    const end = text.slice(body).search(/^#{2,3} /m); // a shell comment (`# …`) is no heading
    offset = text.slice(0, start).split("\n").length - 1;
    text = text.slice(start, end < 0 ? undefined : body + end);
  }
  const out: Example[] = [];
  for (const m of text.matchAll(/^```(sh|bash|ts)\n([\s\S]*?)^```$/gm)) {
    const line = offset + text.slice(0, m.index).split("\n").length;
    out.push({ source: `${file}:${line}`, lang: m[1] === "ts" ? "ts" : "sh", code: m[2]!, line });
  }
  return out;
}

const docs = examples("docs/frontend.md");
const readme = examples("README.md", /^### Try it/m);

/** The `→` lines of an example: what it must print, in order. */
const expectations = (ex: Example) => [...ex.code.matchAll(ex.lang === "ts" ? /^\s*\/\/ → (.*)$/gm : /^\s*# → (.*)$/gm)].map((m) => m[1]!);

function expectPrinted(stdout: string, expected: string[], env: Record<string, string>, where: string) {
  let at = 0;
  for (const raw of expected) {
    const wanted = raw.replace(/\$([A-Z_]+)/g, (m, name: string) => env[name] ?? m);
    const pieces = wanted.split("…");
    let from = at;
    let start = -1;
    for (const piece of pieces) {
      if (!piece) continue;
      const found = stdout.indexOf(piece, from);
      if (found < 0) throw new Error(`${where}: expected output\n  ${wanted}\nnot found after position ${at} in\n${stdout.slice(at, at + 2000)}`);
      if (start < 0) start = found;
      from = found + piece.length;
    }
    at = from;
  }
}


describe("the front-end guide's examples, against npm start", () => {
  let system: NpmStart | undefined;
  const env: Record<string, string> = {};
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    const base = withoutStoreSettings(process.env); // npm start's own embedded store, as a developer runs it first
    delete base.NODE_ENV;
    // offsets 12000–19900: clear of the other tests that start whole systems
    system = await npmStart({ base: 12_000, env: base, dataDirPrefix: "kb-docs-" });
    const { offset } = system;
    Object.assign(env, system.env, {
      GATEWAY: system.gatewayUrl, HUB: `http://127.0.0.1:${4400 + offset}`, PORTAL: `http://127.0.0.1:${4401 + offset}`,
    });
    mkdirSync(join(root, ".cache/docs-examples"), { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  }, 30_000);

  const tokenFor = async (login: string) => {
    if (!tokens.has(login)) {
      const { stdout } = await run("npm", ["run", "-s", "token", "--", "--user", login], { cwd: root, env });
      tokens.set(login, stdout.trim());
    }
    return tokens.get(login)!;
  };

  async function runExample(ex: Example, i: number) {
    const expected = expectations(ex);
    expect(expected.length, `${ex.source} shows no output to check`).toBeGreaterThan(0);
    let stdout: string;
    try {
      if (ex.lang === "sh") {
        ({ stdout } = await run("bash", ["-e", "-o", "pipefail", "-c", ex.code], { cwd: root, env, timeout: 90_000, maxBuffer: 8 << 20 }));
      } else {
        const login = /^\/\/ TOKEN=\$\(npm run -s token -- --user (\S+)\)$/m.exec(ex.code)?.[1];
        const file = join(root, ".cache/docs-examples", `${ex.source.replace(/[^a-z0-9]+/gi, "-")}-${i}.ts`);
        writeFileSync(file, ex.code);
        const exampleEnv = login ? { ...env, TOKEN: await tokenFor(login) } : env;
        ({ stdout } = await run("npx", ["tsx", file], { cwd: root, env: exampleEnv, timeout: 90_000, maxBuffer: 8 << 20 }));
      }
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${ex.source} failed: ${e.message}\n--- stdout\n${e.stdout ?? ""}\n--- stderr\n${(e.stderr ?? "").slice(-3000)}`);
    }
    expectPrinted(stdout, expected, env, ex.source);
  }

  it("finds the examples: curl and TypeScript in the guide, shell in the README", () => {
    expect(docs.filter((e) => e.lang === "sh").length).toBeGreaterThanOrEqual(8);
    expect(docs.filter((e) => e.lang === "ts").length).toBeGreaterThanOrEqual(4);
    expect(readme.length).toBeGreaterThanOrEqual(2);
  });

  it("lists every code of lib/messages.ts in the guide's table, with its texts", () => {
    const text = readFileSync(join(root, "docs/frontend.md"), "utf8");
    const table = text.slice(text.indexOf("<!-- codes:start -->"), text.indexOf("<!-- codes:end -->"));
    const rows = [...table.matchAll(/^\| `([A-Z_]+)` \| (.*) \| (.*) \|$/gm)].map((m) => [m[1], { zh: m[2], en: m[3] }] as const);
    expect(Object.fromEntries(rows)).toEqual(MESSAGES);
  });

  for (const [i, ex] of [...docs, ...readme].entries()) {
    it(`runs ${ex.source} (${ex.lang})`, () => runExample(ex, i), 120_000);
  }
});
