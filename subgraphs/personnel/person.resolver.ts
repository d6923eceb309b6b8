import DataLoader from "dataloader";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Store } from "../../lib/store";
import { perRequest, type SubgraphContext } from "../../lib/subgraph";
import type { ArchiveRecord, HiringFilingRecord, PersonnelAdapter } from "./adapter";
import { Employer, HiringFiling, Person, PersonnelArchive } from "./person.type";

export interface PersonnelDeps {
  adapter: PersonnelAdapter;
  store: Store;
}

/** Every person asked about in one request goes to the system in one archive query. */
export function archiveLoader(ctx: SubgraphContext, adapter: PersonnelAdapter): DataLoader<string, ArchiveRecord | null> {
  return perRequest(ctx, "personnel:archives", () => new DataLoader((ids: readonly string[]) => adapter.archives(ids), { maxBatchSize: 500 }));
}

function hiringLoader(ctx: SubgraphContext, adapter: PersonnelAdapter): DataLoader<string, HiringFilingRecord[]> {
  return perRequest(ctx, "personnel:hiring", () => new DataLoader((codes: readonly string[]) => adapter.hiringFilings(codes), { maxBatchSize: 500 }));
}

@Resolver(() => Person)
export class PersonResolver {
  constructor(private readonly deps: PersonnelDeps) {}

  @FieldResolver(() => PersonnelArchive, { nullable: true, description: "人事档案 personnel archive: The person's personnel archive; null when the personnel system keeps none" })
  async archive(@Root() person: Person, @Ctx() ctx: SubgraphContext): Promise<PersonnelArchive | null> {
    const a = await archiveLoader(ctx, this.deps.adapter).load(person.idNumber);
    return a && { keeper: a.keeper, region: a.region, receivedOn: a.receivedOn, partyMember: a.partyMember, partyOrganization: a.partyOrganization };
  }
}

@Resolver(() => Employer)
export class EmployerResolver {
  constructor(private readonly deps: PersonnelDeps) {}

  @FieldResolver(() => [HiringFiling], { nullable: true, description: "事业单位拟聘用人员备案 hiring filings: Hiring filings of a public institution (事业单位); empty for enterprises" })
  async hiringFilings(@Root() employer: Employer, @Ctx() ctx: SubgraphContext): Promise<HiringFiling[]> {
    const filings = await hiringLoader(ctx, this.deps.adapter).load(employer.creditCode);
    return filings.map((f) => ({ filingNumber: f.filingNumber, person: { idNumber: f.idNumber }, position: f.position, hireDate: f.hireDate, filedAt: f.filedAt }));
  }
}
