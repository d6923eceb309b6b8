import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCredentials, type DemoCredential } from "../../auth";
import { currentTotp } from "../../auth/totp";
import { startGateway, type RunningGateway } from "../../gateway";
import { hubBearerAuthenticate } from "../../gateway/auth/authenticate";
import { storeGrantRevocation } from "../../gateway/auth/verify-token";
import { regionCovers } from "../../lib/access/scopes";
import type { Principal } from "../../lib/principal";
import { demoData } from "../../schema/demo";
import { chinaDate } from "../../schema/calendar/deadline";
import { bundleMaterialSet } from "../../subgraphs/one-thing/materials";
import { startOneThing, type RunningOneThing } from "../../subgraphs/one-thing";
import { callsOf, employerAt, peoplePicker, testSettings } from "../../subgraphs/one-thing/testing/harness";
import { startRecordingAgencies, type RecordingAgencies } from "../../subgraphs/one-thing/testing/recording-agencies";
import { startAllAgencies, type AllAgencies } from "../support/agency-stack";
import { codes, gql } from "../support/graphql";
import { startHubPair, type HubPair } from "../support/hub-pair";
import { as, fromTestHeader } from "../support/principals";
import { formOf, TestBrowser } from "./auth-helpers";
import { deleteIssuedKeys } from "../support/api-keys";
import { sharedTestStore } from "../support/store";

/**
 * Two of each component on one Redis, addressed directly (no load balancer, no affinity): two SSO
 * hubs, two gateways, two one-thing engines. Whichever instance a request reaches, the answer is
 * the one a single instance would give: sign-in state, codes, refresh tokens and sessions are the
 * store's; a partner's rate is counted over both gateways; a bundle is carried through exactly
 * once however the engines share the work.
 */
const store = sharedTestStore();
const engineSettings = testSettings();
const admin: Principal = { kind: "staff", subject: `test-admin-${randomUUID()}`, roles: ["admin"], agency: "kuaiban", region: "省本级" };
const windowClerk: Principal = { kind: "staff", subject: `test-clerk-${randomUUID().slice(0, 8)}`, roles: ["clerk"], agency: "window", region: "省本级" };
const purpose = { "x-purpose": "test" };

let hubs: HubPair;
let agencies: AllAgencies;
let recording: RecordingAgencies;
const engines: RunningOneThing[] = [];
const gateways: RunningGateway[] = [];
const issuedKeys: string[] = [];
const gatewayUrl = (i: number) => `${gateways[i % 2]!.url}/graphql`;

beforeAll(async () => {
  hubs = await startHubPair(store);
  agencies = await startAllAgencies(store);
  // the engines carry bundles through agencies that record every item call and its case
  recording = await startRecordingAgencies({ delayMs: 30 });
  for (let i = 0; i < 2; i++) engines.push(await startOneThing({ store, port: 0, subgraphUrls: recording.urls, settings: engineSettings }));
  // each gateway over the same agency systems and its own engine instance; hub tokens first, the
  // test's principal header for the administrator and the window clerk. The entity cache is off:
  // its keys are the same for every run, and entries left here would answer other tests' queries.
  const hubTokens = hubBearerAuthenticate({ issuer: hubs.issuer, audience: "urn:kuaiban:gateway", isGrantRevoked: storeGrantRevocation(store, `${hubs.prefix}:auth`) }, fromTestHeader);
  for (const engine of engines) {
    gateways.push(await startGateway({ port: 0, store, cacheTtlMs: 0, authenticate: hubTokens, subgraphs: [...agencies.endpoints, { name: "one-thing", url: engine.url }] }));
  }
}, 60_000);

afterAll(async () => {
  for (const g of gateways) await g.close();
  for (const e of engines) await e.close();
  await recording?.close();
  await agencies?.close();
  await hubs?.close();
  await deleteIssuedKeys(store, issuedKeys);
  const engineKeys = await store.keys(`${engineSettings.keyPrefix}:*`);
  await store.del(...engineKeys, engineSettings.rosterStream!);
  await store.close();
});

// ---- signing in through two hubs -------------------------------------------------------------

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

/** The same path and query at another hub instance: what a load balancer does with each request. */
const at = (hub: string, url: string) => {
  const u = new URL(url);
  return [hubs.issuer, ...hubs.urls].includes(u.origin) ? new URL(u.pathname + u.search, hub).href : url;
};

/** A client of the hub: the command-line tool (public, never rides on a session) or a portal (confidential). */
interface Client { id: string; redirect: string; secret?: string }
const cli: Client = { id: "kuaiban-cli", redirect: "http://127.0.0.1:50917/callback" };
const portal = (): Client => ({ id: hubs.portal.clientId, redirect: `${hubs.portal.url}/callback`, secret: hubs.portal.clientSecret });

interface SignInResult { client: Client; code: string; verifier: string; askedPassword: boolean; askedCode: boolean; served: string[] }

/**
 * A client's authorization-code flow with PKCE, every hop sent to the hub `route(hop)` names: the
 * authorization request, the sign-in page, the password (and TOTP) posts, the resumed
 * authorization, up to the redirect back with the code. Without `cred`, a sign-in page fails it.
 */
async function signInAt(b: TestBrowser, route: (hop: number) => string, client: Client, cred?: DemoCredential): Promise<SignInResult> {
  const { verifier, challenge } = pkce();
  const params = new URLSearchParams({ client_id: client.id, response_type: "code", scope: "openid offline_access profile kuaiban api", redirect_uri: client.redirect, code_challenge: challenge, code_challenge_method: "S256", state: randomUUID() });
  let next = `${hubs.issuer}/auth?${params}`;
  let form: Record<string, string> | undefined;
  const result: SignInResult = { client, code: "", verifier, askedPassword: false, askedCode: false, served: [] };
  for (let hop = 0; hop < 20; hop++) {
    const hub = route(hop);
    const url = at(hub, next);
    result.served.push(hub);
    const res = await b.request(url, form ? { form } : {});
    form = undefined;
    if (res.status >= 300 && res.status < 400) {
      next = new URL(res.headers.get("location")!, url).href;
      if (next.startsWith(client.redirect)) {
        const back = new URL(next);
        expect(back.searchParams.get("error"), back.search).toBeNull();
        result.code = back.searchParams.get("code")!;
        return result;
      }
      continue;
    }
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).toBe(200);
    if (!cred) throw new Error(`asked to sign in again at ${new URL(url).pathname}`);
    const f = formOf(body);
    if (body.includes('name="password"')) {
      result.askedPassword = true;
      form = { ...f.fields, login: cred.login, password: cred.password };
    } else if (body.includes('name="code"')) {
      result.askedCode = true;
      form = { ...f.fields, code: await currentTotp(cred.totpSecret!) };
    } else {
      throw new Error(`unexpected page at ${new URL(url).pathname}: ${body.slice(0, 200)}`);
    }
    next = new URL(f.action, url).href;
  }
  throw new Error("the sign-in never came back to the client");
}

type Tokens = { access_token?: string; refresh_token?: string; id_token?: string; error?: string };
/** A POST to the hub as the client: a portal authenticates with its secret, the public client names itself. */
const asClient = async (client: Client, url: string, body: Record<string, string>) => {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (client.secret) headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`;
  const res = await fetch(url, { method: "POST", headers, body: new URLSearchParams({ ...(client.secret ? {} : { client_id: client.id }), ...body }).toString() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const token = async (hub: string, client: Client, body: Record<string, string>) => (await asClient(client, `${hub}/token`, body)) as { status: number; body: Tokens };
const exchange = (hub: string, s: SignInResult) => token(hub, s.client, { grant_type: "authorization_code", code: s.code, redirect_uri: s.client.redirect, code_verifier: s.verifier });
const refresh = (hub: string, client: Client, refreshToken: string) => token(hub, client, { grant_type: "refresh_token", refresh_token: refreshToken });
const introspect = async (hub: string, client: Client, t: string) =>
  (await asClient(client, `${hub}/token/introspection`, { token: t })) as { status: number; body: { active: boolean; sub?: string; client_id?: string } };

const citizens = demoCredentials().filter((c) => c.kind === "citizen");
const staff = demoCredentials().filter((c) => c.kind === "staff" && c.totpSecret);
const SELF = `query($id: IdNumber!) { person(idNumber: $id) { idNumber name socialInsurance { enrolments { insurance status } } employment { registration { status } } socialSecurityCard { status } } }`;

describe("two SSO hubs on one store", () => {
  for (const [first, second] of [[0, 1], [1, 0]] as const) {
    it(`a sign-in at hub ${"AB"[first]}: its code, refresh token, session and tokens are honoured at hub ${"AB"[second]}`, async () => {
      const [A, B] = [hubs.urls[first], hubs.urls[second]];
      const cred = citizens[first]!;
      const client = portal();
      const b = new TestBrowser();
      const signedIn = await signInAt(b, () => A, client, cred);
      expect(signedIn.askedPassword).toBe(true);

      // the code from A, redeemed at B
      const tokens = await exchange(B, signedIn);
      expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);

      // who she is: the ID token B issued verifies with A's published keys, as the one issuer
      const { payload } = await jwtVerify(tokens.body.id_token!, createRemoteJWKSet(new URL(`${A}/jwks`)), { issuer: hubs.issuer, audience: client.id });
      expect(payload).toMatchObject({ name: cred.displayName, kind: "citizen", id_number: cred.idNumber });
      // (the hub's userinfo endpoint takes none of its tokens: they are all for the gateway, so
      // who she is comes from the ID token, and from introspection at the other hub below)

      // B's refresh token rotates at B, and the new one at A; each hub knows which are spent
      const refreshed = await refresh(B, client, tokens.body.refresh_token!);
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      const again = await refresh(A, client, refreshed.body.refresh_token!);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect((await introspect(B, client, again.body.refresh_token!)).body).toMatchObject({ active: true, sub: payload.sub, client_id: client.id });
      expect((await introspect(B, client, refreshed.body.refresh_token!)).body.active).toBe(false);
      expect((await introspect(A, client, tokens.body.refresh_token!)).body.active).toBe(false);
      // another client of the hub learns nothing of her token by introspecting it, at either hub
      const stranger: Client = { id: hubs.partner.clientId, redirect: "", secret: hubs.partner.clientSecret };
      for (const hub of [A, B]) expect((await introspect(hub, stranger, again.body.refresh_token!)).body).toEqual({ active: false });
      // nor can it revoke it: refused, and still hers
      expect((await asClient(stranger, `${B}/token/revocation`, { token: again.body.refresh_token! })).status).toBe(400);
      expect((await introspect(A, client, again.body.refresh_token!)).body.active).toBe(true);

      // the access token (issued by A after a refresh) reads her own record at either gateway, the same
      const bearer = { authorization: `Bearer ${again.body.access_token}` };
      const reads = await Promise.all([0, 1].map((g) => gql(gatewayUrl(g), SELF, { id: cred.idNumber }, bearer)));
      for (const r of reads) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(reads[0]!.data).toMatchObject({ person: { idNumber: cred.idNumber, name: cred.displayName } });
      expect(reads[1]!.data).toEqual(reads[0]!.data);

      // the session made at A lets B sign her in without a password; that code is good at A
      const silent = await signInAt(b, () => B, client);
      expect(silent.askedPassword).toBe(false);
      const viaSession = await exchange(A, silent);
      expect(viaSession.status, JSON.stringify(viaSession.body)).toBe(200);

      // a replay is caught at the other hub: the code again at B kills the grant's tokens at both
      // hubs and both gateways
      expect((await exchange(B, silent)).body.error).toBe("invalid_grant");
      expect((await refresh(A, client, viaSession.body.refresh_token!)).body.error).toBe("invalid_grant");
      for (const g of [0, 1]) {
        const r = await gql(gatewayUrl(g), SELF, { id: cred.idNumber }, { authorization: `Bearer ${viaSession.body.access_token}` });
        expect(r.status).toBe(401);
        expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
      }
    });
  }

  it("a spent refresh token presented at the other hub ends the grant there and here", async () => {
    const client = portal();
    const signedIn = await signInAt(new TestBrowser(), () => hubs.urls[0], client, citizens[2]!);
    const tokens = await exchange(hubs.urls[0], signedIn);
    const rotated = await refresh(hubs.urls[0], client, tokens.body.refresh_token!);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    // the old one again, at B: refused, and the grant with it, so A refuses the new one too
    expect((await refresh(hubs.urls[1], client, tokens.body.refresh_token!)).body.error).toBe("invalid_grant");
    expect((await refresh(hubs.urls[0], client, rotated.body.refresh_token!)).body.error).toBe("invalid_grant");
  });

  it("signs staff in with password and TOTP when every request goes to the other hub than the last", async () => {
    const cred = staff[0]!;
    const alternating = await signInAt(new TestBrowser(), (hop) => hubs.urls[hop % 2]!, cli, cred);
    expect(alternating.askedPassword).toBe(true);
    expect(alternating.askedCode).toBe(true);
    expect(new Set(alternating.served).size).toBe(2);
    const tokens = await exchange(hubs.urls[alternating.served.length % 2]!, alternating);
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    // her token works at either gateway: she reads a person of her city, with a purpose
    const local = demoData().people.find((p) => regionCovers(cred.region!, p.region))!;
    for (const g of [0, 1]) {
      const r = await gql(gatewayUrl(g), `query($id: IdNumber!) { person(idNumber: $id) { idNumber } }`, { id: local.idNumber }, { authorization: `Bearer ${tokens.body.access_token}`, ...purpose });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data).toEqual({ person: { idNumber: local.idNumber } });
    }
  });

  it("a session ended at one hub is ended at the other", async () => {
    const cred = citizens[3]!;
    const client = portal();
    const b = new TestBrowser();
    await signInAt(b, () => hubs.urls[0], client, cred);
    expect((await signInAt(b, () => hubs.urls[1], client)).askedPassword).toBe(false);
    // RP-initiated logout at B: its confirmation form, posted back to B
    const confirm = await b.go(`${hubs.urls[1]}/session/end?client_id=${client.id}`);
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(confirm.body)?.[1];
    expect(action, confirm.body.slice(0, 300)).toBeTruthy();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    await b.go(at(hubs.urls[1], new URL(action!.replace(/&amp;/g, "&"), confirm.url).href), { form: { xsrf, logout: "yes" } });
    const after = await signInAt(b, () => hubs.urls[0], client, cred);
    expect(after.askedPassword).toBe(true);
  });
});

// ---- a partner's rate over two gateways --------------------------------------------------------

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const PARTNER_READ = `query($id: IdNumber!) { person(idNumber: $id) { idNumber name region socialInsurance { enrolments { insurance status } } } }`;

describe("two gateways on one store", () => {
  it("count a partner key's rate over both: the refusal comes at the limit, whichever gateway is asked", async () => {
    const rate = 4;
    const issued = await gql<{ issueApiKey: { key: string; apiKey: { id: string } } }>(gatewayUrl(0), ISSUE, { input: { department: "省统计局", scopes: ["person:read", "insurance:read"], ratePerMinute: rate } }, as(admin));
    expect(issued.errors).toBeUndefined();
    const { key, apiKey } = issued.data!.issueApiKey;
    issuedKeys.push(apiKey.id);
    const person = citizens[4]!;
    const answers: { status: number; code?: unknown; retryAfter: string | null; data?: unknown }[] = [];
    for (let i = 0; i < rate + 2; i++) {
      const res = await fetch(gatewayUrl(i), { method: "POST", headers: { "content-type": "application/json", "x-api-key": key, ...purpose }, body: JSON.stringify({ query: PARTNER_READ, variables: { id: person.idNumber } }) });
      const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      answers.push({ status: res.status, code: body.errors?.[0]?.extensions?.code, retryAfter: res.headers.get("retry-after"), data: body.data });
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429, 429]);
    for (const refused of answers.slice(rate)) {
      expect(refused.code).toBe("RATE_LIMITED");
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    // what it was given is the same from either gateway (masked: the key has no pii:read)
    expect(answers[1]!.data).toEqual(answers[0]!.data);
    expect((answers[0]!.data as { person: { name: string } }).person.name).not.toBe(person.displayName);

    // revoked at one gateway, refused at the other at once
    expect((await gql(gatewayUrl(1), REVOKE, { id: apiKey.id }, as(admin))).errors).toBeUndefined();
    const afterRevoke = await gql(gatewayUrl(0), PARTNER_READ, { id: person.idNumber }, { "x-api-key": key, ...purpose });
    expect(afterRevoke.status).toBe(401);
    expect(codes(afterRevoke)).toEqual(["UNAUTHENTICATED"]);
  });

  it("answer a person query the same, for a clerk with a purpose", async () => {
    const people = peoplePicker();
    for (let i = 0; i < 3; i++) {
      const p = people("EMPLOYED");
      const [one, two] = await Promise.all([0, 1].map((g) => gql(gatewayUrl(g), SELF, { id: p.idNumber }, { ...as(windowClerk), ...purpose })));
      expect(one!.errors, JSON.stringify(one!.errors)).toBeUndefined();
      expect(two!.errors, JSON.stringify(two!.errors)).toBeUndefined();
      expect(one!.data).toMatchObject({ person: { idNumber: p.idNumber, name: p.name } });
      expect(two!.data).toEqual(one!.data);
    }
  });
});

// ---- bundles through two gateways and two engines ------------------------------------------------

interface AppView { id: string; status: string; steps: { id: string; status: string; caseNumber: string | null }[] }
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status } }`;
const APPLICATION = `query($id: ID!) { application(id: $id) { id status steps { id status caseNumber } } }`;
const FIGURES = `query($from: Date!, $to: Date!) { contactPointStats(from: $from, to: $to) { applications bundlesCompleted } itemPerformance(from: $from, to: $to) { handled } }`;
const supervisor: Principal = { kind: "staff", subject: "test-supervisor", roles: ["supervisor"], agency: "conduct-office", region: "省本级" };

describe("two one-thing engines behind two gateways", () => {
  it("carry every bundle submitted through either gateway to completion, with one case per step at the agencies", { timeout: 90_000 }, async () => {
    const pick = peoplePicker();
    const run = randomUUID().slice(0, 8);
    const materials = bundleMaterialSet(1)!.materials.map((m) => m.id);
    const inputs = Array.from({ length: 6 }, (_, i) => {
      const p = pick("UNEMPLOYED", (x) => x.drawsUnemploymentBenefit);
      return { scenario: 1, idNumber: p.idNumber, creditCode: employerAt(i + 3).creditCode, materials, facts: ["DRAWS_UNEMPLOYMENT_BENEFIT"], idempotencyKey: `mi-${run}-${i}` };
    });
    const asClerk = { ...as(windowClerk), ...purpose };
    // submitted at the same moment, alternately through each gateway
    const submitted = await Promise.all(inputs.map(async (input, i) => {
      const r = await gql<{ submitApplication: { id: string; status: string } }>(gatewayUrl(i), SUBMIT, { input }, asClerk);
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.submitApplication.id;
    }));
    expect(new Set(submitted).size).toBe(inputs.length);
    // the same submission again, through the other gateway: the same application, not a second one
    const repeat = await gql<{ submitApplication: { id: string } }>(gatewayUrl(1), SUBMIT, { input: inputs[0] }, asClerk);
    expect(repeat.data?.submitApplication.id).toBe(submitted[0]);

    // each one followed through the gateway it was not submitted through
    const finished: AppView[] = [];
    for (const [i, id] of submitted.entries()) {
      let app: AppView | undefined;
      await expect.poll(async () => {
        app = (await gql<{ application: AppView }>(gatewayUrl(i + 1), APPLICATION, { id }, asClerk)).data?.application;
        return app?.status;
      }, { timeout: 60_000, interval: 200 }).not.toBe("IN_PROGRESS");
      finished.push(app!);
    }
    for (const app of finished) {
      expect(app.status, JSON.stringify(app.steps)).toBe("COMPLETED");
      expect(app.steps.filter((s) => !["DONE", "SKIPPED"].includes(s.status))).toEqual([]);
      const done = app.steps.filter((s) => s.status === "DONE");
      expect(done.length).toBeGreaterThan(0);
      const performed = callsOf(recording, app.id).filter((c) => c.outcome === "PERFORMED");
      // exactly one case per step at its agency, and it is the case the application shows
      expect(performed.map((c) => c.stepId).sort()).toEqual(done.map((s) => s.id).sort());
      for (const s of done) expect(s.caseNumber, s.id).toBe(recording.records.get(`${app.id}.${s.id}`)?.caseNumber);
    }

    // the department's figures count each application, each completion and each step once
    const stepsDone = finished.reduce((n, a) => n + a.steps.filter((s) => s.status === "DONE").length, 0);
    const day = chinaDate(new Date());
    const figures = async (g: number) => {
      const r = await gql<{ contactPointStats: { applications: number; bundlesCompleted: number }[]; itemPerformance: { handled: number }[] }>(gatewayUrl(g), FIGURES, { from: day, to: day }, as(supervisor));
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      const sum = <T>(rows: T[], f: (t: T) => number) => rows.reduce((n, x) => n + f(x), 0);
      return { applications: sum(r.data!.contactPointStats, (x) => x.applications), completed: sum(r.data!.contactPointStats, (x) => x.bundlesCompleted), steps: sum(r.data!.itemPerformance, (x) => x.handled) };
    };
    await expect.poll(async () => (await figures(0)).completed, { timeout: 10_000 }).toBeGreaterThanOrEqual(inputs.length);
    for (const g of [0, 1]) expect(await figures(g)).toEqual({ applications: inputs.length, completed: inputs.length, steps: stepsDone });
  });
});
