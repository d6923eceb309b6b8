import DataLoader from "dataloader";
import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Store } from "../../lib/store";
import { perRequest, type SubgraphContext } from "../../lib/subgraph";
import type { CardAdapter, CardView } from "./adapter";
import { CardPerson, SocialSecurityCard } from "./card.type";

export interface CardDeps {
  store: Store;
  adapter: CardAdapter;
}

/** The system caps one query at this many people. */
const MAX_BATCH = 500;

/** An outage as an Error per key, which DataLoader keeps for the request (a rejected batch it would retry). */
async function settled<T>(call: Promise<T>): Promise<T | Error> {
  try {
    return await call;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Cards by ID number: one card-system call per request however many people are asked. */
export function cardLoader(ctx: SubgraphContext, adapter: CardAdapter): DataLoader<string, CardView | null> {
  return perRequest(ctx, "card:card", () => new DataLoader<string, CardView | null>(async (ids) => {
    const found = await settled(adapter.cards(ids));
    return found instanceof Error ? ids.map(() => found) : ids.map((id) => found.get(id) ?? null);
  }, { maxBatchSize: MAX_BATCH }));
}

@Resolver(() => CardPerson)
export class CardResolver {
  constructor(private readonly deps: CardDeps) {}

  @FieldResolver(() => SocialSecurityCard, { nullable: true, description: "社会保障卡 social security card: Null when the card system has no record of the person" })
  async socialSecurityCard(@Root() p: CardPerson, @Ctx() ctx: SubgraphContext): Promise<SocialSecurityCard | null> {
    const card = await cardLoader(ctx, this.deps.adapter).load(p.idNumber);
    if (!card) return null;
    return { number: card.number, status: card.phase, bank: card.bank, region: card.region, issuedAt: card.issuedAt, readyAt: card.readyAt };
  }

  @Query(() => [String], { description: "即时制卡地区 instant-issue regions: Regions whose service halls issue cards on the spot (立等可取) for single applications" })
  cardInstantIssueRegions(): Promise<string[]> {
    return this.deps.adapter.instantRegions();
  }
}
