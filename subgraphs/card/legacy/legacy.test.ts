import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../../lib/clock";
import type { LegacyStandIn } from "../../../lib/legacy-server";
import { demoData } from "../../../schema/demo";
import type { WireCard, WireCase } from "../wire";
import { startCardLegacy } from "./index";

const until = async (check: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await check()) return true; await new Promise((r) => setTimeout(r, 20)); }
  return false;
};

describe("the card system stand-in", () => {
  let legacy: LegacyStandIn;
  const without = demoData().people.filter((p) => p.card.status === "NONE");
  const card = async (id: string) => ((await (await fetch(`${legacy.url}/v1/cards?idNumbers=${id}`)).json()) as { cards: WireCard[] }).cards[0]!;
  const apply = (id: string, key: string, body: unknown) =>
    fetch(`${legacy.url}/v1/applications`, { method: "POST", headers: { "idempotency-key": key, "content-type": "application/json" }, body: JSON.stringify({ idNumber: id, ...(body as object) }) });

  beforeAll(async () => { legacy = await startCardLegacy({ port: 0, productionMs: 150, batchProductionMs: 600, instantRegions: ["天镇县"] }); });
  afterAll(async () => { await legacy.close(); });

  it("keeps one case per Idempotency-Key and produces one card", async () => {
    const id = without[0]!.idNumber;
    const key = `test-${randomUUID()}`;
    const first = await apply(id, key, { mode: "single", region: "太原市" });
    const again = await apply(id, key, { mode: "single", region: "太原市" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = ((await first.json()) as { case: WireCase }).case;
    const b = ((await again.json()) as { case: WireCase }).case;
    expect(b.caseNumber).toBe(a.caseNumber);
    const other = await apply(id, `test-${randomUUID()}`, { mode: "single" });
    expect(other.status).toBe(409); // the first application is in production
  });

  it("finishes single production on its own timer, batch production later", async () => {
    const single = without[1]!.idNumber;
    const batch = without[2]!.idNumber;
    await apply(single, `test-${randomUUID()}`, { mode: "single", region: "太原市" });
    await apply(batch, `test-${randomUUID()}`, { mode: "batch", region: "天镇县" });
    expect((await card(single)).status).toBe("in_production");
    expect(await until(async () => (await card(single)).status === "not_activated", 2_000)).toBe(true);
    expect((await card(batch)).status).toBe("in_production");
    expect(await until(async () => (await card(batch)).status === "not_activated", 2_000)).toBe(true);
    expect((await card(batch)).cardNumber).toMatch(/^1402\d{8}$/);
  });

  it("issues on the spot for a single application where the region prints cards", async () => {
    const res = await apply(without[3]!.idNumber, `test-${randomUUID()}`, { mode: "single", region: "天镇县" });
    const body = (await res.json()) as { case: WireCase; card: WireCard };
    expect(body.case.status).toBe("completed");
    expect(body.card.status).toBe("not_activated");
  });
});

describe("the card system stand-in on a fast clock", () => {
  let legacy: LegacyStandIn;
  const id = demoData().people.filter((p) => p.card.status === "NONE")[4]!.idNumber;
  const HOUR = 3_600_000;
  // the clock is said to run 72,000× (an hour in 50 real ms) but runs at half that: a timer set for
  // the hour fires while the clock still shows half of it, as a timer that fires a hair early does
  beforeAll(async () => {
    const origin = Date.parse("2020-09-25T10:00:00+08:00"), real = Date.now();
    setClock(() => origin + (Date.now() - real) * 36_000, 72_000);
    legacy = await startCardLegacy({ port: 0, productionMs: HOUR, batchProductionMs: 2 * HOUR, instantRegions: [] });
  });
  afterAll(async () => {
    await legacy.close();
    setClock(undefined);
  });

  it("completes a case when its production is due on the system's clock, never before, even when its timer fires early", async () => {
    const key = `test-${randomUUID()}`;
    const res = await fetch(`${legacy.url}/v1/applications`, { method: "POST", headers: { "idempotency-key": key, "content-type": "application/json" }, body: JSON.stringify({ idNumber: id, mode: "single", region: "太原市" }) });
    const accepted = ((await res.json()) as { case: WireCase }).case;
    expect(accepted.status).toBe("in_production");
    // the case is read as the engine reads it (a GET settles only what is due), after the timer fired
    await new Promise((r) => setTimeout(r, 60));
    const early = ((await (await fetch(`${legacy.url}/v1/cases/${key}`)).json()) as { case: WireCase }).case;
    expect(early.status).toBe("in_production");
    expect(await until(async () => ((await (await fetch(`${legacy.url}/v1/cases/${key}`)).json()) as { case: WireCase }).case.status === "completed", 2_000)).toBe(true);
    const done = ((await (await fetch(`${legacy.url}/v1/cases/${key}`)).json()) as { case: WireCase }).case;
    expect(Date.parse(done.completedAt!) - Date.parse(accepted.acceptedAt)).toBe(HOUR);
  });
});
