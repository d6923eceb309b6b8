import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import { signPrincipal, type Principal } from "../../lib/principal";
import { keyDigest } from "../../lib/idempotency";
import { PRINCIPAL_HEADER } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { checkIdNumber } from "../../schema/scalars/id-number";
import { startOneThing, type RunningOneThing } from "../../subgraphs/one-thing";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { gql } from "../support/graphql";
import { as, fromTestHeader } from "../support/principals";
import { sharedTestStore } from "../support/store";

/**
 * Store hygiene: a whole application through the gateway, the engine and the five agency systems
 * leaves no resident ID number in any key name; and idempotency keys belong to whoever sent them.
 */
const store = sharedTestStore();
const run = randomUUID().slice(0, 8);
let agencies: AllAgencies;
let oneThing: RunningOneThing;
let gateway: RunningGateway;
let before: Set<string>;

/** Every valid resident ID number (check digit and all) inside a string. */
function idNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?=(\d{17}[\dXx]))/g)].map((m) => m[1]!).filter((s) => checkIdNumber(s).ok);
}

beforeAll(async () => {
  before = new Set(await store.keys("*"));
  agencies = await startAllAgencies(store);
  oneThing = await startOneThing({ store, port: 0, subgraphUrls: agencies.urls, settings: { keyPrefix: `kb:test:keys:${run}`, rosterStream: `kb:test:keys:roster:${run}`, retryBaseMs: 100, retryMaxMs: 500, pollMs: 100 } });
  gateway = await startGateway({ port: 0, store, authenticate: fromTestHeader, subgraphs: [...agencies.endpoints, { name: "one-thing", url: oneThing.url }] });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await oneThing?.close();
  await agencies?.close();
  const mine = await store.keys(`kb:test:keys:*${run}*`);
  if (mine.length) await store.del(...mine);
  await store.close();
});

describe("store keys", () => {
  it("a whole application leaves no ID number in any key name it created", async () => {
    const person = demoData().people.find((p) => p.card.status === "NONE")!;
    const citizen: Principal = { kind: "citizen", subject: `keys-${run}`, idNumber: person.idNumber };
    const url = `${gateway.url}/graphql`;
    const submitted = await gql<{ submitApplication: { id: string } }>(url, `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`, {
      // a client that spells her ID number into its idempotency key, as some do
      input: { scenario: 10, materials: ["ID_CARD", "PHOTO"], idempotencyKey: `keys-${run}-${person.idNumber}` },
    }, as(citizen));
    expect(submitted.errors, JSON.stringify(submitted.errors)).toBeUndefined();
    const app = await oneThing.engine.settled(submitted.data!.submitApplication.id, 45_000);
    expect(app.steps.some((s) => s.state.phase === "DONE")).toBe(true);
    // her reads, so the data-sharing cache and the audit write what they write for a person
    await gql(url, "query($id: IdNumber!) { person(idNumber: $id) { socialSecurityCard { status } applications { id } } }", { id: person.idNumber }, as(citizen));
    await gql(url, "{ applications { totalCount } }", {}, as(citizen));

    const created = (await store.keys("*")).filter((k) => !before.has(k));
    expect(created.some((k) => k.startsWith("kb:test:keys:"))).toBe(true);
    // the gateway's data-sharing cache is checked on its own below
    expect(created.filter((k) => !k.startsWith("kb:share:") && idNumbersIn(k).length > 0)).toEqual([]);
  }, 60_000);

  // the cache names a person by her keyed pseudonym (lib/share-cache.ts), never by her ID number
  it("the data-sharing cache names no ID number either", async () => {
    const person = demoData().people.find((p) => p.card.status === "NONE")!;
    const shared = (await store.keys("kb:share:*")).filter((k) => k.includes(person.idNumber));
    expect(shared.filter((k) => idNumbersIn(k).length > 0)).toEqual([]);
  });

  it("idempotency keys belong to their principal: the same key from two callers gives two records; a retry gives the same receipt", async () => {
    const [x, y] = demoData().people.filter((p) => p.card.status === "ACTIVE").slice(0, 2);
    const operator = (subject: string): Principal => ({ kind: "staff", subject, roles: ["operator"], agency: "card", region: "省本级" });
    const report = async (principal: Principal, idNumber: string, key: string) => {
      const res = await fetch(agencies.urls.card, {
        method: "POST",
        headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(principal, { audience: "card", requestId: randomUUID() }) },
        body: JSON.stringify({ query: "mutation($id: IdNumber!, $k: String!) { reportCardLoss(idNumber: $id, idempotencyKey: $k) { caseNumber idempotencyKey } }", variables: { id: idNumber, k: key } }),
      });
      return (await res.json()) as { data?: { reportCardLoss: { caseNumber: string; idempotencyKey: string } }; errors?: unknown[] };
    };
    const key = `shared-key-${run}`;
    const a = await report(operator(`a-${run}`), x!.idNumber, key);
    expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
    // another operator, the same key, another person: her own record, not a replay of the first
    const b = await report(operator(`b-${run}`), y!.idNumber, key);
    expect(b.errors, JSON.stringify(b.errors)).toBeUndefined();
    expect(b.data!.reportCardLoss.caseNumber).not.toBe(a.data!.reportCardLoss.caseNumber);
    expect(b.data!.reportCardLoss.idempotencyKey).toBe(key);
    // the first operator retrying gets her first receipt back
    const again = await report(operator(`a-${run}`), x!.idNumber, key);
    expect(again.data!.reportCardLoss).toEqual(a.data!.reportCardLoss);
    // and no key name carries either operator's subject
    // the caller's key appears as its digest: a caller may spell anything into it, an ID number too
    const keys = (await store.keys("kb:idem:*")).filter((k) => k.endsWith(`:${keyDigest(key)}`));
    expect((await store.keys("kb:idem:*")).some((k) => k.includes(key))).toBe(false);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys.some((k) => k.includes(`a-${run}`) || k.includes(`b-${run}`))).toBe(false);
  });
});
