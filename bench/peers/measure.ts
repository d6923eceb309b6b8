import autocannon from "autocannon";
import { cpuMs, rssMb } from "./processes";

/** One GraphQL request of a workload: `key` names it so answers can be compared across gateways. */
export interface Variant {
  key: string;
  body: string;
}

/** Where a workload is sent: a gateway (or the subgraph itself), the process whose CPU counts, its headers. */
export interface Target {
  name: string;
  url: string;
  pid: number;
  headers: Record<string, string>;
}

export interface Sample {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMs: number;
  rssMb: number;
  failures: number;
}

/**
 * Every answer is checked: HTTP 200, no `errors`, and for each gateway the same body for the same
 * request each time (a different body is parsed and its `data` compared, so varying extensions
 * would still pass). The first answer per gateway and request is kept for comparing gateways.
 */
export class Checker {
  /** target → variant key → first body. */
  readonly first = new Map<string, Map<string, string>>();
  readonly problems: string[] = [];
  checked = 0;

  check(target: string, key: string, status: number, body: string): boolean {
    this.checked++;
    const seen = this.first.get(target) ?? new Map<string, string>();
    this.first.set(target, seen);
    const earlier = seen.get(key);
    if (earlier === body) return true;
    let parsed: { data?: unknown; errors?: unknown[] };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return this.fail(`${target} ${key}: HTTP ${status}, not JSON: ${body.slice(0, 200)}`);
    }
    if (status !== 200 || parsed.errors?.length || parsed.data == null) return this.fail(`${target} ${key}: HTTP ${status} ${body.slice(0, 300)}`);
    if (earlier === undefined) {
      seen.set(key, body);
      return true;
    }
    if (JSON.stringify(parsed.data) !== JSON.stringify((JSON.parse(earlier) as { data: unknown }).data)) return this.fail(`${target} ${key}: a different answer to the same request`);
    return true;
  }

  private fail(problem: string): false {
    if (this.problems.length < 20) this.problems.push(problem);
    else if (this.problems.length === 20) this.problems.push("…");
    return false;
  }

  /** The `data` of every request answered by several targets must be byte-identical. */
  compareAcross(targets: string[]): { compared: number } {
    let compared = 0;
    const maps = targets.map((t) => [t, this.first.get(t) ?? new Map<string, string>()] as const);
    const keys = new Set(maps.flatMap(([, m]) => [...m.keys()]));
    for (const key of keys) {
      const answers = maps.filter(([, m]) => m.has(key)).map(([t, m]) => [t, JSON.stringify((JSON.parse(m.get(key)!) as { data: unknown }).data)] as const);
      for (const [t, data] of answers.slice(1)) {
        compared++;
        if (data !== answers[0]![1]) this.fail(`${key}: ${t} answers differently from ${answers[0]![0]}`);
      }
    }
    return { compared };
  }
}

/**
 * A closed-loop load of `seconds` with `connections`, each request the next variant in turn (so
 * concurrent requests differ when there are several), every answer checked.
 */
export async function measure(target: Target, variants: Variant[], checker: Checker, opts: { seconds: number; connections: number; checkAs?: string }): Promise<Sample> {
  let next = 0;
  let failures = 0;
  const checkAs = opts.checkAs ?? target.name;
  type Ctx = { key?: string };
  const cpuBefore = cpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", ...target.headers },
        setupRequest: (req, context: Ctx) => {
          const v = variants[next++ % variants.length]!;
          context.key = v.key;
          return { ...req, body: v.body };
        },
        onResponse: (status, body, context: Ctx) => {
          if (!checker.check(checkAs, context.key ?? "?", status, String(body))) failures++;
        },
      },
    ],
  });
  const cpu = cpuMs(target.pid) - cpuBefore;
  return {
    requests: result.requests.total,
    seconds: opts.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMs: cpu,
    rssMb: rssMb(target.pid),
    failures: failures + result.errors + result.timeouts + result.non2xx,
  };
}

/** Rounds of one (workload, target) summed: req/s over all rounds, latency percentiles averaged. */
export function summarise(samples: Sample[]) {
  const requests = samples.reduce((s, x) => s + x.requests, 0);
  const seconds = samples.reduce((s, x) => s + x.seconds, 0);
  const mean = (f: (x: Sample) => number) => samples.reduce((s, x) => s + f(x), 0) / samples.length;
  return {
    rps: requests / seconds,
    p50: mean((x) => x.p50),
    p99: mean((x) => x.p99),
    cpuPerRequest: samples.reduce((s, x) => s + x.cpuMs, 0) / Math.max(requests, 1),
    rssMb: Math.max(...samples.map((x) => x.rssMb)),
    failures: samples.reduce((s, x) => s + x.failures, 0),
    requests,
  };
}
export type Summary = ReturnType<typeof summarise>;
