import { Agent, request } from "node:http";

/** One request of the load: `key` names it for the answer checks. */
export interface OpenLoopRequest {
  key: string;
  body: string;
}

/** What one window of the run saw: requests started, answers, failures, latencies. */
export interface WindowStats {
  seconds: number;
  started: number;
  completed: number;
  errors: number;
  p50: number;
  p99: number;
  /** The first few failures of the window, for the report. */
  problems: string[];
}

export interface OpenLoopOptions {
  url: string;
  /** Requests per second, whatever the answers do (open loop). */
  rate: number;
  next: () => OpenLoopRequest;
  /** Read per request, so a refreshed token takes effect at once. */
  headers: () => Record<string, string>;
  /** True when the answer is right (status, body). */
  check: (key: string, status: number, body: string) => boolean;
  /** A request not answered within this long counts as an error. */
  timeoutMs?: number;
  /** Past this many requests in flight, further ones are counted as errors instead of sent. */
  maxInFlight?: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

/**
 * A fixed request rate, independent of how fast answers come back: request i is due at
 * start + i / rate, and its latency counts from when it was due, not from when a free connection
 * let it go, so a slow gateway shows as latency instead of a lower offered rate (no coordinated
 * omission). Keep-alive connections are opened as needed.
 */
export class OpenLoop {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  private readonly target: URL;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private scheduled = 0;
  private pending = 0;
  private drained: (() => void) | undefined;
  private window = this.freshWindow();

  constructor(private readonly o: OpenLoopOptions) {
    this.target = new URL(o.url);
  }

  start(): void {
    this.startedAt = performance.now();
    this.window = this.freshWindow();
    // 2 ms ticks: each sends every request that has come due since the last one
    this.timer = setInterval(() => this.tick(), 2);
  }

  /** Stops sending; resolves when every request in flight has been answered or has timed out. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.pending > 0) await new Promise<void>((r) => (this.drained = r));
    this.agent.destroy();
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.pending;
  }

  /** The window since the last call (or the start), and a new one from now. */
  take(): WindowStats {
    const w = this.window;
    this.window = this.freshWindow();
    const sorted = Float64Array.from(w.latencies).sort();
    const asArray = Array.from(sorted);
    return {
      seconds: (performance.now() - w.since) / 1000,
      started: w.started,
      completed: w.completed,
      errors: w.errors,
      p50: percentile(asArray, 50),
      p99: percentile(asArray, 99),
      problems: w.problems,
    };
  }

  private freshWindow() {
    return { since: performance.now(), started: 0, completed: 0, errors: 0, latencies: [] as number[], problems: [] as string[] };
  }

  private fail(problem: string): void {
    this.window.errors++;
    if (this.window.problems.length < 5) this.window.problems.push(problem);
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.startedAt) / 1000) * this.o.rate);
    for (; this.scheduled < due; this.scheduled++) {
      const dueAt = this.startedAt + (this.scheduled / this.o.rate) * 1000;
      if (this.pending >= (this.o.maxInFlight ?? 2_000)) {
        this.window.started++;
        this.fail("not sent: too many requests in flight");
        continue;
      }
      this.send(dueAt);
    }
  }

  private send(dueAt: number): void {
    const { key, body } = this.o.next();
    const w = this.window;
    w.started++;
    this.pending++;
    let settled = false;
    const done = (problem?: string, status?: number, text?: string) => {
      if (settled) return;
      settled = true;
      this.pending--;
      // an answer counts in the window it arrives in
      const now = this.window;
      if (problem) this.fail(problem);
      else if (!this.o.check(key, status!, text!)) this.fail(`${key}: HTTP ${status} ${text!.slice(0, 200)}`);
      else {
        now.completed++;
        now.latencies.push(performance.now() - dueAt);
      }
      if (this.pending === 0 && this.drained) this.drained();
    };
    const req = request(
      { host: this.target.hostname, port: this.target.port, path: this.target.pathname, method: "POST", agent: this.agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...this.o.headers() } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done(undefined, res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
        res.on("error", (err) => done(`${key}: ${err.message}`));
      },
    );
    req.setTimeout(this.o.timeoutMs ?? 10_000, () => {
      req.destroy(new Error("timed out"));
    });
    req.on("error", (err) => done(`${key}: ${err.message}`));
    req.end(body);
  }
}
