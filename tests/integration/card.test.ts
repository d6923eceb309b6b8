import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoData } from "../../schema/demo";
import { codes } from "../support/graphql";
import { SiCardHarness } from "../support/si-card";

const run = randomUUID().slice(0, 8);
const key = (name: string) => `card-${run}-${name}`;
const { people } = demoData();
const withoutCard = people.filter((p) => p.card.status === "NONE");
const active = people.filter((p) => p.card.status === "ACTIVE");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CARD = "query($id: IdNumber!) { person(idNumber: $id) { name socialSecurityCard { number status bank region issuedAt readyAt } } }";
const RECEIPT = "caseNumber itemCode system status acceptedAt completedAt idempotencyKey";
const APPLY = `mutation($id: IdNumber!, $mode: CardApplicationMode, $region: String, $k: String!) { applyForCard(idNumber: $id, mode: $mode, region: $region, idempotencyKey: $k) { ${RECEIPT} } }`;
const op = (name: string) => `mutation($id: IdNumber!, $k: String!) { ${name}(idNumber: $id, idempotencyKey: $k) { ${RECEIPT} } }`;

describe("social security cards through the gateway", () => {
  const h = new SiCardHarness({ productionMs: 500, batchProductionMs: 1_500, instantRegions: ["天镇县"] });
  beforeAll(async () => { await h.start(); });
  afterAll(async () => { await h.forget(`kb:idem:*:card-${run}-*`); await h.close(); });

  const card = async (id: string) => (await h.query<Json>(CARD, { id })).data!.person.socialSecurityCard as Json;
  const waitFor = async (id: string, status: string, ms: number) => {
    const end = Date.now() + ms;
    for (;;) {
      const c = await card(id);
      if (c.status === status || Date.now() > end) return c;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it("produces a card asynchronously: IN_PRODUCTION, then NOT_ACTIVATED on the card system's own timer", async () => {
    const p = withoutCard[0]!;
    expect(await card(p.idNumber)).toMatchObject({ status: "NONE", number: null });
    const r = await h.query<Json>(APPLY, { id: p.idNumber, region: "太原市", k: key("apply") });
    expect(r.errors).toBeUndefined();
    expect(r.data!.applyForCard).toMatchObject({ itemCode: "1.10.1", system: "card", status: "IN_PRODUCTION", completedAt: null });
    expect(r.data!.applyForCard.caseNumber).toMatch(/^SBK\d{14}$/);
    expect(await card(p.idNumber)).toMatchObject({ status: "IN_PRODUCTION", number: null, region: "太原市" });
    const done = await waitFor(p.idNumber, "NOT_ACTIVATED", 3_000);
    expect(done).toMatchObject({ status: "NOT_ACTIVATED", region: "太原市", readyAt: null });
    expect(done.number).toMatch(/^1401\d{8}$/);
  });

  it("issues on the spot for a single application in an instant-issuing county, and queues a batch application longer", async () => {
    const instant = await h.query<Json>(APPLY, { id: withoutCard[1]!.idNumber, region: "天镇县", k: key("instant") });
    expect(instant.data!.applyForCard).toMatchObject({ status: "COMPLETED" });
    expect((await card(withoutCard[1]!.idNumber)).status).toBe("NOT_ACTIVATED");
    const batch = await h.query<Json>(APPLY, { id: withoutCard[2]!.idNumber, mode: "BATCH", region: "天镇县", k: key("batch") });
    expect(batch.data!.applyForCard).toMatchObject({ status: "IN_PRODUCTION" });
    await new Promise((r) => setTimeout(r, 700)); // a single application would be done by now
    expect((await card(withoutCard[2]!.idNumber)).status).toBe("IN_PRODUCTION");
    expect((await waitFor(withoutCard[2]!.idNumber, "NOT_ACTIVATED", 3_000)).status).toBe("NOT_ACTIVATED");
    const regions = await h.query<Json>("{ cardInstantIssueRegions }");
    expect(regions.data!.cardInstantIssueRegions).toEqual(["天镇县"]);
  });

  it("runs once per idempotency key: the same key gives the same case and one legacy write", async () => {
    const p = withoutCard[3]!;
    h.resetStats();
    const first = await h.query<Json>(APPLY, { id: p.idNumber, region: "天镇县", k: key("once") });
    const again = await h.query<Json>(APPLY, { id: p.idNumber, region: "天镇县", k: key("once") });
    expect(again.data!.applyForCard).toEqual(first.data!.applyForCard);
    expect(h.cardLegacy.stats.byPath["/v1/applications"]).toBe(1);
    expect(codes(await h.query(APPLY, { id: p.idNumber, region: "太原市", k: key("once") }))).toEqual(["IDEMPOTENCY_CONFLICT"]);
    expect(codes(await h.query(op("activateCard"), { id: p.idNumber, k: key("once") }))).toEqual(["IDEMPOTENCY_CONFLICT"]);
  });

  it("refuses an application when the person has an active card, with CONFLICT and no write", async () => {
    const p = active[0]!;
    h.resetStats();
    const r = await h.query(APPLY, { id: p.idNumber, k: key("active") });
    expect(codes(r)).toEqual(["CONFLICT"]);
    expect(h.cardLegacy.stats.byPath["/v1/applications"]).toBeUndefined();
  });

  it("walks the card through activation, password reset, loss report and its cancellation, reissue and cancellation", async () => {
    const p = withoutCard[4]!;
    await h.query(APPLY, { id: p.idNumber, region: "天镇县", k: key("walk-apply") });
    expect(codes(await h.query(op("resetCardPassword"), { id: p.idNumber, k: key("walk-reset-early") }))).toEqual(["CONFLICT"]);
    const activated = await h.query<Json>(op("activateCard"), { id: p.idNumber, k: key("walk-activate") });
    expect(activated.data!.activateCard).toMatchObject({ itemCode: "1.10.2", status: "COMPLETED" });
    expect((await card(p.idNumber)).status).toBe("ACTIVE");
    expect((await h.query<Json>(op("resetCardPassword"), { id: p.idNumber, k: key("walk-reset") })).data!.resetCardPassword.itemCode).toBe("1.10.6");
    expect((await h.query<Json>(op("reportCardLoss"), { id: p.idNumber, k: key("walk-lost") })).data!.reportCardLoss.itemCode).toBe("1.10.7");
    expect((await card(p.idNumber)).status).toBe("LOST");
    expect(codes(await h.query(op("reportCardLoss"), { id: p.idNumber, k: key("walk-lost-again") }))).toEqual(["CONFLICT"]);
    await h.query(op("cancelCardLossReport"), { id: p.idNumber, k: key("walk-found") });
    expect((await card(p.idNumber)).status).toBe("ACTIVE");
    await h.query(op("reportCardLoss"), { id: p.idNumber, k: key("walk-lost-2") });
    const old = (await card(p.idNumber)).number;
    const reissued = await h.query<Json>(`mutation($id: IdNumber!, $k: String!) { reissueCard(idNumber: $id, region: "天镇县", idempotencyKey: $k) { itemCode status } }`, { id: p.idNumber, k: key("walk-reissue") });
    expect(reissued.data!.reissueCard).toEqual({ itemCode: "1.10.8", status: "COMPLETED" });
    const fresh = await card(p.idNumber);
    expect(fresh.status).toBe("NOT_ACTIVATED");
    expect(fresh.number).not.toBe(old);
    const cancelled = await h.query<Json>(`mutation($id: IdNumber!, $k: String!) { cancelCard(idNumber: $id, reason: "死亡", idempotencyKey: $k) { itemCode status } }`, { id: p.idNumber, k: key("walk-cancel") });
    expect(cancelled.data!.cancelCard).toEqual({ itemCode: "1.10.9", status: "COMPLETED" });
    expect((await card(p.idNumber)).status).toBe("CANCELLED");
    expect(codes(await h.query(op("activateCard"), { id: p.idNumber, k: key("walk-activate-dead") }))).toEqual(["CONFLICT"]);
  });

  it("runs card items given by code through the same operations", async () => {
    const A = `mutation($code: String!, $id: IdNumber, $d: JSONObject, $k: String!) { acceptCardItem(itemCode: $code, idNumber: $id, details: $d, idempotencyKey: $k) { ${RECEIPT} } }`;
    const p = withoutCard[6]!;
    const applied = await h.query<Json>(A, { code: "1.10.1", id: p.idNumber, d: { action: "APPLY_FOR_CARD", region: "天镇县" }, k: key("generic-apply") });
    expect(applied.data!.acceptCardItem).toMatchObject({ itemCode: "1.10.1", status: "COMPLETED" });
    // the typed mutation with the same key and the same request is the same operation
    const typed = await h.query<Json>(APPLY, { id: p.idNumber, region: "天镇县", k: key("generic-apply") });
    expect(typed.data!.applyForCard).toEqual(applied.data!.acceptCardItem);
    await h.query(A, { code: "1.10.2", id: p.idNumber, k: key("generic-activate") });
    await h.query(A, { code: "1.10.7", id: p.idNumber, k: key("generic-lost") });
    expect((await card(p.idNumber)).status).toBe("LOST");
    await h.query(A, { code: "1.10.7", id: p.idNumber, d: { operation: "CANCEL_LOSS_REPORT" }, k: key("generic-found") });
    expect((await card(p.idNumber)).status).toBe("ACTIVE");
    expect(codes(await h.query(A, { code: "2.4.2", id: p.idNumber, k: key("generic-other") }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query(A, { code: "1.10.1", k: key("generic-nobody") }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query(A, { code: "1.10.1", id: p.idNumber, d: { mode: "EXPRESS" }, k: key("generic-mode") }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects invalid input before any call to the card system", async () => {
    h.resetStats();
    expect(codes(await h.query(op("activateCard"), { id: "140100199001010012", k: key("bad-id") }))).toEqual(["INVALID_ID_NUMBER"]);
    expect(codes(await h.query(APPLY, { id: withoutCard[5]!.idNumber, region: "Gotham", k: key("bad-region") }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await h.query(`mutation { applyForCard(idNumber: "${withoutCard[5]!.idNumber}", mode: EXPRESS, idempotencyKey: "${key("bad-mode")}") { caseNumber } }`))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(codes(await h.query(APPLY, { id: withoutCard[5]!.idNumber, k: "bad key!" }))).toEqual(["BAD_USER_INPUT"]);
    expect(h.cardLegacy.stats.requests).toBe(0);
    expect(codes(await h.query(op("activateCard"), { id: "11010519491231002X", k: key("nobody") }))).toEqual(["NOT_FOUND"]);
  });
});

describe("when the card system fails", () => {
  const h = new SiCardHarness();
  beforeAll(async () => { await h.start(); });
  afterAll(async () => { await h.forget(`kb:idem:*:card-${run}-*`); await h.close(); });
  const p = active[1]!;

  const expectDegraded = (r: { data?: Json; errors?: { path?: (string | number)[]; extensions?: Json }[] }) => {
    expect(r.data!.person).toMatchObject({ name: p.name, socialInsurance: { personNo: p.personNo }, socialSecurityCard: null });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ path: ["person", "socialSecurityCard"], extensions: { code: "UPSTREAM_UNAVAILABLE", system: "card" } });
    expect(JSON.stringify(r.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|fetch failed|abort/i);
  };
  const Q = "query($id: IdNumber!) { person(idNumber: $id) { name socialInsurance { personNo } socialSecurityCard { status } } }";

  it("still returns the social-insurance fields when the card system is down", async () => {
    await h.withStopped("cardLegacy", async () => {
      expectDegraded(await h.query<Json>(Q, { id: p.idNumber }));
    });
    expect((await h.query<Json>(Q, { id: p.idNumber })).data!.person.socialSecurityCard.status).toBe("ACTIVE");
  });

  it("answers within the timeout when the card system is slow", async () => {
    h.cardLegacy.setDelay(5_000);
    try {
      const started = Date.now();
      const r = await h.query<Json>(Q, { id: p.idNumber });
      expect(Date.now() - started).toBeLessThan(3_000);
      expectDegraded(r);
    } finally {
      h.cardLegacy.setDelay(0);
    }
  });

  it("degrades a 50-person page the same way: every card null, every other field present", async () => {
    await h.withStopped("cardLegacy", async () => {
      const r = await h.query<Json>("{ persons(first: 50) { edges { node { name socialSecurityCard { status } } } } }");
      expect(r.data!.persons.edges).toHaveLength(50);
      expect(r.data!.persons.edges.every((e: Json) => e.node.name && e.node.socialSecurityCard === null)).toBe(true);
      expect(new Set(r.errors!.map((e) => e.extensions!.code))).toEqual(new Set(["UPSTREAM_UNAVAILABLE"]));
    });
  });
});
