import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../lib/clock";
import type { Principal } from "../../lib/principal";
import { regionCovers } from "../../lib/access/scopes";
import { type RunningOneThing } from "../../subgraphs/one-thing/index";
import { SUBMIT, clerk, gql, peoplePicker, testSettings } from "../../subgraphs/one-thing/testing/harness";
import type { RecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { sharedTestStore } from "../support/store";
import { type OneThingStack, startOneThingStack } from "../support/one-thing-stack";

// 好差评 over real HTTP and Redis: who rates, once; a 差评's follow-up with its working-day limits
// across the National Day holiday and a weekend; 追评 only after rectification; the figures.

const store = sharedTestStore();
const settings = testSettings();
const person = peoplePicker();
let agencies: RecordingAgencies;
let stack: OneThingStack | undefined;
let oneThing: RunningOneThing;

const RATE = `mutation R($input: RateApplicationInput!) { rateApplication(input: $input) { applicationId round level tags comment ratedAt } }`;
const FOLLOW_UPS = `query F($office: String, $overdueOnly: Boolean) { ratingFollowUps(office: $office, overdueOnly: $overdueOnly) {
  applicationId office level status openedAt callBackDue calledBackAt callBackLate rectifyDue rectifiedAt rectifyLate comment } }`;
const CALL_BACK = `mutation C($id: ID!, $note: String) { recordRatingCallBack(applicationId: $id, note: $note) { status calledBackAt callBackLate } }`;
const RECTIFY = `mutation X($id: ID!, $note: String!) { recordRatingRectification(applicationId: $id, note: $note) { status rectifiedAt rectifyLate } }`;
const STATS = `query S($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { contactPoint { name } ratings { count satisfaction } } }`;

type Err = { errors?: { extensions?: Record<string, unknown> }[] };
const code = (res: Err) => res.errors?.[0]?.extensions?.code;
const reason = (res: Err) => res.errors?.[0]?.extensions?.reason;
const call = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, principal?: Principal) => gql<T>(oneThing.url, query, variables, principal);
/** The system's clock stands at a China time (tests of the follow-up limits). */
const at = (chinaTime: string) => setClock(() => Date.parse(`${chinaTime}+08:00`));
const supervisor: Principal = { kind: "staff", subject: "sv", roles: ["supervisor"], agency: "hrss", region: "省本级" };

beforeAll(async () => {
  ({ agencies, oneThing } = stack = await startOneThingStack(store, settings, { standingSource: null }));
});
afterEach(() => setClock(undefined));
afterAll(async () => {
  await stack?.close();
});

/** A window clerk of a city that does not cover the office. */
const otherClerk = (office: string) => clerk(["长治市", "大同市"].find((c) => !regionCovers(c, office))!);

/** A card application (bundle 10), carried to completion; its office is the person's region. */
async function completed(by: "citizen" | "window"): Promise<{ id: string; citizen: Principal; office: string }> {
  const p = person("GRADUATE", (x) => x.card.status === "NONE");
  const citizen: Principal = { kind: "citizen", subject: `c-${p.idNumber.slice(-4)}`, idNumber: p.idNumber };
  const input = { scenario: 10, ...(by === "window" ? { idNumber: p.idNumber } : {}), materials: ["ID_CARD", "PHOTO"], idempotencyKey: `rate-${by}-${p.idNumber}` };
  const res = await call<{ submitApplication: { id: string } }>(SUBMIT, { input }, by === "window" ? clerk(p.region) : citizen);
  expect(res.errors).toBeUndefined();
  const app = await oneThing.engine.settled(res.data!.submitApplication.id, 20_000);
  expect(app.steps.every((s) => s.state.phase === "DONE" || s.state.phase === "SKIPPED")).toBe(true);
  return { id: app.id, citizen, office: app.office! };
}

describe("who rates, and once (一事一评)", () => {
  it("not before completion; only the applicant; bad input changes nothing; then once", async () => {
    const p = person("GRADUATE", (x) => x.card.status === "NONE");
    const citizen: Principal = { kind: "citizen", subject: "slow", idNumber: p.idNumber };
    agencies.behaviour = { delayMs: 1_500 };
    const slow = await call<{ submitApplication: { id: string } }>(SUBMIT, { input: { scenario: 10, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `rate-slow-${p.idNumber}` } }, citizen);
    const early = await call(RATE, { input: { applicationId: slow.data!.submitApplication.id, level: "SATISFIED" } }, citizen);
    expect([code(early), reason(early)]).toEqual(["CONFLICT", "NOT_COMPLETED"]);
    agencies.behaviour = { delayMs: 5 };

    const { id, citizen: applicant, office } = await completed("citizen");
    const rate = (input: Record<string, unknown>, principal?: Principal) => call<{ rateApplication: { round: string; level: string; tags: string[]; comment: string | null } }>(RATE, { input: { applicationId: id, ...input } }, principal);
    expect(code(await rate({ level: "SATISFIED" }))).toBe("UNAUTHENTICATED");
    expect(code(await rate({ level: "SATISFIED" }, citizen))).toBe("FORBIDDEN");
    expect(code(await rate({ level: "SATISFIED" }, clerk(office)))).toBe("FORBIDDEN");
    expect(code(await rate({ level: "SATISFIED" }, { kind: "employer", subject: "e", creditCode: "91140100MA0K000001" }))).toBe("FORBIDDEN");
    expect(code(await rate({ level: "GREAT" }, applicant))).toBe("BAD_USER_INPUT");
    expect(code(await rate({ level: "SATISFIED", tags: ["NICE_PEOPLE"] }, applicant))).toBe("BAD_USER_INPUT");
    expect(code(await rate({ level: "SATISFIED", tags: ["POOR_ATTITUDE"] }, applicant))).toBe("BAD_USER_INPUT");
    expect(code(await rate({ level: "SATISFIED", comment: "好".repeat(501) }, applicant))).toBe("BAD_USER_INPUT");
    expect(code(await call(`query($id: ID!) { applicationRatings(applicationId: $id) { level } }`, { id }, applicant))).toBeUndefined();
    expect((await call<{ applicationRatings: unknown[] }>(`query($id: ID!) { applicationRatings(applicationId: $id) { level } }`, { id }, applicant)).data!.applicationRatings).toEqual([]);

    const ok = await rate({ level: "SATISFIED", tags: ["EFFICIENT", "EFFICIENT", "DONE_IN_ONE_VISIT"], comment: "  很快  " }, applicant);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.rateApplication).toMatchObject({ round: "FIRST", level: "SATISFIED", tags: ["EFFICIENT", "DONE_IN_ONE_VISIT"], comment: "很快" });
    const again = await rate({ level: "VERY_SATISFIED" }, applicant);
    expect([code(again), reason(again)]).toEqual(["CONFLICT", "ALREADY_RATED"]);
    // a good rating opens no follow-up
    const list = await call<{ ratingFollowUps: { applicationId: string }[] }>(FOLLOW_UPS, { office }, supervisor);
    expect(list.data!.ratingFollowUps.map((f) => f.applicationId)).not.toContain(id);
    await oneThing.engine.settled(slow.data!.submitApplication.id, 20_000);
  });

  it("a window submission is rated by the person it was for, not by the clerk", async () => {
    const { id, citizen, office } = await completed("window");
    expect(code(await call(RATE, { input: { applicationId: id, level: "BASIC" } }, clerk(office)))).toBe("FORBIDDEN");
    expect((await call(RATE, { input: { applicationId: id, level: "BASIC" } }, citizen)).errors).toBeUndefined();
  });
});

describe("a 差评 and its follow-up", () => {
  it("opens a follow-up due across the National Day holiday; 追评 only after rectification, once; the figures follow", async () => {
    const { id, citizen, office } = await completed("citizen");
    const own = clerk(office);
    // Wednesday 30 September 2026; 1-7 October are holidays, Saturday 10 October a make-up working day
    at("2026-09-30T10:00:00");
    const poor = await call(RATE, { input: { applicationId: id, level: "DISSATISFIED", tags: ["MANY_VISITS"], comment: "跑了两次" } }, citizen);
    expect(poor.errors).toBeUndefined();
    const [f] = (await call<{ ratingFollowUps: Record<string, unknown>[] }>(FOLLOW_UPS, { office }, own)).data!.ratingFollowUps.filter((x) => x.applicationId === id);
    // 回访: the first working day after 30 September is 8 October; 整改: 15 working days
    // (8, 9, 10, 12-16, 19-23, 26, 27 October) end on 27 October
    expect(f).toMatchObject({
      office, level: "DISSATISFIED", status: "OPEN", comment: "跑了两次",
      callBackDue: "2026-10-08T23:59:59.999+08:00", rectifyDue: "2026-10-27T23:59:59.999+08:00", callBackLate: false, rectifyLate: false,
    });

    const early = await call(RATE, { input: { applicationId: id, level: "SATISFIED" } }, citizen);
    expect([code(early), reason(early)]).toEqual(["CONFLICT", "NOT_RECTIFIED"]);
    // another city's window, the supervisor and the applicant record nothing
    for (const p of [otherClerk(office), supervisor, citizen]) expect(code(await call(CALL_BACK, { id, note: "已回访" }, p))).toBe("FORBIDDEN");
    const noCallBack = await call(RECTIFY, { id, note: "已整改" }, own);
    expect([code(noCallBack), reason(noCallBack)]).toEqual(["CONFLICT", "NOT_CALLED_BACK"]);

    // the morning after the limit, nobody has called: it is listed as overdue
    at("2026-10-09T09:00:00");
    const overdue = await call<{ ratingFollowUps: { applicationId: string; callBackLate: boolean }[] }>(FOLLOW_UPS, { overdueOnly: true }, own);
    expect(overdue.data!.ratingFollowUps.find((x) => x.applicationId === id)).toMatchObject({ callBackLate: true });
    const called = await call<{ recordRatingCallBack: { status: string; callBackLate: boolean } }>(CALL_BACK, { id, note: "已电话回访" }, own);
    expect(called.data!.recordRatingCallBack).toEqual({ status: "CALLED_BACK", calledBackAt: "2026-10-09T09:00:00.000+08:00", callBackLate: true });
    expect(reason(await call(CALL_BACK, { id }, own))).toBe("ALREADY_CALLED_BACK");

    at("2026-10-27T17:00:00");
    const elsewhere: Principal = { kind: "staff", subject: "op", roles: ["operator"], agency: "card", region: (otherClerk(office) as { region: string }).region };
    expect(code(await call(RECTIFY, { id, note: "窗口增设引导" }, elsewhere))).toBe("FORBIDDEN");
    expect(code(await call(RECTIFY, { id, note: " " }, own))).toBe("BAD_USER_INPUT");
    const fixed2 = await call<{ recordRatingRectification: { status: string; rectifyLate: boolean } }>(RECTIFY, { id, note: "窗口增设引导" }, own);
    expect(fixed2.data!.recordRatingRectification).toMatchObject({ status: "RECTIFIED", rectifyLate: false });
    // rectified in time; the late call-back keeps it on the overdue list
    const still = await call<{ ratingFollowUps: { applicationId: string; callBackLate: boolean; rectifyLate: boolean }[] }>(FOLLOW_UPS, { office, overdueOnly: true }, supervisor);
    expect(still.data!.ratingFollowUps.find((x) => x.applicationId === id)).toMatchObject({ callBackLate: true, rectifyLate: false });

    at("2026-10-28T09:00:00");
    const second = await call<{ rateApplication: { round: string; level: string } }>(RATE, { input: { applicationId: id, level: "SATISFIED", tags: ["WARM_SERVICE"] } }, citizen);
    expect(second.data!.rateApplication).toMatchObject({ round: "FOLLOW_UP", level: "SATISFIED" });
    const third = await call(RATE, { input: { applicationId: id, level: "VERY_SATISFIED" } }, citizen);
    expect([code(third), reason(third)]).toEqual(["CONFLICT", "ALREADY_RATED"]);

    // figures: one rating on 30 September for the office, now counted at its 追评 level (好评)
    const stats = await call<{ contactPointStats: { contactPoint: { name: string }; ratings: { count: number; satisfaction: number | null } }[] }>(STATS, { from: "2026-09-30", to: "2026-09-30" }, supervisor);
    expect(stats.data!.contactPointStats.find((r) => r.contactPoint.name === office)!.ratings).toEqual({ count: 1, satisfaction: 1 });
    const oct = await call<{ contactPointStats: { contactPoint: { name: string }; ratings: { count: number } }[] }>(STATS, { from: "2026-10-01", to: "2026-10-31" }, supervisor);
    expect(oct.data!.contactPointStats.find((r) => r.contactPoint.name === office)!.ratings.count).toBe(0);
  });

  it("a 差评 on a Saturday is called back by the end of Monday; follow-ups are listed for the office's city only", async () => {
    const { id, citizen, office } = await completed("citizen");
    at("2026-10-17T15:00:00");
    expect((await call(RATE, { input: { applicationId: id, level: "VERY_DISSATISFIED", tags: ["TOOK_TOO_LONG"] } }, citizen)).errors).toBeUndefined();
    const list = await call<{ ratingFollowUps: { applicationId: string; callBackDue: string; rectifyDue: string }[] }>(FOLLOW_UPS, {}, clerk(office));
    // 19 October is the first working day after Saturday 17; 15 working days: 19-23, 26-30 October, 2-6 November
    expect(list.data!.ratingFollowUps.find((x) => x.applicationId === id)).toMatchObject({ callBackDue: "2026-10-19T23:59:59.999+08:00", rectifyDue: "2026-11-06T23:59:59.999+08:00" });
    expect(code(await call(FOLLOW_UPS, { office }, otherClerk(office)))).toBe("FORBIDDEN");
    const others = (await call<{ ratingFollowUps: { office: string }[] }>(FOLLOW_UPS, {}, otherClerk(office))).data!.ratingFollowUps;
    expect(others.every((f) => regionCovers((otherClerk(office) as { region: string }).region, f.office))).toBe(true);
    for (const p of [undefined, citizen, { kind: "partner", subject: "p", department: "医保局", scopes: ["person:read"] } as Principal]) {
      expect(code(await call(FOLLOW_UPS, {}, p))).toBe(p ? "FORBIDDEN" : "UNAUTHENTICATED");
    }
  });
});
