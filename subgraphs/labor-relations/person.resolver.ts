import DataLoader from "dataloader";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { badInput } from "../../lib/errors";
import type { Store } from "../../lib/store";
import { perRequest, type SubgraphContext } from "../../lib/subgraph";
import { decodeCursor, encodeCursor, FilingStatus, type LaborFilingRecord, type LaborRelationsAdapter } from "./adapter";
import { Employer, LaborFiling, LaborFilingConnection, Person } from "./person.type";

export interface LaborRelationsDeps {
  adapter: LaborRelationsAdapter;
  store: Store;
}

export function toFiling(r: LaborFilingRecord): LaborFiling {
  return {
    filingNumber: r.filingNumber, employer: { creditCode: r.employerCreditCode }, person: { idNumber: r.idNumber },
    contractType: r.contractType, startDate: r.startDate, endDate: r.endDate, status: r.status, filedAt: r.filedAt, terminatedOn: r.terminatedOn,
  };
}

/** Every person asked about in one request goes to the system in one lookup call. */
export function filingsLoader(ctx: SubgraphContext, adapter: LaborRelationsAdapter): DataLoader<string, LaborFilingRecord[]> {
  return perRequest(ctx, "labor-relations:filings", () => new DataLoader((ids: readonly string[]) => adapter.filingsOf(ids), { maxBatchSize: 500 }));
}

@Resolver(() => Person)
export class PersonResolver {
  constructor(private readonly deps: LaborRelationsDeps) {}

  @FieldResolver(() => [LaborFiling], { nullable: true, description: "劳动用工备案 labour filings of the person's contracts, 新的在前" })
  async laborFilings(@Root() person: Person, @Ctx() ctx: SubgraphContext): Promise<LaborFiling[]> {
    const records = await filingsLoader(ctx, this.deps.adapter).load(person.idNumber);
    return [...records].sort((a, b) => b.filedAt.getTime() - a.filedAt.getTime()).map(toFiling);
  }
}

const MAX_FIRST = 100;

@Resolver(() => Employer)
export class EmployerResolver {
  constructor(private readonly deps: LaborRelationsDeps) {}

  @FieldResolver(() => LaborFilingConnection, { nullable: true, description: "本单位的劳动用工备案 the employer's filings, 新的在前, 分页" })
  async filings(
    @Root() employer: Employer,
    @Arg("first", () => Int, { defaultValue: 20, description: "每页条数 page size" }) first: number,
    @Arg("after", () => String, { nullable: true, description: "游标 cursor: 上一页 pageInfo.endCursor, 从其后取" }) after?: string | null,
    @Arg("status", () => FilingStatus, { nullable: true, description: "只列此状态的备案 only filings in this status" }) status?: FilingStatus | null,
  ): Promise<LaborFilingConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw badInput(`first must be between 1 and ${MAX_FIRST}`);
    const offset = after ? decodeCursor(after) + 1 : 0;
    // The system pages by page number: read the page holding `offset` and, when the window
    // straddles two pages, the next one too.
    const page = Math.floor(offset / first) + 1;
    const a = await this.deps.adapter.employerPage(employer.creditCode, page, first, status ?? undefined);
    let items = a.items;
    if (offset % first !== 0 && page * first < a.total) {
      items = items.concat((await this.deps.adapter.employerPage(employer.creditCode, page + 1, first, status ?? undefined)).items);
    }
    const window = items.slice(offset % first, (offset % first) + first);
    const edges = window.map((r, i) => ({ cursor: encodeCursor(offset + i), node: toFiling(r) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      totalCount: a.total,
      pageInfo: { hasNextPage: offset + edges.length < a.total, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}
