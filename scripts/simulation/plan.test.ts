import { describe, expect, it } from "vitest";
import { calendar } from "../../schema/calendar/calendar";
import { demoData } from "../../schema/demo";
import { citizen, ReplayIdentities, withReplayIdentities, windowClerk } from "./identities";
import { OFFICE_WEIGHT, planApplications } from "./plan";

const plan = planApplications({ from: "2020-06-01", to: "2020-12-31", applications: 3_000, seed: 11 });
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaMinutes = (ms: number) => { const d = new Date(ms + 8 * 3_600_000); return d.getUTCHours() * 60 + d.getUTCMinutes(); };

describe("a replay's plan", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(planApplications({ from: "2020-06-01", to: "2020-12-31", applications: 3_000, seed: 11 })).toEqual(plan);
    expect(planApplications({ from: "2020-06-01", to: "2020-12-31", applications: 3_000, seed: 12 })).not.toEqual(plan);
  });

  it("keeps to the period, in time order, windows open on working days 09:00–17:30", () => {
    expect(plan).toHaveLength(3_000);
    for (let i = 1; i < plan.length; i++) expect(plan[i]!.at).toBeGreaterThanOrEqual(plan[i - 1]!.at);
    expect(chinaDate(plan[0]!.at) >= "2020-06-01" && chinaDate(plan.at(-1)!.at) <= "2020-12-31").toBe(true);
    const window = plan.filter((p) => p.channel === "WINDOW");
    expect(window.length / plan.length).toBeGreaterThan(0.45);
    expect(window.length / plan.length).toBeLessThan(0.65);
    for (const p of window) {
      expect(calendar().isWorkingDay(chinaDate(p.at)), chinaDate(p.at)).toBe(true);
      expect(chinaMinutes(p.at)).toBeGreaterThanOrEqual(540);
      expect(chinaMinutes(p.at)).toBeLessThan(1050);
    }
    // 国庆 2020: 1–8 October closed, the windows too
    expect(window.some((p) => chinaDate(p.at) >= "2020-10-01" && chinaDate(p.at) <= "2020-10-08")).toBe(false);
  });

  it("weights offices by size: 太原市 handles several times what 天镇县 does", () => {
    const n = (office: string) => plan.filter((p) => p.office === office).length;
    expect(new Set(plan.map((p) => p.office)).size).toBe(23);
    expect(n("太原市") / n("天镇县")).toBeGreaterThan((OFFICE_WEIGHT["太原市"]! / OFFICE_WEIGHT["天镇县"]!) * 0.5);
  });

  it("has applicants of the office's own region, commitments some of which prove false, and some 差评", () => {
    const regionOf = new Map(demoData().people.map((p) => [p.idNumber, p.region]));
    expect(plan.every((p) => regionOf.get(p.idNumber) === p.office)).toBe(true);
    const committed = plan.filter((p) => p.useCommitments);
    expect(committed.length / plan.length).toBeGreaterThan(0.2);
    const falseOnes = plan.filter((p) => p.commitmentFalse);
    expect(falseOnes.length).toBeGreaterThan(0);
    expect(falseOnes.every((p) => p.useCommitments)).toBe(true);
    const bad = plan.filter((p) => p.rating && ["DISSATISFIED", "VERY_DISSATISFIED"].includes(p.rating.level));
    expect(bad.length / plan.length).toBeGreaterThan(0.02);
    expect(bad.length / plan.length).toBeLessThan(0.15);
    expect(new Set(plan.map((p) => p.scenario)).size).toBeGreaterThanOrEqual(6);
  });

  it("follows a person: nobody is hired twice without leaving in between", () => {
    const byPerson = new Map<string, number[]>();
    for (const p of plan) byPerson.set(p.idNumber, [...(byPerson.get(p.idNumber) ?? []), p.scenario]);
    for (const seq of byPerson.values()) {
      const jobs = seq.filter((s) => s === 1 || s === 2 || s === 4 || s === 5);
      for (let i = 1; i < jobs.length; i++) expect(jobs[i] === 2 || jobs[i - 1] === 2, seq.join(",")).toBe(true);
    }
  });
});

describe("the replay's credentials at the gateway", () => {
  it("are known only while the replay runs; other credentials go to the hub's check", async () => {
    const ids = new ReplayIdentities();
    const hub = async () => citizen("110101199003077777");
    const authenticate = withReplayIdentities(ids, hub);
    const clerk = windowClerk("太原市");
    const credential = ids.credential(clerk);
    expect(ids.credential(clerk)).toBe(credential);
    expect(await authenticate({ authorization: credential })).toEqual(clerk);
    expect(await authenticate({ authorization: "Bearer abc" })).toEqual(await hub());
    await expect(authenticate({ authorization: "Replay not-one-of-ours" })).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    ids.close();
    await expect(authenticate({ authorization: credential })).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect(() => ids.credential(clerk)).toThrow(/closed/);
    // subjects are pseudonyms: no ID number in them
    expect(citizen("110101199003077777").subject).not.toContain("110101199003077777");
  });
});
