import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../gateway";
import type { RunningSubgraph } from "../../lib/subgraph";
import { demoPortals } from "../../auth/clients";
import { startPortal, type RunningPortal } from "../../auth/portals";
import { scenarioGuide, scenarioGuides, serviceGuide, serviceGuides } from "../../schema/catalogue/guides";
import { startCatalogue } from "../../subgraphs/catalogue";
import { sharedTestStore } from "../support/store";

/**
 * The 网上服务大厅's public service guides over HTTP: the real portal, reading the real gateway in
 * front of the real catalogue, with no one signed in.
 */
const prefix = `kb:test:guides:${randomUUID()}`;
const store = sharedTestStore();
let catalogue: RunningSubgraph;
let gateway: RunningGateway | undefined;
let hall: RunningPortal;
let employment: RunningPortal;

beforeAll(async () => {
  catalogue = await startCatalogue({ port: 0, store, calendarPrefix: prefix });
  gateway = await startGateway({ port: 0, subgraphs: [{ name: "catalogue", url: `${catalogue.url}/graphql` }] });
  const [hallReg, employmentReg] = demoPortals();
  // the hub is never asked: guides need no sign-in
  const common = { store, issuer: "http://127.0.0.1:1", port: 0, gatewayUrl: `${gateway!.url}/graphql`, prefix };
  hall = await startPortal({ ...common, registration: hallReg! });
  employment = await startPortal({ ...common, registration: employmentReg! });
});
afterAll(async () => {
  await hall?.close();
  await employment?.close();
  await gateway?.close();
  await catalogue?.close();
  const keys = await store.keys(`${prefix}:*`);
  if (keys.length) await store.del(...keys);
  await store.close();
});

const get = async (path: string, base = hall.url) => {
  const res = await fetch(`${base}${path}`, { redirect: "manual" });
  return { status: res.status, headers: res.headers, body: await res.text() };
};
/** Text as the page shows it (the pages escape quotes and the like). */
const shown = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function selfContained(page: { headers: Headers; body: string }) {
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(page.body).toMatch(/^<!doctype html><html lang="zh-CN">/);
  expect(page.body).toMatch(/@media print\{[^]*@page\{size:A4/); // the print stylesheet
  expect(page.body).not.toMatch(/<script|<link|<img|\bsrc=|url\(/i); // nothing loaded from anywhere
  expect(page.body.match(/href="(https?:)?\/\/[^"]*"/g) ?? []).toEqual([]);
  expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
  expect(page.headers.get("set-cookie")).toBeNull(); // no session for a public page
  for (const tag of ["<header>", "<nav class=\"crumbs\" aria-label=\"当前位置\">", "<main>", "<footer>"]) expect(page.body).toContain(tag);
}

describe("service guide pages", () => {
  it("lists every bundle and every item", async () => {
    const page = await get("/guides");
    expect(page.status).toBe(200);
    selfContained(page);
    for (const s of scenarioGuides()) expect(page.body).toContain(`<a href="/guides/scenario/${s.seq}">${shown(s.name)}</a>`);
    for (const g of serviceGuides()) expect(page.body).toContain(`<a href="/guides/${g.code}">${g.code} ${shown(g.name)}</a>`);
  });

  it("prints an item's guide with every section, as the catalogue gives it (工伤认定)", async () => {
    const page = await get("/guides/1.7.4");
    expect(page.status).toBe(200);
    selfContained(page);
    const g = serviceGuide("1.7.4")!;
    expect(page.body).toContain(`<h1>${g.name}</h1>`);
    for (const id of ["basics", "conditions", "materials", "channels", "time", "delivery", "feedback", "supervision", "basis"]) {
      expect(page.body).toContain(`<section id="${id}" aria-labelledby="${id}-h">`);
    }
    for (const c of g.conditions) expect(page.body).toContain(shown(c));
    for (const m of g.materials) expect(page.body).toContain(`<tr data-material="${m.id}">`);
    for (const limit of [g.timeLimits.statutory!, g.timeLimits.accelerated!]) {
      for (const r of limit.rules) expect(page.body).toContain(`<td>${shown(r.condition ?? "一般情形")}</td><td>${r.words}</td>`);
      expect(page.body).toContain(shown(limit.text));
    }
    for (const d of g.delivery) expect(page.body).toContain(shown(d));
    expect(page.body).toContain('<a href="tel:12333">12333</a>');
  });

  it("prints a bundle's guide: its items in their flow and its one set of materials, commitments marked (企业招用工)", async () => {
    const page = await get("/guides/scenario/1");
    expect(page.status).toBe(200);
    selfContained(page);
    const g = scenarioGuide(1)!;
    for (const it of g.items) expect(page.body).toContain(`<tr data-item="${it.code}">`);
    expect(page.body.match(/<tr data-material="/g)).toHaveLength(g.materials.length);
    for (const m of g.materials) {
      const row = new RegExp(`<tr data-material="${m.id}">.*?</tr>`).exec(page.body)![0];
      expect(row.includes("可告知承诺代替")).toBe(m.commitment);
    }
    expect(page.body).toContain(`一次提交${g.materialsAsked}项材料；逐项办理需提交${g.materialsSumOverItems}项，精减${g.materialsCut}项。`);
    for (const r of g.remarks) expect(page.body).toContain(shown(r));
  });

  it("answers 404 for a code or bundle that does not exist, and nothing on the other portal", async () => {
    for (const path of ["/guides/9.9.9", "/guides/scenario/11", "/guides/not-a-code", "/guides/scenario/x"]) {
      const page = await get(path);
      expect(page.status, path).toBe(404);
      expect(page.body).toContain("未找到该办事指南");
    }
    expect((await get("/guides/1.7.4", employment.url)).status).not.toBe(200);
  });

  it("says so (503) when the gateway cannot be reached, while a guide shown recently is still served", async () => {
    const running = gateway!;
    gateway = undefined;
    await running.close();
    const page = await get("/guides/2.4.2");
    expect(page.status).toBe(503);
    expect(page.body).toContain("UPSTREAM_UNAVAILABLE");
    expect((await get("/guides/1.7.4")).status).toBe(200); // asked a moment ago: kept for GUIDES_CACHE_MS
  });
});
