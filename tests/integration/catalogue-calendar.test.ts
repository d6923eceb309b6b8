import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { setClock } from "../../lib/clock";
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from "../../lib/principal";
import type { RunningSubgraph } from "../../lib/subgraph";
import { calendar as processCalendar, packageYearsDir, WorkingCalendar } from "../../schema/calendar/calendar";
import { startCatalogue } from "../../subgraphs/catalogue";
import { startOneThing, type RunningOneThing } from "../../subgraphs/one-thing";
import { codes, gql } from "../support/graphql";
import { as, fromTestHeader } from "../support/principals";
import { sharedTestStore } from "../support/store";

/**
 * The calendar's edge over HTTP: the admin mutation, who may use it, what it refuses, and /ready
 * and the metric of the catalogue and the one-thing subgraph before and after the next year is added.
 * The catalogue has a calendar of its own; the one-thing subgraph reads the process-wide one, so a
 * year added through the catalogue reaches it only through Redis.
 */
const prefix = `kb:test:calendar:${randomUUID()}`;
const store = sharedTestStore();
const adminDir = mkdtempSync(join(tmpdir(), "kb-cal-admin-"));
const catalogueCalendar = new WorkingCalendar([adminDir, packageYearsDir()]);
let catalogue: RunningSubgraph;
let oneThing: RunningOneThing;
let gateway: RunningGateway;
/** A gateway that takes its caller from a test header, to see its own enforcement of the rule. */
let staffGateway: RunningGateway;

const TODAY = "2026-12-01";
const last = Math.max(...catalogueCalendar.years());
const next = last + 1;
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** A test schedule for the next year: the dates are this test's, not the State Council's. */
function testSchedule(year: number) {
  const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
  const dates = Array.from({ length: 14 }, (_, i) => `${year}-01-${String(i + 1).padStart(2, "0")}`);
  const firstWeekday = dates.find((d) => weekday(d) >= 1 && weekday(d) <= 5)!;
  const firstWeekend = dates.find((d) => weekday(d) === 0 || weekday(d) === 6)!;
  return { holidays: [{ date: firstWeekday, name: "元旦" }], workdays: [{ date: firstWeekend, name: "元旦调休" }] };
}

const ADD = `mutation($year: Int!, $holidays: [CalendarDayInput!]!, $workdays: [CalendarDayInput!]!) {
  addCalendarYear(year: $year, holidays: $holidays, workdays: $workdays) { year holidays { date name } workdays { date name } } }`;
const staff = (roles: string[]): Principal => ({ kind: "staff", subject: `t-${roles.join("-")}`, roles, agency: "catalogue", region: "省本级" });
const direct = (principal: Principal | undefined, variables: Record<string, unknown>) =>
  gql(`${catalogue.url}/graphql`, ADD, variables, { [PRINCIPAL_HEADER]: signPrincipal(principal, { audience: "catalogue", requestId: randomUUID() }) });
const metric = async (base: string) => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^kuaiban_calendar_days_remaining (-?\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
};

beforeAll(async () => {
  setClock(() => Date.parse(`${TODAY}T10:00:00+08:00`));
  catalogue = await startCatalogue({ port: 0, store, calendar: catalogueCalendar, calendarPrefix: prefix });
  oneThing = await startOneThing({ store, port: 0, runner: false, calendarPrefix: prefix, factsSource: null, standingSource: null });
  gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
  staffGateway = await startGateway({ port: 0, store, authenticate: fromTestHeader, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
});
afterAll(async () => {
  setClock(undefined);
  await gateway?.close();
  await staffGateway?.close();
  await oneThing?.close();
  await catalogue?.close();
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

describe("the calendar's edge", () => {
  it("warns on /ready (503, with the reason) and in the metric while the data ends within 60 days", async () => {
    expect(daysBetween(TODAY, `${last}-12-31`)).toBeLessThanOrEqual(60); // the premise: today is near the data's end
    for (const base of [catalogue.url, oneThing.subgraph.url]) {
      const res = await fetch(`${base}/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: { name: string; ok: boolean; reason: string }[] };
      expect(body.checks.find((c) => c.name === "calendar")).toMatchObject({ ok: false, reason: expect.stringContaining(`${next}.json`) });
      expect(await metric(base)).toBe(daysBetween(TODAY, `${last}-12-31`));
    }
  });

  it("refuses anonymous callers, citizens and staff who are not administrators, and changes nothing", async () => {
    const vars = { year: next, ...testSchedule(next) };
    expect(codes(await gql(`${gateway.url}/graphql`, ADD, vars))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await direct(undefined, vars))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await direct({ kind: "citizen", subject: "c1", idNumber: "11010519491231002X" }, vars))).toEqual(["FORBIDDEN"]);
    for (const roles of [["clerk"], ["operator"], ["supervisor"], ["auditor"]]) {
      expect(codes(await direct(staff(roles), vars))).toEqual(["FORBIDDEN"]);
      expect(codes(await gql(`${staffGateway.url}/graphql`, ADD, vars, as(staff(roles))))).toEqual(["FORBIDDEN"]); // refused at the gateway too
    }
    expect(catalogueCalendar.hasYear(next)).toBe(false);
    expect(await store.keys(`${prefix}:*`)).toEqual([]);
  });

  it("refuses bad input with stable codes and changes nothing", async () => {
    const good = testSchedule(next);
    const admin = staff(["admin"]);
    const cases: [Record<string, unknown>, string][] = [
      [{ year: next, holidays: [{ date: `${next}-02-30`, name: "春节" }], workdays: [] }, "INVALID_DATE"],
      [{ year: next, holidays: [{ date: `${next - 1}-12-31`, name: "元旦" }], workdays: [] }, "BAD_USER_INPUT"],
      [{ year: next, holidays: [...good.holidays, ...good.holidays], workdays: good.workdays }, "BAD_USER_INPUT"],
      [{ year: next, holidays: good.holidays, workdays: good.holidays }, "BAD_USER_INPUT"],
      [{ year: next, holidays: good.workdays, workdays: [] }, "BAD_USER_INPUT"],
      [{ year: last, holidays: [{ date: `${last}-01-01`, name: "元旦" }], workdays: [] }, "CONFLICT"],
    ];
    for (const [vars, code] of cases) {
      expect(codes(await direct(admin, vars)), JSON.stringify(vars)).toEqual([code]);
      expect(codes(await gql(`${staffGateway.url}/graphql`, ADD, vars, as(admin))), JSON.stringify(vars)).toEqual([code]);
    }
    expect(catalogueCalendar.hasYear(next)).toBe(false);
    expect(processCalendar().hasYear(next)).toBe(false);
    expect(await store.keys(`${prefix}:*`)).toEqual([]);
  });

  it("an administrator adds the next year: every calendar has it without a restart, /ready turns 200, the metric follows", async () => {
    const schedule = testSchedule(next);
    const reached = new Promise<number>((resolve) => { const stop = processCalendar().onYearAdded((y) => { stop(); resolve(y); }); });
    const r = await direct(staff(["admin"]), { year: next, ...schedule });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ addCalendarYear: { year: next, ...schedule } });
    expect(await reached).toBe(next); // the one-thing subgraph's calendar heard it through Redis
    expect(processCalendar().isWorkingDay(schedule.holidays[0]!.date)).toBe(false);
    expect(processCalendar().isWorkingDay(schedule.workdays[0]!.date)).toBe(true);
    for (const base of [catalogue.url, oneThing.subgraph.url]) {
      const res = await fetch(`${base}/ready`);
      expect(res.status).toBe(200);
      expect(await metric(base)).toBe(daysBetween(TODAY, `${next}-12-31`));
    }
    const horizon = await gql<{ calendarHorizon: { lastKnownDate: string } }>(`${gateway.url}/graphql`, "{ calendarHorizon { lastKnownDate } }");
    expect(horizon.data?.calendarHorizon.lastKnownDate).toBe(`${next}-12-31`);
  });
});
