import { startGateway, type RunningGateway } from "../../gateway";
import { asClerk, purpose } from "./principals";
import type { LegacyStandIn } from "../../lib/legacy-server";
import type { RunningSubgraph } from "../../lib/subgraph";
import { startCard, startCardLegacy } from "../../subgraphs/card";
import { startSocialInsurance, startSocialInsuranceLegacy } from "../../subgraphs/social-insurance";
import { gql } from "./graphql";
import { sharedTestStore } from "./store";

/**
 * The social-insurance and card subgraphs, each over its stand-in, behind a gateway, on a real
 * Redis: what the integration tests of these two systems run against. Stand-ins can be stopped and
 * started again on the same port, with fresh seed data.
 */
export class SiCardHarness {
  store = sharedTestStore();
  siLegacy!: LegacyStandIn;
  cardLegacy!: LegacyStandIn;
  si!: RunningSubgraph;
  card!: RunningSubgraph;
  gateway!: RunningGateway;

  constructor(private readonly cardOpts: { productionMs?: number; batchProductionMs?: number; instantRegions?: string[] } = {}) {}

  async start(): Promise<this> {
    this.siLegacy = await startSocialInsuranceLegacy({ port: 0 });
    this.cardLegacy = await startCardLegacy({ port: 0, ...this.cardOpts });
    this.si = await startSocialInsurance({ store: this.store, port: 0, legacyUrl: this.siLegacy.url });
    this.card = await startCard({ store: this.store, port: 0, legacyUrl: this.cardLegacy.url });
    this.gateway = await startGateway({
      port: 0,
      authenticate: asClerk,
      subgraphs: [
        { name: "social-insurance", url: `${this.si.url}/graphql` },
        { name: "card", url: `${this.card.url}/graphql` },
      ],
    });
    return this;
  }

  get url() {
    return `${this.gateway.url}/graphql`;
  }

  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) {
    return gql<T>(this.url, query, variables, purpose);
  }

  resetStats() {
    this.siLegacy.resetStats();
    this.cardLegacy.resetStats();
    this.si.stats.requests = 0;
    this.card.stats.requests = 0;
  }

  /** Runs `during` with the stand-in stopped, then starts it again on the same port. */
  async withStopped(which: "siLegacy" | "cardLegacy", during: () => Promise<void>) {
    const port = this[which].port;
    await this[which].close();
    try {
      await during();
    } finally {
      this[which] = which === "siLegacy"
        ? await startSocialInsuranceLegacy({ port })
        : await startCardLegacy({ port, ...this.cardOpts });
    }
  }

  /** Removes the receipts this run stored under keys matching the glob (test keys are unique per run). */
  async forget(pattern: string) {
    const keys = await this.store.keys(pattern);
    if (keys.length) await this.store.del(...keys);
  }

  async close() {
    await this.gateway?.close();
    await this.si?.close();
    await this.card?.close();
    await this.siLegacy?.close();
    await this.cardLegacy?.close();
    await this.store.close();
  }
}
