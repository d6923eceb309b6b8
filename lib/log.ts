import { trace } from "@opentelemetry/api";
import { pino } from "pino";

/**
 * One logger for every component. Personal data never reaches the log: the fields that may carry
 * it are redacted wherever they appear, and code logs masked identifiers (see `maskId`).
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "error" : "info"),
  base: { component: process.env.KUAIBAN_COMPONENT },
  // the trace a line belongs to, when tracing is on and a span is active (lib/tracing.ts); a new
  // object each time: pino merges the line's fields into what the mixin returns
  mixin: () => {
    const span = trace.getActiveSpan();
    return span ? { trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId } : {};
  },
  redact: {
    paths: [
      "password", "*.password", "idNumber", "*.idNumber", "name", "*.name", "phone", "*.phone",
      "authorization", "*.authorization", "headers.authorization", "headers.cookie", "cookie", "*.cookie",
      "token", "*.token", "accessToken", "*.accessToken", "secret", "*.secret", "totp", "*.totp",
      "req.headers.authorization", "req.headers.cookie",
    ],
    censor: "[redacted]",
  },
});

/** `110105********002X`: enough to correlate log lines, not enough to identify a person. */
export function maskId(value: string | undefined | null): string {
  if (!value) return String(value);
  if (value.length <= 10) return "*".repeat(value.length);
  return value.slice(0, 6) + "*".repeat(value.length - 10) + value.slice(-4);
}
